"""The incident form for the field (issue 11, item 2): the mission's fields first,
ACLED's folded, a pin or a commune chosen by name with its P-code and place names
derived, dependent choices, warnings for figures that disagree; and the joint
operation's way to it (issue 11, dead ends)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from konbit.core.models import AuditEntry
from konbit.forces.tests.factories import UnitFactory
from konbit.operations.models import Incident, JointOperation, OperationStatus, Origin
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory

pytestmark = pytest.mark.django_db

NEW = "/incidents/new/"
REPORT = {
    "event_date": "2025-03-25",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Gran Grif",
    "verification": "reported",
    "version": "",
}


def test_the_missions_fields_come_first_and_acleds_are_folded(
    client_as: Any, cast: dict[str, Any]
) -> None:
    page = client_as(cast["hq_staff"]).get(NEW).content.decode()
    order = [page.index(f'name="{name}"') for name in ("event_type", "event_date", "commune")]
    assert order == sorted(order)
    assert page.index('name="actor1"') < page.index('name="disorder_type"')
    acled = page.index("ACLED coding (optional)")
    assert page.index('name="disorder_type"') > acled and page.index('name="iso"') > acled
    folded = page.rfind("<details", 0, acled)
    assert " open" not in page[folded : page.index(">", folded)]
    # The map to drop a pin, "use my location", and no inline script (the CSP).
    assert 'id="pin-map"' in page and 'id="use-location"' in page
    assert "operations/incident_form.js" in page
    scripts = [chunk.split(">")[0] for chunk in page.split("<script")[1:]]
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
    # Sub-event types grouped by event type; the commune by name, not a code.
    assert '<optgroup label="Battles">' in page
    assert 'hx-get="/choose/commune/?field=commune"' in page
    assert 'name="admin3"' in page and page.index('name="admin3"') > acled


def test_a_commune_by_name_and_no_pin(client_as: Any, cast: dict[str, Any]) -> None:
    """Without a pin the commune stands for the place (its inner point, precision 2);
    its P-code and ACLED's place names come from the gazetteer."""
    response = client_as(cast["hq_staff"]).post(NEW, {**REPORT, "commune": "cite soleil"})
    assert response.status_code == 302, response.context["form"].errors
    incident = Incident.objects.get()
    assert incident.commune_pcode == "HT0117"
    assert (incident.admin1, incident.admin3) == ("Ouest", "Cité Soleil")
    assert incident.admin2 and incident.country == "Haiti" and incident.iso == 332
    assert incident.geo_precision == 2
    detail = client_as(cast["hq_staff"]).get(response["Location"]).content.decode()
    assert "Cité Soleil, Ouest" in detail  # the name, not only "HT0117"


def test_a_pin_fills_the_commune(client_as: Any, cast: dict[str, Any]) -> None:
    data = {**REPORT, "latitude": "18.5776", "longitude": "-72.2270"}
    assert client_as(cast["hq_staff"]).post(NEW, data).status_code == 302
    incident = Incident.objects.get()
    assert incident.commune_pcode == "HT0131"
    assert incident.admin3 and incident.admin1


def test_a_pin_outside_the_commune_chosen_is_an_error_naming_both(
    client_as: Any, cast: dict[str, Any]
) -> None:
    data = {**REPORT, "latitude": "18.5776", "longitude": "-72.2270", "commune": "HT0117"}
    response = client_as(cast["hq_staff"]).post(NEW, data)
    assert response.status_code == 200
    error = response.context["form"].errors["commune"][0]
    assert "Cité Soleil" in error and "croix-des-bouquets" in error.lower()
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({}, "latitude"),  # neither a pin nor a commune
        ({"latitude": "18.5"}, "longitude"),
        ({"commune": "Atlantis"}, "commune"),
    ],
)
def test_a_place_is_needed(
    client_as: Any, cast: dict[str, Any], change: dict[str, str], field: str
) -> None:
    before = AuditEntry.objects.count()
    response = client_as(cast["hq_staff"]).post(NEW, {**REPORT, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Incident.objects.exists() and AuditEntry.objects.count() == before


def test_units_follow_the_contingent(
    client_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    ken = UnitFactory(contingent=contingents["KEN"], name="Kenyan unit")
    jam = UnitFactory(contingent=contingents["JAM"], name="Jamaican unit")
    browser = client_as(cast["hq_staff"])
    page = browser.get(NEW).content.decode()
    assert f'<optgroup label="{contingents["KEN"]}">' in page
    data = {**REPORT, "commune": "HT0111", "reporting_contingent": contingents["KEN"].pk}
    refused = browser.post(NEW, {**data, "reporting_unit": jam.pk})
    assert "reporting_unit" in refused.context["form"].errors
    assert browser.post(NEW, {**data, "reporting_unit": ken.pk}).status_code == 302
    assert Incident.objects.get().reporting_unit == ken


def test_figures_that_disagree_are_said_not_refused(client_as: Any, cast: dict[str, Any]) -> None:
    browser = client_as(cast["hq_staff"])
    data = {**REPORT, "commune": "HT0111", "fatalities": "2", "killed_adult_male": "0"}
    response = browser.post(NEW, data, follow=True)
    text = response.content.decode()
    assert Incident.objects.get().fatalities == 2
    assert "Check the figures" in text and "Figures to check" in text
    assert "2 fatalities, but nobody is counted killed" in text
    consistent = IncidentFactory(fatalities=1, killed_adult_male=1)
    assert consistent.figure_warnings() == []
    assert IncidentFactory(fatalities=0, killed_child_female=2).figure_warnings()


def test_figures_are_checked_as_they_are_typed(client_as: Any, cast: dict[str, Any]) -> None:
    """The form asks /incidents/figures/ (htmx) as figures change: the same warnings
    as once saved, a figure not yet a number read as 0, nothing written; those who may
    not record an incident are refused."""
    page = client_as(cast["hq_staff"]).get(NEW).content.decode()
    assert 'hx-post="/incidents/figures/"' in page
    browser = client_as(cast["hq_staff"])
    said = browser.post("/incidents/figures/", {"fatalities": "2", "killed_adult_male": "0"})
    assert said.status_code == 200
    assert "2 fatalities, but nobody is counted killed" in said.content.decode()
    agreed = browser.post("/incidents/figures/", {"fatalities": "1", "killed_adult_male": "1"})
    assert "Figures to check" not in agreed.content.decode()
    typing = browser.post("/incidents/figures/", {"fatalities": "2x", "killed_adult_male": "-"})
    assert typing.status_code == 200 and "Figures to check" not in typing.content.decode()
    # Editing an ACLED event: its origin's checks (no breakdown by victim expected).
    acled = IncidentFactory(fatalities=3, origin=Origin.ACLED)
    edit = browser.post(f"/incidents/figures/?incident={acled.pk}", {"fatalities": "3"})
    assert edit.status_code == 200 and "Figures to check" not in edit.content.decode()
    assert browser.get("/incidents/figures/").status_code == 405
    assert client_as(cast["analyst"]).post("/incidents/figures/", {}).status_code == 403
    assert AuditEntry.objects.filter(action="create").count() == 0


def test_the_victims_are_a_grid(client_as: Any, cast: dict[str, Any]) -> None:
    page = client_as(cast["hq_staff"]).get(NEW).content.decode()
    grid = page.split('class="table-wrap victims"')[1].split("</table>")[0]
    assert grid.count('type="number"') == 16 and 'inputmode="numeric"' in grid


# --- from a joint operation -------------------------------------------------------------


def test_a_saved_operation_offers_to_record_an_incident(
    client_as: Any, cast: dict[str, Any]
) -> None:
    operation = JointOperationFactory(name="Operation Prefill")
    operation.communes.set(["HT0112"])
    page = client_as(cast["hq_staff"]).get(f"/operations/{operation.pk}/").content.decode()
    link = f"/incidents/new/?operation={operation.pk}"
    assert link in page
    form = client_as(cast["hq_staff"]).get(link).content.decode()
    assert 'value="Operation Prefill"' in form and 'value="Delmas (HT0112)"' in form
    assert "Linked to the joint operation Operation Prefill." in form
    # Recorded from there, the incident belongs to the operation.
    data = {**REPORT, "operation": "Operation Prefill", "commune": "Delmas (HT0112)"}
    assert client_as(cast["hq_staff"]).post(link, data).status_code == 302
    assert Incident.objects.get().operation == operation
    # Who may not record incidents is not offered the link.
    analyst = client_as(cast["analyst"]).get(f"/operations/{operation.pk}/").content.decode()
    assert link not in analyst


def test_an_unknown_operation_in_the_link_prefills_nothing(
    client_as: Any, cast: dict[str, Any]
) -> None:
    for key in ("not-an-id", "11111111-1111-1111-1111-111111111111"):
        response = client_as(cast["hq_staff"]).get(NEW, {"operation": key})
        assert response.status_code == 200
        assert response.context["operation"] is None


def test_an_operation_past_its_end_is_not_under_way(
    client_as: Any, api_as: Any, cast: dict[str, Any]
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    ended = JointOperationFactory(
        name="Ended patrol",
        starts_on=yesterday - dt.timedelta(days=5),
        ends_on=yesterday,
        status=OperationStatus.UNDER_WAY,
    )
    running = JointOperationFactory(
        name="Running patrol", starts_on=yesterday, status=OperationStatus.UNDER_WAY
    )
    assert ended.current_status == OperationStatus.COMPLETED and ended.status_lags
    assert running.current_status == OperationStatus.UNDER_WAY and not running.status_lags
    page = client_as(cast["hq_staff"]).get(f"/operations/{ended.pk}/").content.decode()
    assert "Completed" in page and "Recorded as “Under way”, but it ended on" in page
    api = api_as(cast["hq_staff"])
    body = api.get("/api/v1/operations/", {"status": "under_way"}).json()
    assert [row["name"] for row in body["results"]] == ["Running patrol"]
    body = api.get("/api/v1/operations/", {"status": "completed"}).json()
    assert [row["name"] for row in body["results"]] == ["Ended patrol"]
    assert body["results"][0]["status"] == "under_way"
    assert body["results"][0]["current_status"] == "completed"
    listed = client_as(cast["hq_staff"]).get("/operations/").content.decode()
    row = listed.split(">Ended patrol</a>")[1].split("</tr>")[0]
    assert "Completed" in row and "Under way" not in row
    assert JointOperation.objects.get(pk=ended.pk).status == OperationStatus.UNDER_WAY
