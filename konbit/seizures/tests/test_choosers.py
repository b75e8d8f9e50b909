"""Seizures filtered and attributed by name (core.choosers): the commune, contingent,
operation and armed group by name or code; an unknown one is a 400 naming the
parameter (API) or an error beside an empty list (page), never every seizure."""

from __future__ import annotations

from typing import Any

import pytest

from konbit.accounts.services import system_user
from konbit.actors.tests.factories import ArmedGroupFactory
from konbit.operations.tests.factories import JointOperationFactory
from konbit.seizures.tests.factories import make_seizure

pytestmark = pytest.mark.django_db


@pytest.fixture
def seized(contingents: Any) -> dict[str, Any]:
    actor = system_user()
    group = ArmedGroupFactory(name="Village de Dieu")
    operation = JointOperationFactory(name="Operation Tanpèt")
    ken = make_seizure(
        actor,
        contingents["KEN"],
        latitude=18.5745,
        longitude=-72.3337,
        armed_group=group,
        operation=operation,
    )
    jam = make_seizure(actor, contingents["JAM"])
    return {"ken": ken, "jam": jam, "group": group, "operation": operation}


@pytest.mark.parametrize(
    "params",
    [
        {"contingent": "Kenya"},
        {"contingent": "KEN"},
        {"group": "village de dieu"},
        {"operation": "Operation Tanpèt"},
    ],
)
def test_api_filters_by_name_or_code(
    cast: dict[str, Any], api_as: Any, seized: dict[str, Any], params: dict[str, str]
) -> None:
    response = api_as(cast["hq_staff"]).get("/api/v1/seizures/", params)
    assert response.status_code == 200, response.content
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [str(seized["ken"].pk)]


@pytest.mark.parametrize(
    "param, value",
    [("contingent", "Narnia"), ("commune", "Cabaret City"), ("group", "No such gang")],
)
def test_api_unknown_value_is_a_400_naming_the_parameter(
    cast: dict[str, Any], api_as: Any, seized: dict[str, Any], param: str, value: str
) -> None:
    response = api_as(cast["hq_staff"]).get("/api/v1/seizures/", {param: value})
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_page_shows_the_error_and_no_rows(
    cast: dict[str, Any], client_as: Any, seized: dict[str, Any]
) -> None:
    text = client_as(cast["hq_staff"]).get("/seizures/", {"commune": "Cabaret City"}).content
    page = text.decode()
    assert "The filters have an error" in page and "Cabaret City" in page
    assert "Seizures found: 0" in page


def test_page_filter_by_commune_name(
    cast: dict[str, Any], client_as: Any, seized: dict[str, Any]
) -> None:
    ken = seized["ken"]
    assert ken.commune_pcode
    page = client_as(cast["hq_staff"]).get("/seizures/", {"commune": ken.commune_pcode})
    assert "Seizures found: 1" in page.content.decode()


def test_the_form_chooses_group_and_operation_by_name(
    cast: dict[str, Any], client_as: Any, seized: dict[str, Any]
) -> None:
    browser = client_as(cast["hq_staff"])
    text = browser.get("/seizures/new/").content.decode()
    assert "/choose/armed_group/?field=armed_group" in text
    assert "/choose/operation/?field=operation" in text
    seizure = seized["jam"]
    edit = browser.get(f"/seizures/{seizure.pk}/edit/")
    assert edit.status_code == 200


def test_armed_group_suggestions(cast: dict[str, Any], client_as: Any, seized: Any) -> None:
    response = client_as(cast["hq_staff"]).get("/choose/armed_group/", {"q": "village"})
    assert '<option value="Village de Dieu">' in response.content.decode()


def test_the_form_chooses_the_incident_by_place_or_acled_id(
    cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    from konbit.operations.tests.factories import IncidentFactory
    from konbit.seizures.models import Seizure

    incident = IncidentFactory(source_key="HTI99001", event_id_cnty="HTI99001")
    browser = client_as(cast["ken_commander"])
    assert "/choose/incident/?field=incident" in browser.get("/seizures/new/").content.decode()
    offered = browser.get("/choose/incident/", {"q": "savien"}).content.decode()
    assert "2025-02-23 Savien (HTI99001)" in offered
    form = {
        "seized_at": "2025-02-23T14:00",
        "location": "Savien road",
        "persons_arrested": 0,
        "seizing_contingent": str(contingents["KEN"].pk),
    }
    refused = browser.post("/seizures/new/", {**form, "incident": "HTI00000"})
    assert refused.status_code == 200 and not Seizure.objects.exists()
    saved = browser.post("/seizures/new/", {**form, "incident": "HTI99001"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Seizure.objects.get().incident == incident
    detail = browser.get(f"/seizures/{Seizure.objects.get().pk}/").content.decode()
    assert f"/incidents/{incident.pk}/" in detail and "(HTI99001)" in detail
