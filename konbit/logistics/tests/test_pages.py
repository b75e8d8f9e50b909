"""The logistics pages over the cast: who opens what, writes through the forms (a
refused or bad one changes nothing), the phone form for a breakdown, jobs, the
availability page (aggregates only for the analyst), the front-page panel, query
counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.services import system_user
from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.logistics import services
from konbit.logistics.models import Asset, MaintenanceJob, StatusEntry
from konbit.logistics.tests.factories import make_asset, make_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: dict[str, Any], contingents: Any) -> dict[str, Asset]:
    return {
        "ken": make_asset(contingents["KEN"], identifier="DEMO-MRAP-01"),
        "jam": make_asset(contingents["JAM"], identifier="DEMO-TRUCK-01", kind="truck"),
    }


def state() -> tuple[Any, ...]:
    return (
        list(Asset.objects.order_by("pk").values_list("pk", "version", "status", "notes")),
        StatusEntry.objects.count(),
        MaintenanceJob.objects.count(),
        AuditEntry.objects.exclude(action="read").count(),
    )


LIST = {"hnp_liaison": 404, "oversight_officer": 404, "analyst": 404, "anonymous": 302}
DETAIL_KEN = {**LIST, "jam_commander": 404}


@pytest.mark.parametrize("who", CAST)
def test_list_and_detail_by_role(client_as: Any, cast: Any, world: Any, who: str) -> None:
    browser = client_as(cast[who])
    response = browser.get("/logistics/assets/")
    assert response.status_code == LIST.get(who, 200)
    if response.status_code == 200:
        count = response.context["page"].paginator.count
        assert count == {"ken_commander": 1, "jam_commander": 1}.get(who, 2)
    detail = browser.get(f"/logistics/assets/{world['ken'].pk}/")
    assert detail.status_code == DETAIL_KEN.get(who, 200)


@pytest.mark.parametrize("who", CAST)
def test_record_a_breakdown_by_role(client_as: Any, cast: Any, world: Any, who: str) -> None:
    url = f"/logistics/assets/{world['ken'].pk}/status/"
    before = state()
    browser = client_as(cast[who])
    page = browser.get(url)
    assert page.status_code == DETAIL_KEN.get(who, 200)
    response = browser.post(
        url,
        {
            "status": "non_operational",
            "reason": "breakdown",
            "on": "2025-03-25",
            "note": "Broke down.",
        },
    )
    if who in ("mission_admin", "hq_staff", "ken_commander"):
        assert response.status_code == 302
        asset = Asset.objects.get(pk=world["ken"].pk)
        assert (asset.status, asset.status_since) == ("non_operational", dt.date(2025, 3, 25))
    else:
        assert response.status_code == DETAIL_KEN[who]
        assert state() == before


def test_the_status_form_names_the_bad_field_and_writes_nothing(
    client_as: Any, cast: Any, world: Any
) -> None:
    browser = client_as(cast["ken_commander"])
    url = f"/logistics/assets/{world['ken'].pk}/status/"
    before = state()
    response = browser.post(url, {"status": "operational", "reason": "breakdown"})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    response = browser.post(
        url, {"status": "non_operational", "reason": "breakdown", "on": "2099-01-01"}
    )
    assert response.status_code == 400 and "on" in response.context["form"].errors
    response = browser.post(
        url, {"status": "non_operational", "reason": "breakdown", "incident": "Atlantis"}
    )
    assert response.status_code == 400 and "incident" in response.context["form"].errors
    assert state() == before


def test_the_breakdown_form_is_short(client_as: Any, cast: Any, world: Any) -> None:
    """A few taps: the status as radio buttons, the reason, everything else optional."""
    page = client_as(cast["ken_commander"]).get(f"/logistics/assets/{world['ken'].pk}/status/")
    form = page.context["form"]
    assert [name for name, field in form.fields.items() if field.required] == ["status", "reason"]
    assert 'type="radio"' in page.content.decode()


@pytest.mark.parametrize("who", ["hq_staff", "ken_commander", "jam_commander"])
def test_create_and_edit(client_as: Any, cast: Any, contingents: Any, world: Any, who: str) -> None:
    browser = client_as(cast[who])
    body = {
        "kind": "light_vehicle",
        "make_model": "Pick-up",
        "identifier": f"DEMO-LV-{who}",
        "contingent": "KEN",
        "ownership": "contingent",
        "received_on": "2025-01-18",
    }
    before = state()
    response = browser.post("/logistics/assets/new/", body)
    if who == "jam_commander":
        assert response.status_code == 400
        assert "contingent" in response.context["form"].errors
        assert state() == before
        return
    assert response.status_code == 302
    asset = Asset.objects.get(identifier=f"DEMO-LV-{who}")
    edit = f"/logistics/assets/{asset.pk}/edit/"
    assert browser.get(edit).status_code == 200
    changed = browser.post(edit, {**body, "notes": "Radio fitted.", "version": 1})
    assert changed.status_code == 302
    assert Asset.objects.get(pk=asset.pk).notes == "Radio fitted."
    stale = browser.post(edit, {**body, "notes": "Again.", "version": 1})
    assert stale.status_code == 409
    assert Asset.objects.get(pk=asset.pk).notes == "Radio fitted."


def test_edit_another_contingents_asset_is_404(client_as: Any, cast: Any, world: Any) -> None:
    before = state()
    browser = client_as(cast["ken_commander"])
    assert browser.get(f"/logistics/assets/{world['jam'].pk}/edit/").status_code == 404
    assert (
        browser.post(f"/logistics/assets/{world['jam'].pk}/edit/", {"notes": "x"}).status_code
        == 404
    )
    assert state() == before


def test_open_and_close_a_job_through_the_pages(client_as: Any, cast: Any, world: Any) -> None:
    browser = client_as(cast["ken_commander"])
    asset = world["ken"]
    bad = browser.post(f"/logistics/assets/{asset.pk}/jobs/new/", {"kind": "repair"})
    assert bad.status_code == 400 and "description" in bad.context["form"].errors
    opened = browser.post(
        f"/logistics/assets/{asset.pk}/jobs/new/",
        {"kind": "repair", "description": "Gearbox", "opened_on": "2025-03-26"},
    )
    assert opened.status_code == 302
    job = MaintenanceJob.objects.get(asset=asset)
    assert Asset.objects.get(pk=asset.pk).status == "in_maintenance"
    detail = browser.get(f"/logistics/assets/{asset.pk}/").content.decode()
    assert f"/logistics/jobs/{job.pk}/close/" in detail
    closed = browser.post(
        f"/logistics/jobs/{job.pk}/close/",
        {"version": job.version, "closed_on": "2025-04-24", "note": "Done"},
    )
    assert closed.status_code == 302
    assert Asset.objects.get(pk=asset.pk).status == "operational"
    # Closed: the page says so, nothing more is written.
    before = state()
    again = browser.post(f"/logistics/jobs/{job.pk}/close/", {"version": 2})
    assert again.status_code == 302 and state() == before
    assert (
        client_as(cast["jam_commander"]).get(f"/logistics/jobs/{job.pk}/close/").status_code == 404
    )


@pytest.mark.parametrize("who", CAST)
def test_availability_page_by_role(client_as: Any, cast: Any, world: Any, who: str) -> None:
    response = client_as(cast[who]).get("/logistics/availability/", {"on": "2025-03-25"})
    expected = {"hnp_liaison": 404, "oversight_officer": 404, "anonymous": 302}.get(who, 200)
    assert response.status_code == expected
    if expected == 200:
        held = response.context["figures"]["total"]["held"]
        assert held == {"ken_commander": 1, "jam_commander": 1}.get(who, 2)
        assert "DEMO-MRAP-01" not in response.content.decode()  # aggregates only


def test_availability_page_names_bad_parameters(client_as: Any, cast: Any, world: Any) -> None:
    page = client_as(cast["analyst"]).get("/logistics/availability/", {"on": "soon", "kind": "ufo"})
    assert page.status_code == 200 and page.context["figures"] is None
    text = page.content.decode()
    assert "Enter a valid date" in text and "The filters have an error" in text


def test_the_list_filters_with_errors_show_nothing(client_as: Any, cast: Any, world: Any) -> None:
    browser = client_as(cast["hq_staff"])
    text = browser.get("/logistics/assets/", {"contingent": "Narnia"}).content.decode()
    assert "The filters have an error" in text and "DEMO-MRAP-01" not in text
    page = browser.get("/logistics/assets/", {"contingent": "Kenya", "kind": "mrap"})
    assert page.context["page"].paginator.count == 1


def test_list_query_count_is_constant(client_as: Any, cast: Any, contingents: Any) -> None:
    browser = client_as(cast["hq_staff"])
    make_asset(contingents["KEN"])
    browser.get("/logistics/assets/")
    with CaptureQueriesContext(connection) as few:
        browser.get("/logistics/assets/")
    for _ in range(12):
        make_asset(contingents["JAM"])
    with CaptureQueriesContext(connection) as many:
        response = browser.get("/logistics/assets/")
    assert response.context["page"].paginator.count == 13
    assert len(many) == len(few)


def test_detail_query_count_does_not_grow_with_the_log(
    client_as: Any, cast: Any, contingents: Any
) -> None:
    browser = client_as(cast["hq_staff"])
    asset = make_asset(contingents["KEN"])
    url = f"/logistics/assets/{asset.pk}/"
    browser.get(url)
    with CaptureQueriesContext(connection) as few:
        browser.get(url)
    for day in range(1, 10):
        services.status_record(
            actor=system_user(),
            asset=asset,
            status="degraded",
            reason="breakdown",
            on=dt.date(2025, 1, day),
        )
    make_job(contingents["KEN"], asset=asset, opened_on=dt.date(2025, 2, 1))
    with CaptureQueriesContext(connection) as many:
        browser.get(url)
    assert len(many) == len(few)


def test_export_page(client_as: Any, cast: Any, world: Any) -> None:
    response = client_as(cast["ken_commander"]).get("/logistics/assets/export/", {"fmt": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client_as(cast["ken_commander"]).get("/logistics/assets/export/", {"fmt": "pdf"})
    assert bad.status_code == 302


def test_front_page_panel_lists_long_breakdowns_of_the_readers_contingents(
    client_as: Any, cast: Any, world: Any
) -> None:
    services.status_record(
        actor=system_user(),
        asset=world["ken"],
        status="non_operational",
        reason="breakdown",
        on=dt.date(2025, 3, 25),
    )
    services.status_record(
        actor=system_user(),
        asset=world["jam"],
        status="non_operational",
        reason="breakdown",
        on=services.today(),
    )
    hq = client_as(cast["hq_staff"]).get("/").content.decode()
    assert "Assets out of service for more than 7 days" in hq and "DEMO-MRAP-01" in hq
    assert "DEMO-TRUCK-01" not in hq  # not yet 7 days
    jam = client_as(cast["jam_commander"]).get("/").content.decode()
    assert "DEMO-MRAP-01" not in jam
    analyst = client_as(cast["analyst"]).get("/").content.decode()
    assert "Assets out of service" not in analyst
