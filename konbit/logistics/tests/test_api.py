"""The logistics API over the whole cast: who reads and writes what; refused or bad
writes change nothing; versions on writes; aggregates for the analyst; query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.logistics.models import Asset, MaintenanceJob, StatusEntry
from konbit.logistics.tests.factories import make_asset, make_job

pytestmark = pytest.mark.django_db
ASSETS = "/api/v1/assets/"
ENTRIES = "/api/v1/asset-status/"
JOBS = "/api/v1/maintenance-jobs/"
FIGURES = "/api/v1/assets/availability/"


@pytest.fixture
def world(cast: dict[str, Any], contingents: Any) -> dict[str, Asset]:
    return {
        "ken": make_asset(contingents["KEN"]),
        "ken2": make_asset(contingents["KEN"], kind="apc", donor_country="CAN"),
        "jam": make_asset(contingents["JAM"], kind="truck", ownership="un", donor_country=""),
    }


# Assets each member of the cast reads (None: the part answers 404).
VISIBLE = {
    "mission_admin": 3,
    "hq_staff": 3,
    "ken_commander": 2,
    "jam_commander": 1,
    "hnp_liaison": None,
    "oversight_officer": None,
    "analyst": None,
}


def state() -> tuple[Any, ...]:
    return (
        list(Asset.objects.order_by("pk").values_list("pk", "version", "status")),
        StatusEntry.objects.count(),
        MaintenanceJob.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("who", CAST)
def test_list_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    response = api_as(cast[who]).get(ASSETS)
    if who == "anonymous":
        assert response.status_code == 401
    elif VISIBLE[who] is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert response.json()["count"] == VISIBLE[who]


@pytest.mark.parametrize("who", CAST)
def test_reading_another_contingents_asset(
    api_as: Any, cast: dict[str, Any], world: Any, who: str
) -> None:
    """A commander gets 404 for another contingent's asset, its entries and its jobs."""
    job = make_job(None, asset=world["jam"])
    client = api_as(cast[who])
    answers = [
        client.get(f"{ASSETS}{world['jam'].pk}/").status_code,
        client.get(f"{JOBS}{job.pk}/").status_code,
        client.get(
            f"{ENTRIES}{StatusEntry.objects.filter(asset=world['jam']).first().pk}/"
        ).status_code,
    ]
    expected = {"mission_admin": 200, "hq_staff": 200, "jam_commander": 200, "anonymous": 401}
    assert answers == [expected.get(who, 404)] * 3


@pytest.mark.parametrize("who", CAST)
def test_record_a_breakdown_by_role(
    api_as: Any, cast: dict[str, Any], world: Any, who: str
) -> None:
    body = {
        "asset": str(world["ken"].pk),
        "status": "non_operational",
        "reason": "breakdown",
        "on": "2025-03-25",
        "note": "Broke down near Pont-Sondé.",
    }
    before = state()
    response = api_as(cast[who]).post(ENTRIES, body, format="json")
    if who in ("mission_admin", "hq_staff", "ken_commander"):
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "non_operational"
        assert Asset.objects.get(pk=world["ken"].pk).status == "non_operational"
        return
    # The Jamaican commander names an asset they may not see: 400 naming the field.
    expected = {"anonymous": 401, "jam_commander": 400}.get(who, 404)
    assert response.status_code == expected
    if expected == 400:
        assert "asset" in response.json()["errors"]
    assert state() == before


def test_entries_are_never_changed_or_deleted(
    api_as: Any, cast: dict[str, Any], world: Any
) -> None:
    entry = StatusEntry.objects.filter(asset=world["ken"]).first()
    client = api_as(cast["mission_admin"])
    before = state()
    assert (
        client.patch(
            f"{ENTRIES}{entry.pk}/", {"note": "x", "version": 1}, format="json"
        ).status_code
        == 405
    )
    assert client.delete(f"{ENTRIES}{entry.pk}/?version=1").status_code == 405
    assert client.delete(f"{ASSETS}{world['ken'].pk}/?version=1").status_code == 405
    assert state() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "non_operational", "reason": "breakdown", "on": "2025-13-40"}, "on"),
        ({"status": "exploded", "reason": "breakdown"}, "status"),
        ({"status": "operational", "reason": "breakdown"}, "reason"),
        ({"status": "non_operational", "reason": "breakdown", "on": "2099-01-01"}, "on"),
        ({"status": "non_operational", "reason": "breakdown", "on": "2020-01-01"}, "on"),
        ({"status": "non_operational", "reason": "breakdown", "incident": "nope"}, "incident"),
        ({"reason": "breakdown"}, "status"),
    ],
)
def test_bad_status_entries_are_400_naming_the_field(
    api_as: Any, cast: dict[str, Any], world: Any, body: dict[str, Any], field: str
) -> None:
    before = state()
    response = api_as(cast["hq_staff"]).post(
        ENTRIES, {"asset": str(world["ken"].pk), **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert state() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"identifier": "", "kind": "mrap"}, "identifier"),
        ({"kind": "spaceship"}, "kind"),
        ({"contingent": "XXX"}, "contingent"),
        ({"ownership": "donated", "donor_country": ""}, "donor_country"),
        ({"donor_country": "ZZZ"}, "donor_country"),
        ({"received_on": "yesterday"}, "received_on"),
        ({"received_on": "2099-01-01"}, "received_on"),
        ({"identifier": "test-00001"}, "identifier"),  # taken, case ignored
        ({"status": "written_off"}, "status"),
    ],
)
def test_bad_assets_are_400_naming_the_field(
    api_as: Any, cast: dict[str, Any], world: Any, body: dict[str, Any], field: str
) -> None:
    Asset.objects.filter(pk=world["ken"].pk).update(identifier="TEST-00001")
    good = {
        "kind": "mrap",
        "make_model": "MaxxPro",
        "identifier": "DEMO-NEW-1",
        "contingent": "KEN",
        "ownership": "donated",
        "donor_country": "USA",
        "received_on": "2024-08-23",
    }
    before = state()
    response = api_as(cast["hq_staff"]).post(ASSETS, {**good, **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert state() == before


def test_commander_creates_in_their_own_contingent_and_not_another(
    api_as: Any, cast: dict[str, Any], world: Any
) -> None:
    client = api_as(cast["ken_commander"])
    body = {
        "kind": "light_vehicle",
        "make_model": "Pick-up",
        "identifier": "DEMO-LV-1",
        "ownership": "contingent",
        "received_on": "2025-01-18",
    }
    created = client.post(ASSETS, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["contingent_code"] == "KEN"
    before = state()
    refused = client.post(
        ASSETS, {**body, "identifier": "DEMO-LV-2", "contingent": "JAM"}, format="json"
    )
    assert refused.status_code == 400 and "contingent" in refused.json()["errors"]
    assert state() == before


def test_update_with_a_stale_version_is_409(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    client = api_as(cast["hq_staff"])
    url = f"{ASSETS}{world['ken'].pk}/"
    assert (
        client.patch(url, {"notes": "Turret fitted.", "version": 1}, format="json").status_code
        == 200
    )
    before = state()
    stale = client.patch(url, {"notes": "Other.", "version": 1}, format="json")
    assert stale.status_code == 409
    assert state() == before


def test_commander_may_not_move_an_asset_to_another_contingent(
    api_as: Any, cast: dict[str, Any], world: Any
) -> None:
    before = state()
    response = api_as(cast["ken_commander"]).patch(
        f"{ASSETS}{world['ken'].pk}/", {"contingent": "JAM", "version": 1}, format="json"
    )
    assert response.status_code == 400 and "contingent" in response.json()["errors"]
    assert state() == before


def test_open_and_close_a_job(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    client = api_as(cast["ken_commander"])
    opened = client.post(
        JOBS,
        {
            "asset": str(world["ken"].pk),
            "kind": "repair",
            "opened_on": "2025-03-26",
            "description": "Gearbox",
            "parts_awaited": "Gearbox",
        },
        format="json",
    )
    assert opened.status_code == 201, opened.content
    job = opened.json()
    assert Asset.objects.get(pk=world["ken"].pk).status == "in_maintenance"
    changed = client.patch(
        f"{JOBS}{job['id']}/", {"workshop": "LSA 2", "version": 1}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.post(f"{JOBS}{job['id']}/close/", {"version": 1}, format="json")
    assert stale.status_code == 409
    closed = client.post(
        f"{JOBS}{job['id']}/close/", {"version": 2, "closed_on": "2025-04-24"}, format="json"
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["closed_on"] == "2025-04-24"
    asset = Asset.objects.get(pk=world["ken"].pk)
    assert (asset.status, asset.status_since) == ("operational", dt.date(2025, 4, 24))
    # Jamaica's commander cannot close Kenya's jobs (not even see them).
    assert (
        api_as(cast["jam_commander"])
        .post(f"{JOBS}{job['id']}/close/", {"version": 3}, format="json")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "party", "description": "x"}, "kind"),
        ({"kind": "repair"}, "description"),
        ({"kind": "repair", "description": "x", "opened_on": "2099-01-01"}, "opened_on"),
        ({"kind": "repair", "description": "x", "opened_on": "2020-01-01"}, "opened_on"),
        ({"kind": "repair", "description": "x", "asset": "not-an-id"}, "asset"),
    ],
)
def test_bad_jobs_are_400_naming_the_field(
    api_as: Any, cast: dict[str, Any], world: Any, body: dict[str, Any], field: str
) -> None:
    before = state()
    response = api_as(cast["hq_staff"]).post(
        JOBS, {"asset": str(world["ken"].pk), **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert state() == before


@pytest.mark.parametrize("who", CAST)
def test_availability_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    response = api_as(cast[who]).get(FIGURES, {"on": "2025-03-25"})
    expected_held = {
        "mission_admin": 3,
        "hq_staff": 3,
        "analyst": 3,
        "ken_commander": 2,
        "jam_commander": 1,
    }
    if who == "anonymous":
        assert response.status_code == 401
    elif who not in expected_held:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        body = response.json()
        assert body["total"]["held"] == expected_held[who]
        assert "by_month" not in body  # only when a period is asked
        # Aggregates only: no identifier anywhere in the answer.
        assert "TEST-" not in response.content.decode()


def test_availability_by_month_when_a_period_is_asked(
    api_as: Any, cast: dict[str, Any], world: Any
) -> None:
    body = (
        api_as(cast["analyst"]).get(FIGURES, {"since": "2024-07-01", "until": "2024-08-31"}).json()
    )
    assert body["period"] == {"since": "2024-07-01", "until": "2024-08-31"}
    assert {(r["month"], r["kind"], r["days_held"]) for r in body["by_month"]} == {
        ("2024-07", "mrap", 20),
        ("2024-07", "apc", 20),
        ("2024-07", "truck", 20),
        ("2024-08", "mrap", 31),
        ("2024-08", "apc", 31),
        ("2024-08", "truck", 31),
    }
    assert body["breakdowns_by_month"] == []


def test_availability_bad_parameters(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    client = api_as(cast["analyst"])
    for params, field in [
        ({"on": "soon"}, "on"),
        ({"kind": "ufo"}, "kind"),
        ({"contingent": "Atlantis"}, "contingent"),
        ({"since": "2025-05-01", "until": "2025-01-01"}, "until"),
    ]:
        response = client.get(FIGURES, params)
        assert response.status_code == 400, (params, response.content)
        assert field in response.json()["errors"]


def test_list_filters(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    client = api_as(cast["hq_staff"])
    assert client.get(ASSETS, {"kind": "apc"}).json()["count"] == 1
    assert client.get(ASSETS, {"contingent": "Jamaica"}).json()["count"] == 1
    assert client.get(ASSETS, {"status": "operational"}).json()["count"] == 3
    bad = client.get(ASSETS, {"contingent": "Atlantis"})
    assert bad.status_code == 400 and "contingent" in bad.json()["errors"]


def test_list_query_count_does_not_grow_with_rows(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    client = api_as(cast["hq_staff"])
    make_asset(contingents["KEN"])
    client.get(ASSETS)  # the user's permissions, read once
    with CaptureQueriesContext(connection) as few:
        assert client.get(ASSETS).status_code == 200
    for _ in range(8):
        make_asset(contingents["JAM"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(ASSETS).json()["count"] == 9
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as entries:
        assert client.get(ENTRIES).json()["count"] == 9
    assert len(entries) <= len(few) + 1


def test_export_is_formula_safe_and_audited(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    Asset.objects.filter(pk=world["ken"].pk).update(notes="=HYPERLINK(1)")
    response = api_as(cast["ken_commander"]).get(f"{ASSETS}export/", {"fmt": "csv"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "'=HYPERLINK(1)" in text and world["jam"].identifier not in text
    assert AuditEntry.objects.filter(action="export", domain="logistics").exists()
    assert api_as(cast["analyst"]).get(f"{ASSETS}export/").status_code == 404
    bad = api_as(cast["hq_staff"]).get(f"{ASSETS}export/", {"fmt": "pdf"})
    assert bad.status_code == 400 and "fmt" in bad.json()["errors"]
