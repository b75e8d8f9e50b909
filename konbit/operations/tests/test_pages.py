from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry, ImportRun
from konbit.operations.models import Incident
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory, import_acled

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "acled_haiti_2022_sample.csv"
SECRETS = ("Informant 7 (demo)", "Constable X, 27 (demo)", "Victim named")


@pytest.fixture
def world(cast: dict[str, Any], contingents: Any) -> dict[str, Any]:
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    operation = JointOperationFactory()
    operation.contingents.set([contingents["KEN"]])
    return {
        "ken": IncidentFactory(
            reporting_contingent=contingents["KEN"], notes="Victim named", sensitive=True
        ),
        "released": IncidentFactory(released_to_hnp=True, operation=operation),
        "operation": operation,
    }


def pages(world: dict[str, Any]) -> dict[str, str]:
    ken, released, op = world["ken"].pk, world["released"].pk, world["operation"].pk
    return {
        "list": "/incidents/",
        "map": "/incidents/map/",
        "trends": "/incidents/trends/",
        "detail": f"/incidents/{ken}/",
        "released": f"/incidents/{released}/",
        "create": "/incidents/new/",
        "edit": f"/incidents/{ken}/edit/",
        "import": "/incidents/import/",
        "operations": "/operations/",
        "operation": f"/operations/{op}/",
        "operation_create": "/operations/new/",
        "operation_edit": f"/operations/{op}/edit/",
    }


EXPECTED = {
    # page: {who: status}; the rest get 200
    "detail": {"hnp_liaison": 404},
    "create": {"hnp_liaison": 403, "oversight_officer": 403, "analyst": 403},
    "edit": {"jam_commander": 403, "hnp_liaison": 404, "oversight_officer": 403, "analyst": 403},
    # The upload page is the import pipeline's, as for every importer: not found for
    # whoever may not import with it (the generated access matrix says the same).
    "import": {
        "ken_commander": 404,
        "jam_commander": 404,
        "hnp_liaison": 404,
        "oversight_officer": 404,
        "analyst": 404,
    },
    "operation_create": {"oversight_officer": 403, "analyst": 403},
    "operation_edit": {"jam_commander": 403, "oversight_officer": 403, "analyst": 403},
}


@pytest.mark.parametrize("who", CAST)
def test_pages_by_role(client_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    browser = client_as(cast[who])
    for name, url in pages(world).items():
        response = browser.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"], name
            continue
        expected = EXPECTED.get(name, {}).get(who, 200)
        assert response.status_code == expected, (name, response.status_code)
        text = response.content.decode()
        if who in {"hnp_liaison", "analyst"}:
            for secret in SECRETS:
                assert secret not in text, (name, secret)
            assert "victim_details" not in text and "source_identity" not in text


def test_detail_read_of_sensitive_fields_is_audited(
    client_as: Any, cast: dict[str, Any], world: Any
) -> None:
    text = client_as(cast["oversight_officer"]).get(f"/incidents/{world['ken'].pk}/").content
    assert b"Informant 7 (demo)" in text
    assert AuditEntry.objects.filter(action="read", target_id=str(world["ken"].pk)).count() == 1
    client_as(cast["analyst"]).get(f"/incidents/{world['ken'].pk}/")
    assert AuditEntry.objects.filter(action="read").count() == 1


def test_list_htmx_partial_and_query_count(
    client_as: Any, cast: dict[str, Any], world: Any, django_assert_max_num_queries: Any
) -> None:
    browser = client_as(cast["analyst"])
    with django_assert_max_num_queries(12):
        response = browser.get("/incidents/", {"event_type": "Protests"}, HTTP_HX_REQUEST="true")
    assert b"<form" not in response.content and b"Peaceful protest" in response.content
    IncidentFactory.create_batch(20)
    with django_assert_max_num_queries(12):
        browser.get("/incidents/")


def test_create_and_stale_edit(client_as: Any, cast: dict[str, Any], world: Any) -> None:
    browser = client_as(cast["ken_commander"])
    data = {
        "event_date": "2025-03-25",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Gran Grif",
        "latitude": "19.15",
        "longitude": "-72.61",
        "fatalities": "1",
        "verification": "reported",
        "killed_adult_male": "1",
        **{
            f"{k}_{g}": "0"
            for k in ("killed", "injured", "kidnapped", "sgbv")
            for g in ("adult_female", "child_male", "child_female")
        },
        "injured_adult_male": "0",
        "kidnapped_adult_male": "0",
        "sgbv_adult_male": "0",
    }
    response = browser.post("/incidents/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get(actor1="Gran Grif", event_date="2025-03-25")
    assert incident.reporting_contingent.country.iso3 == "KEN"
    Incident.objects.filter(pk=incident.pk).update(version=5)
    response = browser.post(
        f"/incidents/{incident.pk}/edit/", {**data, "version": "1", "fatalities": "2"}
    )
    assert response.status_code == 200 and b"Someone else changed this record" in response.content
    incident.refresh_from_db()
    assert incident.fatalities == 1
    bad = browser.post("/incidents/new/", {**data, "sub_event_type": "Peaceful protest"})
    assert bad.status_code == 200 and b"Choose a sub-event type of the event type" in bad.content


def test_release_page(client_as: Any, cast: dict[str, Any], world: Any) -> None:
    url = f"/incidents/{world['ken'].pk}/release/"
    assert client_as(cast["analyst"]).post(url, {"version": 1}).status_code == 403
    assert client_as(cast["hq_staff"]).post(url, {"version": 1}).status_code == 302
    world["ken"].refresh_from_db()
    assert world["ken"].released_to_hnp
    text = client_as(cast["hnp_liaison"]).get(f"/incidents/{world['ken'].pk}/").content.decode()
    assert "withheld" in text.lower() and "Victim named" not in text


def test_upload_preview_then_import(client_as: Any, cast: dict[str, Any]) -> None:
    browser = client_as(cast["hq_staff"])
    assert b"Keep only this country" in browser.get("/incidents/import/").content
    upload = SimpleUploadedFile("sample.csv", SAMPLE.read_bytes(), content_type="text/csv")
    response = browser.post("/incidents/import/", {"file": upload, "country": "Haiti"})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    page = browser.get(response["Location"]).content.decode()
    # The preview says what importing would do, and its one way to go on.
    assert "Demostrations" in page and "Would create" in page
    assert page.count('type="checkbox"') == 0 and "Import</button>" in page
    assert Incident.objects.count() == 0
    run.refresh_from_db()
    assert (run.status, run.created) == ("pending", 22)
    response = browser.post(f"/imports/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.created == 22
    assert Incident.objects.count() == 22
    state = browser.get(f"/imports/{run.pk}/", HTTP_ACCEPT="application/json").json()
    assert state["status"] == "done" and state["created"] == 22
    assert state["percent"] is None  # finished: no progress any more
    assert not run.upload
    # A second upload of the same file: the preview says nothing would change.
    upload = SimpleUploadedFile("sample.csv", SAMPLE.read_bytes(), content_type="text/csv")
    browser.post("/incidents/import/", {"file": upload, "country": "Haiti"})
    again = ImportRun.objects.latest("started_at")
    assert (again.created, again.unchanged) == (0, 22)


def test_a_running_import_shows_its_progress(client_as: Any, cast: dict[str, Any]) -> None:
    from konbit.core.imports import progress

    run = ImportRun.objects.create(
        kind="acled",
        actor=cast["hq_staff"],
        file_name="big.csv",
        sha256="0" * 64,
        status=ImportRun.Status.RUNNING,
    )
    browser = client_as(cast["hq_staff"])
    url = f"/imports/{run.pk}/"
    progress.report(run.pk, "checking")
    assert "Checking every row" in browser.get(url).content.decode()
    progress.report(run.pk, "writing", rows=2500, percent=25)
    page = browser.get(url).content.decode()
    assert 'value="25"' in page and "2500 rows read" in page
    state = browser.get(url, HTTP_ACCEPT="application/json").json()
    assert (state["phase"], state["percent"]) == ("writing", 25)
    browser.post(f"{url}cancel/")
    assert progress.cancel_requested(run.pk)
    assert "Cancelling" in browser.get(url).content.decode()


def test_the_list_names_the_commune(client_as: Any, cast: dict[str, Any]) -> None:
    from konbit.places.models import Commune

    IncidentFactory(commune_pcode="HT0111", location="Demo corner")
    rows = client_as(cast["hq_staff"]).get("/incidents/", HTTP_HX_REQUEST="true").content.decode()
    assert f"<td>{Commune.objects.get(pk='HT0111').name}</td>" in rows
