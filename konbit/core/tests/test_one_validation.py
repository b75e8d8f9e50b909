"""One validation (issue 10, item 4): the API, the forms and the importers refuse the
same values, because they ask the same checks (the model's fields and ``clean``,
ACLED's taxonomy)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from konbit.forces.models import Personnel
from konbit.operations.models import Incident

pytestmark = pytest.mark.django_db

INCIDENT = {
    "event_date": "2025-03-25",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Gran Grif",
    "latitude": 19.15,
    "longitude": -72.61,
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event_type": "Not a type"}, "event_type"),
        ({"sub_event_type": "Peaceful protest"}, "sub_event_type"),
        ({"disorder_type": "Gang war"}, "disorder_type"),
        ({"inter1": 9}, "inter1"),
        ({"interaction": 99}, "interaction"),
    ],
)
def test_the_api_refuses_what_the_acled_taxonomy_refuses(
    api_as: Any, cast: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    response = api_as(cast["hq_staff"]).post(
        "/api/v1/incidents/", {**INCIDENT, **change}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Incident.objects.exists()


def test_a_known_spelling_is_stored_in_acleds_form(api_as: Any, cast: dict[str, Any]) -> None:
    body = {**INCIDENT, "event_type": "battles", "sub_event_type": "ARMED CLASH"}
    response = api_as(cast["hq_staff"]).post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    assert (incident.event_type, incident.sub_event_type) == ("Battles", "Armed clash")


PERSON = {
    "service_number": "KE-1",
    "rank": "Constable",
    "given_name": "Invented",
    "family_name": "Person",
    "sex": "F",
    "date_of_birth": "1991-02-03",
}


@pytest.mark.parametrize("grade", [0, 21, 99999999])
def test_rank_grade_out_of_range_is_refused_by_api_and_importer(
    api_as: Any, cast: dict[str, Any], contingents: Any, tmp_path: Any, grade: int
) -> None:
    body = {**PERSON, "contingent": str(contingents["KEN"].pk), "rank_grade": grade}
    response = api_as(cast["hq_staff"]).post("/api/v1/personnel/", body, format="json")
    assert response.status_code == 400
    assert "rank_grade" in response.json()["errors"]

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit,rank_grade\n"
        f"KE-1,Constable,Invented,Person,F,1991-02-03,police officer,,{grade}\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_roster", str(roster), "--contingent", "KEN", stdout=io.StringIO(), stderr=err
        )
    assert "rank_grade" in err.getvalue()
    assert not Personnel.objects.exists()


def test_a_rank_grade_in_range_passes_both(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    body = {**PERSON, "contingent": str(contingents["KEN"].pk), "rank_grade": 20}
    response = api_as(cast["hq_staff"]).post("/api/v1/personnel/", body, format="json")
    assert response.status_code == 201, response.content


def test_the_incident_form_refuses_a_sub_event_of_another_event_type(
    client_as: Any, cast: dict[str, Any]
) -> None:
    form = {**INCIDENT, "sub_event_type": "Peaceful protest", "version": ""}
    response = client_as(cast["hq_staff"]).post("/incidents/new/", form)
    assert response.status_code == 200
    assert "sub_event_type" in response.context["form"].errors
    assert not Incident.objects.exists()
