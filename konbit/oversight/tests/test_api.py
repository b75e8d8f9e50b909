"""The complaints API for oversight officers: create, change with the version, status
moves, figures, bad input (400 naming the field, nothing written) and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.oversight.models import Complaint, StatusChange
from konbit.oversight.tests.factories import make_complaint

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints/"
NEW = {
    "received_at": "2025-03-02T09:00:00Z",
    "channel": "hotline",
    "category": "minor",
    "nature": "conduct",
    "occurred_on": "2025-03-01",
    "commune": "HT0112",
    "description": "A patrol insulted people queuing (test).",
    "victim_age_group": "adult",
}


@pytest.fixture
def officer_api(cast: dict[str, Any], api_as: Any) -> Any:
    return api_as(cast["oversight_officer"])


def test_create_change_and_move_a_complaint(officer_api: Any, contingents: Any) -> None:
    created = officer_api.post(
        URL, {**NEW, "contingent": str(contingents["JAM"].pk)}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "received" and body["history"][0]["status"] == "received"
    assert body["reference"].startswith("CRM-") and body["contingent_code"] == "JAM"
    pk = body["id"]
    stale = officer_api.patch(f"{URL}{pk}/", {"place": "Gate", "version": 9}, format="json")
    assert stale.status_code == 409
    changed = officer_api.patch(f"{URL}{pk}/", {"place": "Gate", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["place"] == "Gate"
    moved = officer_api.post(
        f"{URL}{pk}/status/", {"status": "assessment", "version": 2, "note": "ok"}, format="json"
    )
    assert moved.status_code == 201, moved.content
    detail = officer_api.get(f"{URL}{pk}/").json()
    assert [h["status"] for h in detail["history"]] == ["received", "assessment"]
    assert detail["history"][1]["actor"] == "oversight_officer" or detail["history"][1]["actor"]
    assert detail["public_status"] == "examined"
    assert officer_api.delete(f"{URL}{pk}/").status_code == 405
    assert Complaint.objects.filter(pk=pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "huge"}, "category"),
        ({"channel": None}, "channel"),
        ({"description": ""}, "description"),
        ({"commune": "HT9999"}, "commune"),
        ({"contingent": "not-a-uuid"}, "contingent"),
        ({"received_at": "soon"}, "received_at"),
        ({"consent_to_contact": True}, "complainant_contact"),
        ({"occurred_on": "2025-03-05"}, "occurred_on"),  # after it was received
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    officer_api: Any, contingents: Any, change: dict[str, Any], field: str
) -> None:
    response = officer_api.post(URL, {**NEW, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert Complaint.objects.count() == 0 and StatusChange.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "closed", "version": 1}, "status"),
        ({"status": "substantiated", "version": 1}, "status"),
        ({"status": "assessment"}, "version"),
        ({"status": "assessment", "version": "x"}, "version"),
        (
            {"status": "assessment", "version": 1, "changed_at": "2999-01-01T00:00:00Z"},
            "changed_at",
        ),
        ({"status": "referred", "version": 1, "referred_to": "moon"}, "referred_to"),
    ],
)
def test_a_bad_status_move_is_a_400_naming_the_field(
    officer_api: Any, contingents: Any, body: dict[str, Any], field: str
) -> None:
    complaint = make_complaint()
    response = officer_api.post(f"{URL}{complaint.pk}/status/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert StatusChange.objects.count() == 1
    complaint.refresh_from_db()
    assert (complaint.status, complaint.version) == ("received", 1)


def test_filters_and_figures(officer_api: Any, contingents: Any) -> None:
    make_complaint(contingents["KEN"])
    make_complaint(category="sea", nature="sea", victim_age_group="child")
    assert officer_api.get(URL, {"child": "true"}).json()["count"] == 1
    assert officer_api.get(URL, {"category": "sea"}).json()["count"] == 1
    assert officer_api.get(URL, {"contingent": "KEN"}).json()["count"] == 1
    bad = officer_api.get(URL, {"status": "lost"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]
    stats = officer_api.get(f"{URL}stats/").json()
    assert stats["total"] == 2 and stats["open"] == 2 and stats["closed"] == 0
    assert {row["code"]: row["count"] for row in stats["by_category"]}["sea"] == 1
    assert stats["by_month"] == [{"month": "2024-10", "count": 2}]
    assert stats["median_days_to_close"] is None


def test_the_list_reads_in_a_fixed_number_of_queries(officer_api: Any, contingents: Any) -> None:
    make_complaint(contingents["KEN"])
    officer_api.get(URL)  # the first request of a client fills caches (its token, types)
    with CaptureQueriesContext(connection) as few:
        assert officer_api.get(URL).status_code == 200
    for _ in range(4):
        make_complaint(contingents["JAM"])
    with CaptureQueriesContext(connection) as many:
        assert officer_api.get(URL).json()["count"] == 5
    assert len(many) == len(few)
