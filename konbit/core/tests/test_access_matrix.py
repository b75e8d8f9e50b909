"""The access matrix, generated: every route of the site (found in the URL resolver,
never listed here) x every member of the cast x every action the route offers, the
expected answer computed from the entities' policies and checked against the live
answer. A refused write changes neither the record nor the audit trail.

A route declares which policy decision it stands for: a RecordViewSet through its
``policy`` (and ``action_access`` for extra actions), any other view through
``core.policies.guarded``. A route that declares nothing fails this test, so a new
part is covered as soon as it registers its policies, its routes and a sample of each
of its records (``SAMPLES`` in its ``tests/factories.py``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.core.parts import konbit_apps
from konbit.core.policies import IMPORTER, OPEN, SIGNED_IN, policy_for

# DRF's actions and the policy decision each stands for.
VIEWSET_ACTIONS = {
    "list": "list",
    "retrieve": "detail",
    "create": "create",
    "partial_update": "change",
    "destroy": "delete",
}
DENIED, ALLOWED, NOT_FOUND, FORBIDDEN = "denied", "allowed", 404, 403


@dataclass
class Cell:
    route: str
    method: str
    model: Any  # a model, or OPEN / SIGNED_IN / IMPORTER
    action: str
    target: type[models.Model] | None
    api: bool
    kwargs: dict[str, Any]


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _declared(callback: Any) -> Any:
    for holder in (callback, getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        found = getattr(holder, "konbit_access", None)
        if found is not None:
            return found
    return None


def cells() -> tuple[list[Cell], list[str]]:
    """Every (route, method) and its declared decision; the routes that declare none."""
    found, undeclared = [], []
    for route, pattern in _walk(get_resolver().url_patterns):
        if "(?P<format>" in route:
            continue  # DRF's ".json" twin of a route listed on its own
        callback = pattern.callback
        viewset = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None)
        kwargs = dict(pattern.default_args)
        api = route.startswith("api/")
        if actions and getattr(viewset, "policy", None) is not None:
            allowed_methods = set(viewset.http_method_names)
            for method, name in actions.items():
                if method not in allowed_methods or method == "put":
                    continue
                action = VIEWSET_ACTIONS.get(name) or getattr(viewset, "action_access", {}).get(
                    name
                )
                if action is None:
                    undeclared.append(f"{route} {method} ({viewset.__name__}.{name})")
                    continue
                model = viewset.policy.model
                found.append(Cell(route, method.upper(), model, action, None, api, kwargs))
            continue
        declared = _declared(callback)
        if declared is None:
            undeclared.append(f"{route} ({getattr(callback, '__name__', callback)})")
            continue
        model, action, target = declared
        found.append(Cell(route, "GET", model, action, target, api, kwargs))
    return found, undeclared


def _samples(contingents: dict[str, Any]) -> dict[type, Any]:
    makers: dict[type, Any] = {}
    for config in konbit_apps():
        try:
            module = importlib.import_module(f"{config.name}.tests.factories")
        except ModuleNotFoundError:
            continue
        makers.update(getattr(module, "SAMPLES", {}))
    return makers


def _names_a_record(route: str) -> bool:
    return any(key in route for key in ("pk>", "id>", "pcode>"))


def _url(cell: Cell, sample: Any, importer_kind: str | None) -> str:
    values = {
        "pk": sample,
        "id": sample,
        "pcode": sample,
        "fmt": "csv",
        "kind": importer_kind,
        # A public reference code (oversight's follow-up): one that exists nowhere.
        "code": "CRM-2222-2222",
    }
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), cell.route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    return "/" + route.replace("^", "").replace("$", "").replace("/?", "/")


def _expected(cell: Cell, user: Any, sample: Any, importer: Any) -> Any:
    """What ``user`` must get, from the policies alone."""
    if cell.model in (OPEN, SIGNED_IN):
        return ALLOWED
    if cell.model == IMPORTER:
        # The example file exists only in the formats the importer offers (``_url``
        # asks for csv); an importer may offer none (ACLED's files come from ACLED).
        offered = "fmt>" not in cell.route or "csv" in importer.example_formats
        return ALLOWED if importer.may_import(user) and offered else NOT_FOUND
    policy = policy_for(cell.model)
    action = cell.action
    if action in {"list", "detail", "create", "change", "delete"} and not policy.part_visible(user):
        return NOT_FOUND
    if action == "list":
        return ALLOWED
    if cell.target is not None:
        # The URL names a record of another kind (the contingent of a roster export,
        # an import run, the seizure an item is added to): the action on that record,
        # handed to the policy under its model's name (contingent=, seizure=...),
        # refused as if it did not exist.
        ctx = {cell.target._meta.model_name: sample}
        visible = policy_for(cell.target).visible(user).filter(pk=sample.pk).exists()
        return ALLOWED if visible and policy.allows(user, action, **ctx) else DENIED
    if action == "create":
        return ALLOWED if policy.can_create(user) else FORBIDDEN
    if action in {"aggregate", "import"} or sample is None:
        # A decision on no record: an aggregate, an import, a part's work list.
        return ALLOWED if policy.allows(user, action) else DENIED
    if not policy.visible(user).filter(pk=sample.pk).exists():
        return NOT_FOUND
    if action == "detail":
        return ALLOWED
    return ALLOWED if policy.allows(user, action, sample) else FORBIDDEN


def _state(model: Any, sample: Any) -> Any:
    row = model._default_manager.filter(pk=sample.pk).values().first() if sample else None
    return row, AuditEntry.objects.count()


def _check(cell: Cell, who: str, expected: Any, status: int) -> str | None:
    if status >= 500:
        return f"{cell.method} {cell.route} as {who}: {status}"
    if who == "anonymous":
        if cell.model == OPEN:
            return None
        wanted = {401} if cell.api else {302}
        return None if status in wanted else f"{cell.method} {cell.route} anonymous: {status}"
    if cell.model == OPEN:
        return None
    if expected == ALLOWED and status in (403, 404):
        return f"{cell.method} {cell.route} as {who}: {status}, expected allowed"
    if expected == DENIED and status not in (403, 404):
        return f"{cell.method} {cell.route} as {who}: {status}, expected refused (LEAK)"
    if expected in (403, 404) and status != expected:
        return f"{cell.method} {cell.route} as {who}: {status}, expected {expected}"
    return None


def test_every_route_declares_its_policy() -> None:
    _found, undeclared = cells()
    assert not undeclared, "Routes without a declared policy decision:\n" + "\n".join(undeclared)


@pytest.mark.django_db
def test_access_matrix(cast: dict[str, Any], contingents: dict[str, Any], api_as, client_as):
    from konbit.core.imports import pipeline

    found, _undeclared = cells()
    makers = _samples(contingents)
    missing = sorted(
        {
            c.target or c.model
            for c in found
            if isinstance(c.target or c.model, type) and _names_a_record(c.route)
        }
        - set(makers),
        key=str,
    )
    assert not missing, f"No sample record (tests/factories.py SAMPLES) for: {missing}"
    samples: dict[type, Any] = {}
    importers = pipeline.importers()
    problems: list[str] = []
    checked = 0
    for who in CAST:
        user = cast[who]
        api, browser = api_as(user), client_as(user)
        for cell in found:
            model = cell.target or cell.model
            sample = None
            if isinstance(model, type) and _names_a_record(cell.route):
                if model not in samples:
                    samples[model] = makers[model](contingents)
                sample = samples[model]
            kinds = [cell.kwargs.get("kind")] if cell.kwargs.get("kind") else list(importers)
            for kind in kinds if cell.model == IMPORTER or "kind>" in cell.route else [None]:
                url = _url(cell, sample.pk if sample is not None else None, kind)
                importer = importers.get(kind) if kind else None
                expected = None if user is None else _expected(cell, user, sample, importer)
                before = _state(model, sample) if isinstance(model, type) else None
                # Open routes (sign-out among them) get a client of their own.
                client = (
                    (api_as(user) if cell.api else client_as(user))
                    if cell.model == OPEN
                    else (api if cell.api else browser)
                )
                call = getattr(client, cell.method.lower())
                response = call(url, {}, format="json") if cell.api else call(url)
                wrote = cell.method != "GET"
                if response.status_code == 405 and cell.method == "GET" and not cell.api:
                    response, wrote = client.post(url, {}), True
                problem = _check(cell, who, expected, response.status_code)
                if problem:
                    problems.append(problem)
                refused = user is None or expected in (DENIED, NOT_FOUND, FORBIDDEN)
                if refused and before is not None and wrote and _state(model, sample) != before:
                    problems.append(f"{cell.method} {url} as {who}: refused but changed")
                checked += 1
    assert checked > 100
    assert not problems, "\n".join(problems)
