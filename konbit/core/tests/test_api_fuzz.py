"""A schema-driven fuzz run of the API (issue 10, item 3): requests that Schemathesis
derives from Konbit's own OpenAPI schema, valid and not, sent in-process as an HQ
officer with a token and as an anonymous caller; none may answer with a server
error, and every error under /api/ is JSON.

Bounded: a few examples per operation, so the run takes about a minute. It runs in
CI (``CI=true``) or with ``KONBIT_FUZZ=1``, and says so when skipped.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from konbit.accounts.services import token_issue
from konbit.wsgi import application

RUN = bool(os.environ.get("CI") or os.environ.get("KONBIT_FUZZ"))
EXAMPLES = int(os.environ.get("KONBIT_FUZZ_EXAMPLES", "8"))

pytestmark = pytest.mark.skipif(
    not RUN, reason="the API fuzz run goes in CI, or with KONBIT_FUZZ=1"
)


@pytest.fixture
def hq_token(cast: dict[str, Any]) -> str:
    return token_issue(user=cast["hq_staff"], name="fuzz")


@pytest.fixture
def keep_test_connection() -> Any:
    """Requests sent straight to the WSGI application start and end with Django's
    ``close_old_connections``, which closes a connection inside a transaction: the
    test's own, on PostgreSQL. Django's test client lifts that hook around its requests; the
    fuzz run's transport does not, so this test lifts it for its whole run."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _content_type(response: Any) -> str:
    for name, value in response.headers.items():
        if name.lower() == "content-type":
            return str(value[0] if isinstance(value, list) else value)
    return ""


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_error_and_json_errors(
    db: Any, hq_token: str, keep_test_connection: Any, mode: GenerationMode
) -> None:
    """Every operation of the schema, valid inputs and then invalid ones."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for headers in ({"Authorization": f"Token {hq_token}"}, {}):
                response = case.call(headers=headers)
                status = response.status_code
                if status >= 500 or (
                    status >= 400 and not _content_type(response).startswith("application/json")
                ):
                    failures.append(f"{status} {_content_type(response)}: {case.as_curl_command()}")
                    return

        try:
            run()
        except Unsatisfiable:
            # An operation with nothing to make invalid (no parameter, no body).
            assert mode is GenerationMode.NEGATIVE
    assert operations > 20
    assert failures == [], "\n".join(sorted(set(failures))[:40])
