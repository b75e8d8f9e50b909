"""Every read of a sensitive record is in the audit trail: a walk over every route.

The routes come from the URL resolver (as the generated access matrix finds them),
the sensitive records from the registered policies (every policy whose reads are
audited, ``Policy.audit_reads``), their samples from the parts' ``SAMPLES``: a part
added tomorrow is walked without editing this test.

Each sample of an audited kind is given values no other record has (a marker in each
of its free-text fields; for a policy that audits only some fields, in those fields
only). Then every GET route (API and pages, lists, lists searched for the marker,
details, edit forms, exports) is opened by every member of the cast; wherever an
answer carries a record's marker (its id, or a marked field), the audit trail must
name that user's read of that record, as ``GET /api/v1/audit/?target=<id>`` answers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import IntegrityError, models, transaction
from django.db.models import Count

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditAction, AuditEntry
from konbit.core.policies import IMPORTER, OPEN, RESTRICTED_AUDIT_DOMAINS, all_policies
from konbit.core.tests.test_access_matrix import _names_a_record, _samples, _url, cells

# Query strings that make a list search, filter or page: each list is also opened with
# each of these (a search for the marker finds the record through the search path).
SEARCHES = ("q", "search")


@dataclass
class Marked:
    policy: Any
    record: Any
    markers: list[str]
    whole: bool  # any read of it is audited (else only reads of the marked fields)

    @property
    def key(self) -> str:
        return str(self.record.pk)


def _text_fields(model: type[models.Model], only: frozenset[str] | None) -> list[models.Field]:
    found = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if not field.editable or field.primary_key or (only is not None and field.name not in only):
            continue
        if isinstance(field, models.CharField) and (field.max_length or 0) < 12:
            continue
        found.append(field)
    return found


def _mark(policy: Any, record: Any) -> Marked:
    """Give ``record`` a marker in each free-text field it is read by."""
    markers = []
    for field in _text_fields(policy.model, policy.audited_fields):
        marker = "Zq" + secrets.token_hex(5)
        try:
            with transaction.atomic():
                policy.model._default_manager.filter(pk=record.pk).update(**{field.name: marker})
        except IntegrityError:
            continue  # a field the record's rules keep empty (a placement before graduation)
        markers.append(marker)
    whole = policy.audited_fields is None
    if whole:
        markers.append(str(record.pk))
    return Marked(policy, record, markers, whole)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _reads(api: Any, record_id: str, username: str) -> int:
    """How many reads of the record by ``username`` the audit API lists."""
    response = api.get("/api/v1/audit/", {"target": record_id, "action": "read", "actor": username})
    assert response.status_code == 200, response.content[:300]
    return int(response.json()["count"])


def _counts(username: str) -> dict[str, int]:
    """The reads by ``username`` the trail holds now, by record (one query)."""
    rows = (
        AuditEntry.objects.filter(action=AuditAction.READ, actor_username=username)
        .values("target_id")
        .annotate(n=Count("id"))
    )
    return {row["target_id"]: row["n"] for row in rows}


@pytest.mark.django_db
def test_every_read_of_a_sensitive_record_is_audited(
    cast: dict[str, Any], contingents: dict[str, Any], api_as: Any, client_as: Any
) -> None:
    audited = [p for p in all_policies() if p.audit_reads]
    assert audited, "no policy audits its reads"
    makers = _samples(contingents)
    missing = [p.model.__name__ for p in audited if p.model not in makers]
    assert not missing, f"No sample (tests/factories.py SAMPLES) for the audited kinds {missing}"
    found, _undeclared = cells()
    samples: dict[type, Any] = {}
    # The audit trail names the records it is about (id and label): that is what it
    # is for, and its readers are its auditors; it is not a read of the records.
    routes = [c for c in found if c.method == "GET" and c.model not in (OPEN, IMPORTER, AuditEntry)]
    for cell in routes:
        model = cell.target or cell.model
        if isinstance(model, type) and _names_a_record(cell.route) and model not in samples:
            samples[model] = makers[model](contingents)
    for policy in audited:
        if policy.model not in samples:
            samples[policy.model] = makers[policy.model](contingents)
    # Every record of an audited kind the samples made (a deployment's person too).
    marked = [
        _mark(policy, record)
        for policy in audited
        for record in policy.model._default_manager.all()
    ]
    # The trail is read as its auditors read it: the mission administrator, and for a
    # restricted part's records (oversight's) a holder of that part's permission.
    auditors = {
        domain: api_as(next(u for u in cast.values() if u is not None and u.has_perm(perm)))
        for domain, perm in RESTRICTED_AUDIT_DOMAINS.items()
    }
    admin_auditor = api_as(cast["mission_admin"])
    problems: list[str] = []
    seen: set[str] = set()
    walked = 0
    for who in CAST:
        user = cast[who]
        if user is None:
            continue
        api, browser = api_as(user), client_as(user)
        for cell in routes:
            model = cell.target or cell.model
            sample = samples.get(model) if _names_a_record(cell.route) else None
            if _names_a_record(cell.route) and sample is None:
                continue
            url = _url(cell, sample.pk if sample is not None else None, None)
            queries: list[dict[str, str]] = [{}]
            if cell.action == "list" and not _names_a_record(cell.route):
                queries += [{key: m.markers[0]} for key in SEARCHES for m in marked]
            for query in queries:
                before = _counts(who)
                response = (api if cell.api else browser).get(url, query)
                walked += 1
                if response.status_code != 200:
                    continue
                body = _body(response)
                for echoed in query.values():  # a search box shows what was searched
                    body = body.replace(echoed, "")
                for m in marked:
                    if not any(marker in body for marker in m.markers):
                        continue
                    seen.add(m.policy.model.__name__)
                    auditor = auditors.get(m.policy.model._meta.app_label, admin_auditor)
                    if _reads(auditor, m.key, who) <= before.get(m.key, 0):
                        problems.append(
                            f"GET {url}{'?' if query else ''}"
                            f"{'&'.join(f'{k}={v}' for k, v in query.items())} as {who}: "
                            f"returns {m.policy.model.__name__} {m.key} without its read audited"
                        )
    assert walked > 100
    assert not problems, "\n".join(sorted(set(problems)))
    # The walk met every audited kind that has routes of its own (else it proved
    # nothing of it); a kind read only as counts (a cohort's attendance) has none.
    routed = {cell.model for cell in routes}
    assert {p.model.__name__ for p in audited if p.model in routed} <= seen
