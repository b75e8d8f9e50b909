"""Who reaches complaints: oversight officers only. Every other role, the mission
administrator included, gets 404 on every page and endpoint, and a refused write
changes nothing. Every read is audited, in the restricted domain "oversight" that
the mission administrator cannot read through ``/api/v1/audit/``."""

from __future__ import annotations

from typing import Any

import pytest

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditAction, AuditEntry
from konbit.oversight.models import Complaint, StatusChange
from konbit.oversight.tests.factories import make_complaint

pytestmark = pytest.mark.django_db

PAGES = [
    "/complaints/",
    "/complaints/new/",
    "/complaints/figures/",
    "/complaints/referrals/",
    "/complaints/{pk}/",
    "/complaints/{pk}/edit/",
    "/complaints/{pk}/status/",
]
APIS = ["/api/v1/complaints/", "/api/v1/complaints/stats/", "/api/v1/complaints/{pk}/"]


def _state() -> tuple[Any, ...]:
    return (
        list(Complaint.objects.values()),
        StatusChange.objects.count(),
        AuditEntry.objects.exclude(action=AuditAction.READ).count(),
    )


@pytest.mark.parametrize("who", CAST)
def test_pages_answer_oversight_only(
    cast: dict[str, Any], client_as: Any, contingents: Any, who: str
) -> None:
    complaint = make_complaint(contingents["KEN"])
    client = client_as(cast[who])
    for page in PAGES:
        response = client.get(page.format(pk=complaint.pk))
        expected = {"oversight_officer": 200, "anonymous": 302}.get(who, 404)
        assert response.status_code == expected, (page, who)
        if expected == 200:
            assert complaint.reference in response.content.decode() or "{pk}" not in page


@pytest.mark.parametrize("who", CAST)
def test_the_api_answers_oversight_only(
    cast: dict[str, Any], api_as: Any, contingents: Any, who: str
) -> None:
    complaint = make_complaint(contingents["KEN"])
    api = api_as(cast[who])
    expected = {"oversight_officer": 200, "anonymous": 401}.get(who, 404)
    for url in APIS:
        assert api.get(url.format(pk=complaint.pk)).status_code == expected, (url, who)


@pytest.mark.parametrize("who", [w for w in CAST if w != "oversight_officer"])
def test_refused_writes_change_nothing(
    cast: dict[str, Any], api_as: Any, client_as: Any, contingents: Any, who: str
) -> None:
    complaint = make_complaint(contingents["KEN"])
    before = _state()
    api, client = api_as(cast[who]), client_as(cast[who])
    refused = {401, 404} if who == "anonymous" else {404}
    body = {"description": "changed", "version": 1}
    assert (
        api.patch(f"/api/v1/complaints/{complaint.pk}/", body, format="json").status_code in refused
    )
    assert (
        api.post("/api/v1/complaints/", {"category": "minor"}, format="json").status_code in refused
    )
    status = {"status": "assessment", "version": 1}
    assert (
        api.post(f"/api/v1/complaints/{complaint.pk}/status/", status, format="json").status_code
        in refused
    )
    assert api.delete(f"/api/v1/complaints/{complaint.pk}/").status_code in refused | {405}
    page_refused = {302} if who == "anonymous" else {404}
    assert client.post(f"/complaints/{complaint.pk}/status/", status).status_code in page_refused
    assert client.post(f"/complaints/{complaint.pk}/edit/", body).status_code in page_refused
    assert _state() == before  # fmt: skip


def test_the_mission_administrator_reads_nothing_of_oversight_in_the_audit_trail(
    cast: dict[str, Any], api_as: Any, client_as: Any, contingents: Any
) -> None:
    complaint = make_complaint(contingents["KEN"])
    officer = api_as(cast["oversight_officer"])
    assert officer.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 200
    target = {"target": str(complaint.pk)}
    seen = officer.get("/api/v1/audit/", target).json()
    actions = {row["action"] for row in seen["results"]}
    assert {"create", "read"} <= actions
    # The write's entry carries the complainant's name: only oversight reads it.
    assert any("TEST complainant" in str(row["changes"]) for row in seen["results"])
    admin = api_as(cast["mission_admin"])
    assert admin.get("/api/v1/audit/", target).json()["count"] == 0
    everything = admin.get("/api/v1/audit/", {"page_size": 500}).json()
    assert all(row["target_type"].split(".")[0] != "oversight" for row in everything["results"])
    page = client_as(cast["mission_admin"]).get("/audit/")
    if page.status_code == 200:
        assert complaint.reference not in page.content.decode()
    assert AuditEntry.objects.filter(domain="oversight").count() >= 3


def test_every_read_is_audited(
    cast: dict[str, Any], api_as: Any, client_as: Any, contingents: Any
) -> None:
    one, two = make_complaint(), make_complaint()
    officer = cast["oversight_officer"]
    client, api = client_as(officer), api_as(officer)

    def reads(complaint: Complaint) -> int:
        return AuditEntry.objects.filter(
            action=AuditAction.READ, target_id=str(complaint.pk), actor=officer
        ).count()

    for url in (
        f"/complaints/{one.pk}/",
        f"/complaints/{one.pk}/edit/",
        f"/api/v1/complaints/{one.pk}/",
    ):
        before = reads(one)
        assert (api if url.startswith("/api") else client).get(url).status_code == 200
        assert reads(one) == before + 1, url
    for url in ("/complaints/", "/api/v1/complaints/"):
        before = reads(one), reads(two)
        (api if url.startswith("/api") else client).get(url)
        assert (reads(one), reads(two)) == (before[0] + 1, before[1] + 1), url
    # The figures read no complaint: counts only.
    before = reads(one)
    client.get("/complaints/figures/")
    api.get("/api/v1/complaints/stats/")
    assert reads(one) == before


def test_nav_and_front_page_panel_for_oversight_only(
    cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    make_complaint()
    officer_home = client_as(cast["oversight_officer"]).get("/").content.decode()
    assert "/complaints/" in officer_home
    assert "Complaints awaiting assessment" in officer_home
    for who in ("mission_admin", "hq_staff", "analyst"):
        home = client_as(cast[who]).get("/").content.decode()
        assert "/complaints/" not in home
        assert "Complaints awaiting assessment" not in home
