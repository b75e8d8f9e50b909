"""Choosers (core.choosers): records chosen by name, their suggestions asked of the
entity's policy, what was typed resolved to one record or an error naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.accounts.tests.factories import UserFactory
from konbit.core.choosers import ChooserField, all_choosers, chooser
from konbit.core.models import AuditAction, AuditEntry
from konbit.core.policies import policy_for
from konbit.forces.models import Personnel
from konbit.forces.tests.factories import PersonnelFactory
from konbit.operations.tests.factories import JointOperationFactory

pytestmark = pytest.mark.django_db


def options(client: Any, name: str, q: str) -> list[str]:
    response = client.get(f"/choose/{name}/", {"q": q})
    assert response.status_code == 200
    return [
        line.split('"')[1] for line in response.content.decode().split("<option")[1:] if '"' in line
    ]


def test_every_part_registers_its_choosers() -> None:
    names = {one.name for one in all_choosers()}
    assert {"commune", "department", "contingent", "person", "operation"} <= names


@pytest.mark.parametrize("who", CAST)
def test_commune_suggestions_over_the_cast(cast: dict[str, Any], client_as: Any, who: str) -> None:
    response = client_as(cast[who]).get("/choose/commune/", {"q": "cite sol"})
    if who == "anonymous":
        assert response.status_code == 302
        return
    # Every role reads the gazetteer: accents and case ignored, the P-code shown.
    assert response.status_code == 200
    assert '<option value="Cité Soleil (HT0117)">' in response.content.decode()


def test_a_user_without_a_role_gets_404(client_as: Any, db: Any) -> None:
    nobody = UserFactory(username="no_role")
    for one in all_choosers():
        assert client_as(nobody).get(one.url(), {"q": "a"}).status_code == 404


def test_suggestions_by_code_and_by_the_boxs_own_parameter(
    cast: dict[str, Any], client_as: Any
) -> None:
    browser = client_as(cast["analyst"])
    assert options(browser, "commune", "HT0112") == ["Delmas (HT0112)"]
    assert options(browser, "department", "nord") == [
        "Nord (HT03)",
        "Nord-Est (HT04)",
        "Nord-Ouest (HT09)",
    ]
    # htmx sends the box's value under its own name; ``field`` says which.
    response = browser.get("/choose/commune/", {"field": "commune", "commune": "delmas"})
    assert '<option value="Delmas (HT0112)">' in response.content.decode()
    assert options(browser, "commune", "") == []


@pytest.mark.parametrize("who", ["mission_admin", "hq_staff", "ken_commander", "jam_commander"])
def test_people_offered_are_those_the_policy_shows(
    cast: dict[str, Any], client_as: Any, contingents: Any, who: str
) -> None:
    ken = PersonnelFactory(contingent=contingents["KEN"], family_name="Mwangitest")
    jam = PersonnelFactory(contingent=contingents["JAM"], family_name="Mwangitest")
    before = AuditEntry.objects.filter(action=AuditAction.READ).count()
    offered = options(client_as(cast[who]), "person", "mwangitest")
    visible = set(policy_for(Personnel).visible(cast[who]).values_list("pk", flat=True))
    expected = {chooser("person").label(person) for person in (ken, jam) if person.pk in visible}
    assert set(offered) == expected
    # People's records are read-audited: each one offered is a read.
    reads = AuditEntry.objects.filter(action=AuditAction.READ).count() - before
    assert reads == len(expected)


@pytest.mark.parametrize("who", ["hnp_liaison", "analyst"])
def test_roles_without_people_get_404(cast: dict[str, Any], client_as: Any, who: str) -> None:
    assert client_as(cast[who]).get("/choose/person/", {"q": "a"}).status_code == 404


def test_suggestions_in_a_constant_number_of_queries(
    cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    browser = client_as(cast["hq_staff"])
    PersonnelFactory.create_batch(3, contingent=contingents["KEN"], family_name="Querytest")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            options(browser, "person", "querytest")
        return len(captured)

    few = count()
    PersonnelFactory.create_batch(15, contingent=contingents["JAM"], family_name="Querytest")
    assert count() == few


class PlaceForm(forms.Form):
    commune = ChooserField("commune", to_code=True)
    contingent = ChooserField("contingent", required=False)


@pytest.mark.parametrize(
    ("typed", "pcode"),
    [
        ("HT0111", "HT0111"),
        ("ht0111", "HT0111"),
        ("Cité Soleil", "HT0117"),
        ("cite   soleil", "HT0117"),
        ("CITE-SOLEIL", "HT0117"),
        ("Cité Soleil (HT0117)", "HT0117"),
        ("Delmas (HT0112)", "HT0112"),
    ],
)
def test_typed_values_resolve(cast: dict[str, Any], typed: str, pcode: str) -> None:
    form = PlaceForm({"commune": typed})
    form.fields["commune"].user = cast["analyst"]  # type: ignore[attr-defined]
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == pcode


@pytest.mark.parametrize("typed", ["Nowhere", "HT9999", "Cité Soleil (HT9999) x"])
def test_unknown_values_are_an_error_of_the_field(cast: dict[str, Any], typed: str) -> None:
    form = PlaceForm({"commune": typed})
    form.fields["commune"].user = cast["analyst"]  # type: ignore[attr-defined]
    assert not form.is_valid()
    assert list(form.errors) == ["commune"]
    assert typed.strip() in form.errors["commune"][0]


def test_a_contingent_by_country_name_or_code(cast: dict[str, Any], contingents: Any) -> None:
    for typed in ("KEN", "ken", "Kenya", contingents["KEN"].name, str(contingents["KEN"].pk)):
        form = PlaceForm({"commune": "HT0111", "contingent": typed})
        for field in form.fields.values():
            field.user = cast["hq_staff"]  # type: ignore[attr-defined]
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["contingent"] == contingents["KEN"]


def test_two_records_of_one_name_are_ambiguous(cast: dict[str, Any], contingents: Any) -> None:
    PersonnelFactory(contingent=contingents["KEN"], given_name="Twin", family_name="Sametest")
    PersonnelFactory(contingent=contingents["JAM"], given_name="Twin", family_name="Sametest")
    field = ChooserField("person", user=cast["hq_staff"])
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("Sametest")
    assert refused.value.code == "ambiguous"


def test_a_record_the_user_may_not_see_is_unknown(cast: dict[str, Any], contingents: Any) -> None:
    """A commander typing the service number of another contingent's officer learns
    nothing: the same error as a number that does not exist."""
    jam = PersonnelFactory(contingent=contingents["JAM"])
    field = ChooserField("person", user=cast["ken_commander"])
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(jam.service_number)
    assert refused.value.code == "unknown"
    assert ChooserField("person", user=cast["jam_commander"]).clean(jam.service_number) == jam


def test_operations_by_name(cast: dict[str, Any], client_as: Any) -> None:
    operation = JointOperationFactory(name="Operation Chooser Test")
    assert options(client_as(cast["analyst"]), "operation", "chooser test") == [operation.name]
    field = ChooserField("operation", user=cast["analyst"])
    assert field.clean("operation chooser TEST") == operation
    assert field.clean(str(operation.pk)) == operation


def test_a_filter_on_codes_gets_the_code_the_record_would_give(
    cast: dict[str, Any], contingents: Any
) -> None:
    """``to_code`` fields resolve the code alone (lighter queries): the same answers
    and the same errors as resolving the record and taking its code."""
    hq = cast["hq_staff"]
    operation = JointOperationFactory(name="Code Only Sweep")
    typed_codes = [
        ("contingent", "Kenya", "KEN"),
        ("contingent", str(contingents["KEN"].pk), "KEN"),
        ("operation", "code only sweep", str(operation.pk)),
        ("commune", "Delmas (HT0112)", "HT0112"),
    ]
    for name, typed, code in typed_codes:
        field = ChooserField(name, user=hq, to_code=True)
        assert field.clean(typed) == code, (name, typed)
        record = ChooserField(name, user=hq).clean(typed)
        assert chooser(name).key(record) == code
    PersonnelFactory(contingent=contingents["KEN"], given_name="Twin", family_name="Codetest")
    PersonnelFactory(contingent=contingents["JAM"], given_name="Twin", family_name="Codetest")
    with pytest.raises(forms.ValidationError) as refused:
        ChooserField("person", user=hq, to_code=True).clean("Codetest")
    assert refused.value.code == "ambiguous"


def test_a_nul_in_a_chosen_value_is_an_error_of_its_field_never_a_query(
    api_as: Any, client_as: Any, cast: dict[str, Any]
) -> None:
    """PostgreSQL refuses a NUL character in a query: a filter, a form or a search
    holding one answers with the field's error (400 in the API), never a 500."""
    response = api_as(cast["hq_staff"]).get("/api/v1/operations/", {"commune": "Gon\x00aives"})
    assert response.status_code == 400 and "commune" in response.json()["errors"]
    page = client_as(cast["hq_staff"]).get("/operations/", {"commune": "Gon\x00aives"})
    assert page.status_code == 200
    search = client_as(cast["hq_staff"]).get("/choose/commune/", {"q": "Gon\x00"})
    assert search.status_code == 200
