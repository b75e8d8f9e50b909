"""The joint operations' filters (``OperationFilter``), on the API and on the page:
each filter, the errors of bad values, the query counts and the role matrix."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.operations.models import JointOperation
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory

URL = "/api/v1/operations/"
PAGE = "/operations/"


@pytest.fixture
def ops(contingents: dict[str, Any]) -> dict[str, JointOperation]:
    clearance = JointOperationFactory(
        name="Tabarre clearance",
        objective="Reopen the Route Nationale 1 to traffic.",
        starts_on=dt.date(2025, 1, 10),
        ends_on=dt.date(2025, 1, 20),
        status="completed",
    )
    clearance.communes.set(["HT0111", "HT0112"])
    clearance.contingents.set([contingents["KEN"], contingents["JAM"]])
    IncidentFactory.create_batch(3, operation=clearance)
    patrol = JointOperationFactory(
        name="Delmas night patrols",
        objective="Presence in the lower neighbourhoods.",
        starts_on=dt.date(2025, 2, 1),
        ends_on=None,
        status="under_way",
    )
    patrol.communes.set(["HT0111"])
    patrol.contingents.set([contingents["KEN"]])
    escort = JointOperationFactory(
        name="Carrefour escort",
        objective="Escort of a FOOD convoy.",
        starts_on=dt.date(2025, 3, 1),
        ends_on=dt.date(2025, 3, 5),
        status="planned",
    )
    escort.communes.set(["HT0113"])
    escort.contingents.set([contingents["JAM"]])
    return {"clearance": clearance, "patrol": patrol, "escort": escort}


def names(body: dict[str, Any]) -> set[str]:
    return {row["name"] for row in body["results"]}


# --- the API ------------------------------------------------------------------------------

FILTERS = [
    ({}, {"Tabarre clearance", "Delmas night patrols", "Carrefour escort"}),
    ({"status": "under_way"}, {"Delmas night patrols"}),
    # Active in the period: started by its end, not ended before its start.
    ({"since": "2025-01-20"}, {"Tabarre clearance", "Delmas night patrols", "Carrefour escort"}),
    ({"since": "2025-01-21"}, {"Delmas night patrols", "Carrefour escort"}),
    ({"since": "2026-01-01"}, {"Delmas night patrols"}),  # no end: still active
    ({"until": "2025-01-10"}, {"Tabarre clearance"}),
    ({"until": "2025-01-09"}, set()),
    ({"since": "2025-01-15", "until": "2025-02-01"}, {"Tabarre clearance", "Delmas night patrols"}),
    ({"since": "2025-03-02", "until": "2025-03-03"}, {"Delmas night patrols", "Carrefour escort"}),
    ({"since": "2025-01-21", "until": "2025-01-31"}, set()),
    ({"commune": "HT0111"}, {"Tabarre clearance", "Delmas night patrols"}),
    ({"commune": "ht0112"}, {"Tabarre clearance"}),
    ({"commune": "HT0114"}, set()),  # a commune without operations
    # By name too (core.choosers): exact, accents and case ignored, or the list's label.
    ({"commune": "DELMAS"}, {"Tabarre clearance"}),
    ({"commune": "Delmas (HT0112)"}, {"Tabarre clearance"}),
    ({"contingent": "KEN"}, {"Tabarre clearance", "Delmas night patrols"}),
    ({"contingent": "jam"}, {"Tabarre clearance", "Carrefour escort"}),
    ({"q": "tabarre"}, {"Tabarre clearance"}),
    ({"q": "food"}, {"Carrefour escort"}),  # the objective, whatever the case
    ({"q": "ROUTE nationale"}, {"Tabarre clearance"}),  # every word
    ({"q": "route patrols"}, set()),
    ({"q": "   "}, {"Tabarre clearance", "Delmas night patrols", "Carrefour escort"}),
    ({"commune": "HT0111", "contingent": "JAM", "status": "completed"}, {"Tabarre clearance"}),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_each_filter(
    api_as: Any, cast: dict[str, Any], ops: Any, params: dict[str, str], expected: set[str]
) -> None:
    response = api_as(cast["analyst"]).get(URL, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert names(body) == expected
    assert body["count"] == len(expected)  # each operation once, however many matches


def test_filters_through_the_many_to_many_do_not_multiply_counts(
    api_as: Any, cast: dict[str, Any], ops: Any
) -> None:
    client = api_as(cast["hq_staff"])
    params = {"commune": "HT0111", "contingent": "KEN", "since": "2025-01-01"}
    rows = {row["name"]: row for row in client.get(URL, params).json()["results"]}
    assert rows["Tabarre clearance"]["incident_count"] == 3
    assert rows["Delmas night patrols"]["incident_count"] == 0
    # The area and the contingents of a filtered operation are whole, not the match.
    assert sorted(rows["Tabarre clearance"]["communes"]) == ["HT0111", "HT0112"]
    assert len(rows["Tabarre clearance"]["contingents"]) == 2


BAD = [
    ({"since": "2025-13-01"}, "since"),
    ({"until": "yesterday"}, "until"),
    ({"since": "2025-02-01", "until": "2025-01-01"}, "until"),
    ({"commune": "HT9999"}, "commune"),
    ({"commune": "Nowhere"}, "commune"),
    ({"contingent": "ZZZ"}, "contingent"),
    ({"contingent": "11111111-1111-1111-1111-111111111111"}, "contingent"),
    ({"status": "cancelled"}, "status"),
    ({"q": "x" * 201}, "q"),
]


@pytest.mark.parametrize(("params", "field"), BAD)
def test_bad_values_are_400_naming_the_field(
    api_as: Any, cast: dict[str, Any], ops: Any, params: dict[str, str], field: str
) -> None:
    response = api_as(cast["analyst"]).get(URL, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0]
    assert body["detail"] == body["errors"][field][0]


def test_bad_values_in_the_users_language(api_as: Any, cast: dict[str, Any], ops: Any) -> None:
    response = api_as(cast["analyst"]).get(URL, {"since": "2025-13-01"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json()["errors"]["since"] == ["Saisissez une date valide."]


def test_list_runs_a_constant_number_of_queries(
    api_as: Any, cast: dict[str, Any], ops: Any, contingents: Any
) -> None:
    client = api_as(cast["analyst"])
    params = {
        "page_size": 100,
        "commune": "HT0111",
        "contingent": "KEN",
        "since": "2025-01-01",
        "q": "e",
    }

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    queries()  # the first request of this user object also loads their permissions
    few = queries()
    for n in range(20):
        more = JointOperationFactory(name=f"Extra patrol {n}", starts_on=dt.date(2025, 4, 1))
        more.communes.set(["HT0111", "HT0112"])
        more.contingents.set([contingents["KEN"], contingents["JAM"]])
        IncidentFactory(operation=more)
    assert client.get(URL, params).json()["count"] == 22
    assert queries() == few
    assert few <= 8


# --- the role matrix is unchanged by the filters --------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_filters_by_role(api_as: Any, cast: dict[str, Any], ops: Any, who: str) -> None:
    client = api_as(cast[who])
    filtered = client.get(URL, {"contingent": "KEN"})
    bad = client.get(URL, {"since": "not a date"})
    if who == "anonymous":
        # Refused before any filter is read: no 400 that would tell a stranger anything.
        assert filtered.status_code == 401 and bad.status_code == 401
        return
    # Every role of the part reads every joint operation; the filters narrow, never widen.
    assert filtered.status_code == 200
    assert names(filtered.json()) == {"Tabarre clearance", "Delmas night patrols"}
    assert bad.status_code == 400


def test_a_user_without_the_part_gets_404_whatever_the_filters(api_as: Any, db: Any) -> None:
    from konbit.accounts.tests.factories import UserFactory

    nobody = UserFactory(username="no_role")
    assert api_as(nobody).get(URL, {"contingent": "KEN"}).status_code == 404
    assert api_as(nobody).get(URL, {"since": "bad"}).status_code == 404


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_page_filters_like_the_api(
    client_as: Any, cast: dict[str, Any], ops: Any, params: dict[str, str], expected: set[str]
) -> None:
    response = client_as(cast["hnp_liaison"]).get(PAGE, params)
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("Tabarre clearance", "Delmas night patrols", "Carrefour escort"):
        assert (f">{name}</a>" in text) is (name in expected), name


def test_page_offers_the_filters(
    client_as: Any, cast: dict[str, Any], ops: Any, contingents: Any
) -> None:
    text = client_as(cast["analyst"]).get(PAGE).content.decode()
    for name in ("q", "status", "since", "until", "commune", "contingent"):
        assert f'name="{name}"' in text, name
    # Communes and contingents are chosen by name (core.choosers), not from long lists.
    assert 'hx-get="/choose/commune/?field=commune"' in text
    assert 'hx-get="/choose/contingent/?field=contingent"' in text
    assert "<option" not in text.split('name="commune"')[1].split("</div>")[0]
    assert 'type="date"' in text
    # A code written in lower case shows as the record it names.
    text = client_as(cast["analyst"]).get(PAGE, {"contingent": "ken"}).content.decode()
    assert f'value="{contingents["KEN"].name} (KEN)"' in text


@pytest.mark.parametrize(("params", "field"), BAD)
def test_page_shows_a_form_error_for_bad_values(
    client_as: Any, cast: dict[str, Any], ops: Any, params: dict[str, str], field: str
) -> None:
    browser = client_as(cast["analyst"])
    response = browser.get(PAGE, params)
    assert response.status_code == 200
    form = response.context["filter"].form
    assert list(form.errors) == [field]
    text = response.content.decode()
    assert 'class="errorlist' in text
    assert "The filters have an error, so nothing is listed" in text
    assert str(form.fields[field].label) in text
    assert "Tabarre clearance" not in text
    # The htmx partial (no form) names the field too.
    partial = browser.get(PAGE, params, HTTP_HX_REQUEST="true").content.decode()
    assert "<form" not in partial and f"{form.fields[field].label}: " in partial


def test_page_htmx_partial_and_query_count(
    client_as: Any,
    cast: dict[str, Any],
    ops: Any,
    contingents: Any,
    django_assert_max_num_queries: Any,
) -> None:
    browser = client_as(cast["analyst"])
    params = {"commune": "HT0111", "contingent": "KEN", "until": "2025-12-31"}

    def queries(**headers: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(PAGE, params, **headers).status_code == 200
        return len(captured)

    partial = browser.get(PAGE, params, HTTP_HX_REQUEST="true").content.decode()
    assert "<form" not in partial and "Delmas night patrols" in partial
    full, htmx = queries(), queries(HTTP_HX_REQUEST="true")
    for n in range(20):
        more = JointOperationFactory(name=f"Extra patrol {n}")
        more.communes.set(["HT0111"])
        more.contingents.set([contingents["KEN"]])
    assert queries() == full and queries(HTTP_HX_REQUEST="true") == htmx
    with django_assert_max_num_queries(12):
        browser.get(PAGE, params)
