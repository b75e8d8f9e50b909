"""The joint operation's form: its communes chosen by name, one a line (a
``ChooserMultipleField``), never from a select of 140; an unknown one is an error of
the field naming its line, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from konbit.operations.models import JointOperation
from konbit.operations.tests.factories import JointOperationFactory

pytestmark = pytest.mark.django_db


def form_data(contingents: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "name": "Operation Lakay",
        "starts_on": "2025-03-01",
        "status": "planned",
        "contingents": [str(contingents["KEN"].pk)],
        **dict.fromkeys(
            (
                "arrests",
                "mission_killed",
                "mission_injured",
                "hnp_killed",
                "hnp_injured",
                "gang_killed",
                "gang_injured",
                "civilians_killed",
                "civilians_injured",
            ),
            "0",
        ),
    }
    data.update(extra)
    return data


def test_the_form_offers_a_chooser_not_a_select(cast: dict[str, Any], client_as: Any) -> None:
    text = client_as(cast["hq_staff"]).get("/operations/new/").content.decode()
    assert '<textarea name="communes"' in text
    assert 'name="communes_add"' in text and "/choose/commune/?field=communes_add" in text
    assert "<option" not in text.split('name="communes"')[1].split("</div>")[0]


def test_communes_by_name_code_and_label(
    cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    data = form_data(contingents, communes="cite soleil\nHT0112\nDelmas (HT0112)")
    response = client_as(cast["hq_staff"]).post("/operations/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    operation = JointOperation.objects.get(name="Operation Lakay")
    assert sorted(operation.communes.values_list("pcode", flat=True)) == ["HT0112", "HT0117"]


def test_the_box_left_filled_is_added_without_javascript(
    cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    data = form_data(contingents, communes="Delmas", communes_add="Cité Soleil (HT0117)")
    assert client_as(cast["hq_staff"]).post("/operations/new/", data).status_code == 302
    operation = JointOperation.objects.get(name="Operation Lakay")
    assert sorted(operation.communes.values_list("pcode", flat=True)) == ["HT0112", "HT0117"]


def test_an_unknown_commune_is_an_error_naming_its_line(
    cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    data = form_data(contingents, communes="Delmas\nCabaret City")
    response = client_as(cast["hq_staff"]).post("/operations/new/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Line 2: Nothing is named “Cabaret City”" in text
    assert not JointOperation.objects.filter(name="Operation Lakay").exists()


def test_the_edit_form_shows_the_communes_by_name(
    cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    operation = JointOperationFactory()
    operation.contingents.set([contingents["KEN"]])
    operation.communes.set(["HT0112", "HT0117"])
    text = client_as(cast["hq_staff"]).get(f"/operations/{operation.pk}/edit/").content.decode()
    box = text.split('name="communes"')[1].split("</textarea>")[0]
    assert "Delmas (HT0112)" in box and "Cité Soleil (HT0117)" in box


def test_the_incident_form_suggests_armed_groups_to_their_readers(
    cast: dict[str, Any], client_as: Any
) -> None:
    text = client_as(cast["hq_staff"]).get("/incidents/new/").content.decode()
    assert "/choose/armed_group/?field=armed_group" in text
