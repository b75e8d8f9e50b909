"""Every API resource, present and future, refuses a request without credentials."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Open by design: the schema and its docs, signing in, and the published indicator
# values (stability: the public reads them without an account).
OPEN = ("api/v1/schema/", "api/v1/docs/", "api/v1/auth/token/", "api/v1/public/")


def _api_paths():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    for route in walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or route.startswith(OPEN):
            continue
        # Fill path parameters with a plausible value; drop format-suffix variants.
        if "(?P<format>" in route or r"\.(?P" in route:
            continue
        path = re.sub(r"\(\?P<\w+>[^)]*\)", str(uuid.uuid4()), route)
        path = re.sub(r"<(?:\w+:)?\w+>", str(uuid.uuid4()), path)
        yield "/" + path.replace("\\", "")


API_PATHS = sorted(set(_api_paths()))


def test_there_are_api_paths_to_check():
    assert "/api/v1/mandates/" in API_PATHS
    assert "/api/v1/audit/" in API_PATHS


@pytest.mark.parametrize("path", API_PATHS)
def test_anonymous_requests_are_refused(client, path):
    for method in ("get", "post", "patch", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code in (401, 405), (method, path, response.status_code)
        if response.status_code == 401:
            assert response.json()["detail"]
