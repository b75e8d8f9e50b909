from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer

from konbit.accounts.services import token_issue
from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.operations import selectors
from konbit.operations.models import SENSITIVE_FIELDS, Incident, JointOperation
from konbit.operations.serializers import LIST_FIELDS
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory, import_acled

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "acled_haiti_2022_sample.csv"
URL = "/api/v1/incidents/"
SECRET = "Informant 7 (demo)"


@pytest.fixture
def world(cast: dict[str, Any], contingents: Any) -> dict[str, Any]:
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    ken = IncidentFactory(
        reporting_contingent=contingents["KEN"], notes="Victim named", sensitive=True
    )
    released = IncidentFactory(
        released_to_hnp=True, notes="Shared", reporting_contingent=contingents["JAM"]
    )
    return {"ken": ken, "released": released}


LIST_STATUS = {"anonymous": 401}
VISIBLE = {
    "mission_admin": 24,
    "hq_staff": 24,
    "ken_commander": 24,
    "jam_commander": 24,
    "hnp_liaison": 23,
    "oversight_officer": 24,
    "analyst": 24,
}


@pytest.mark.parametrize("who", CAST)
def test_list_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    response = api_as(cast[who]).get(URL)
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert response.json()["count"] == VISIBLE[who]
    for field in SENSITIVE_FIELDS:
        assert field not in response.json()["results"][0]


@pytest.mark.parametrize("who", [name for name in CAST if name != "anonymous"])
@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 10},
        {"page_size": 10, "page": 3},
        {"page_size": 100, "event_type": "Protests"},
        {"page_size": 5, "since": "2022-01-01", "origin": "mission"},
    ],
)
def test_list_rows_are_the_values_of_the_visible_incidents(
    api_as: Any, cast: dict[str, Any], world: Any, who: str, params: dict[str, Any]
) -> None:
    """Byte for byte what the list wrote when it rendered ``values(*LIST_FIELDS)``:
    same keys in the same order, ids and dates as text, numbers as numbers."""
    response = api_as(cast[who]).get(URL, params)
    assert response.status_code == 200
    body = response.json()
    visible = selectors.incidents_visible_to(cast[who])
    for name in ("event_type", "origin"):
        if name in params:
            visible = visible.filter(**{name: params[name]})
    if "since" in params:
        visible = visible.filter(event_date__gte=params["since"])
    start = (params.get("page", 1) - 1) * params["page_size"]
    rows = list(visible.values(*LIST_FIELDS)[start : start + params["page_size"]])
    assert rows, "the case should show rows"
    expected = {
        "count": visible.count(),
        "next": body["next"],
        "previous": body["previous"],
        "results": rows,
    }
    assert response.content == JSONRenderer().render(expected)


@pytest.mark.parametrize("who", CAST)
def test_detail_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    response = api_as(cast[who]).get(f"{URL}{world['ken'].pk}/")
    expected = {"anonymous": 401, "hnp_liaison": 404}.get(who, 200)
    assert response.status_code == expected
    if expected != 200:
        return
    body = response.json()
    if who == "analyst":
        assert not set(SENSITIVE_FIELDS) & set(body) and body["notes"] == ""
    else:
        assert body["source_identity"] == SECRET and body["notes"] == "Victim named"
        assert AuditEntry.objects.filter(action="read", target_id=str(world["ken"].pk)).exists()


def test_hnp_reads_released_without_sensitive(
    api_as: Any, cast: dict[str, Any], world: Any
) -> None:
    body = api_as(cast["hnp_liaison"]).get(f"{URL}{world['released'].pk}/").json()
    assert body["notes"] == "Shared"
    assert not set(SENSITIVE_FIELDS) & set(body)
    assert SECRET not in json.dumps(body)


@pytest.mark.parametrize("who", CAST)
def test_create_by_role(api_as: Any, cast: dict[str, Any], contingents: Any, who: str) -> None:
    data = {
        "event_date": "2025-03-25",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Gran Grif",
        "latitude": 19.15,
        "longitude": -72.61,
        "killed_adult_male": 1,
    }
    response = api_as(cast[who]).post(URL, data, format="json")
    expected = {
        "mission_admin": 201,
        "hq_staff": 201,
        "ken_commander": 201,
        "jam_commander": 201,
        "anonymous": 401,
        "hnp_liaison": 403,
        "oversight_officer": 403,
        "analyst": 403,
    }[who]
    assert response.status_code == expected, response.content
    assert Incident.objects.count() == (1 if expected == 201 else 0)


@pytest.mark.parametrize("who", CAST)
def test_update_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    incident = world["ken"]
    response = api_as(cast[who]).patch(
        f"{URL}{incident.pk}/", {"category": "MASSACRE", "version": 1}, format="json"
    )
    expected = {
        "mission_admin": 200,
        "hq_staff": 200,
        "ken_commander": 200,
        "jam_commander": 403,
        "anonymous": 401,
        "hnp_liaison": 404,
        "oversight_officer": 403,
        "analyst": 403,
    }[who]
    assert response.status_code == expected
    incident.refresh_from_db()
    assert incident.category == ("MASSACRE" if expected == 200 else "ARMED_CLASH_SECURITY_FORCES")


@pytest.mark.parametrize("who", CAST)
def test_release_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    incident = world["ken"]
    response = api_as(cast[who]).post(f"{URL}{incident.pk}/release/", {"version": 1}, format="json")
    expected = {"mission_admin": 200, "hq_staff": 200, "anonymous": 401, "hnp_liaison": 404}.get(
        who, 403
    )
    assert response.status_code == expected
    incident.refresh_from_db()
    assert incident.released_to_hnp is (expected == 200)


def test_stale_version_is_409(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    client = api_as(cast["hq_staff"])
    url = f"{URL}{world['ken'].pk}/"
    assert (
        client.patch(url, {"category": "KILLING", "version": 1}, format="json").status_code == 200
    )
    assert client.patch(url, {"category": "INJURY", "version": 1}, format="json").status_code == 409


def test_list_filters_and_constant_queries(
    api_as: Any, cast: dict[str, Any], world: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_as(cast["analyst"])
    with django_assert_max_num_queries(6):
        body = client.get(URL, {"page_size": 100}).json()
    assert body["count"] == 24
    IncidentFactory.create_batch(30)
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"page_size": 100}).json()["count"] == 54
    body = client.get(URL, {"event_type": "Protests", "commune": "HT0111"}).json()
    assert (
        body["count"]
        == Incident.objects.filter(event_type="Protests", commune_pcode="HT0111").count()
    )
    assert body["count"] > 0
    assert (
        client.get(URL, {"actor": "mawozo"}).json()["count"]
        == Incident.objects.filter(actor1__icontains="mawozo").count()
        + Incident.objects.filter(actor2__icontains="mawozo")
        .exclude(actor1__icontains="mawozo")
        .count()
    )


@pytest.mark.parametrize("who", ["hnp_liaison", "analyst"])
def test_list_queries_are_as_many_whatever_the_page(
    api_as: Any, cast: dict[str, Any], world: Any, who: str, django_assert_num_queries: Any
) -> None:
    """With a token, as clients call it: the token with its user and the user's
    roles, the total (from the tally when unfiltered) and the page; the total alone
    when the page is empty or beyond the last."""
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=cast[who])}")
    assert client.get(URL).status_code == 200  # records the token's first use
    acled = Incident.objects.filter(origin="acled").count()
    for size in (5, 100):
        with django_assert_num_queries(3):
            body = client.get(URL, {"page_size": size}).json()
        assert len(body["results"]) == min(size, VISIBLE[who])
        with django_assert_num_queries(3):
            body = client.get(URL, {"page_size": size, "origin": "acled"}).json()
        assert body["count"] == acled and len(body["results"]) == min(size, acled)
    with django_assert_num_queries(3):
        body = client.get(URL, {"page_size": 5, "page": 2, "origin": "acled"}).json()
    assert body["count"] == acled and len(body["results"]) == min(5, acled - 5)
    with django_assert_num_queries(2):
        body = client.get(URL, {"event_type": "Battles", "since": "2099-01-01"}).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}
    with django_assert_num_queries(2):
        beyond = client.get(URL, {"page_size": 5, "page": 99, "origin": "acled"})
    assert beyond.status_code == 404
    IncidentFactory.create_batch(30, released_to_hnp=True)
    with django_assert_num_queries(3):
        assert client.get(URL, {"page_size": 100}).json()["count"] == VISIBLE[who] + 30
    with django_assert_num_queries(2):
        assert client.get(URL, {"page": 99}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"since": "2023-13-45"}, {"event_type": "Nope"}, {"origin": "elsewhere"}, {"until": "x"}],
)
def test_a_bad_filter_is_400_naming_it(
    api_as: Any, cast: dict[str, Any], world: Any, params: dict[str, str]
) -> None:
    response = api_as(cast["analyst"]).get(URL, params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize("who", CAST)
def test_operations_by_role(api_as: Any, cast: dict[str, Any], contingents: Any, who: str) -> None:
    operation = JointOperationFactory()
    operation.contingents.set([contingents["KEN"]])
    client = api_as(cast[who])
    listed = client.get("/api/v1/operations/")
    assert listed.status_code == (401 if who == "anonymous" else 200)
    data = {
        "name": f"New {who}",
        "starts_on": "2025-03-25",
        "contingents": [str(contingents["KEN"].pk)],
    }
    created = client.post("/api/v1/operations/", data, format="json")
    writers = {"mission_admin", "hq_staff", "ken_commander", "hnp_liaison"}
    expected = (
        201
        if who in writers
        else (401 if who == "anonymous" else 400 if who == "jam_commander" else 403)
    )
    assert created.status_code == expected, created.content
    changed = client.patch(
        f"/api/v1/operations/{operation.pk}/", {"status": "completed", "version": 1}, format="json"
    )
    expected = 200 if who in writers else (401 if who == "anonymous" else 403)
    assert changed.status_code == expected
    operation.refresh_from_db()
    assert operation.status == ("completed" if expected == 200 else "planned")
    assert JointOperation.objects.filter(name=f"New {who}").exists() is (who in writers)


def test_operation_incident_count_is_what_the_reader_may_see(
    api_as: Any, cast: dict[str, Any], contingents: Any, client_as: Any
) -> None:
    operation = JointOperationFactory()
    IncidentFactory.create_batch(2, operation=operation)  # mission reports, not released
    IncidentFactory(operation=operation, released_to_hnp=True)

    def count(who: str) -> int:
        body = api_as(cast[who]).get("/api/v1/operations/").json()
        return int(body["results"][0]["incident_count"])

    assert count("hq_staff") == 3
    assert count("hnp_liaison") == 1
    page = client_as(cast["hnp_liaison"]).get("/operations/").content.decode()
    assert "<td>1</td>" in page and "<td>3</td>" not in page


def test_incidents_by_reporting_contingent_code_or_id(
    api_as: Any, cast: dict[str, Any], world: dict[str, Any], contingents: Any
) -> None:
    client = api_as(cast["hq_staff"])
    ken = contingents["KEN"]
    expected = Incident.objects.filter(reporting_contingent=ken).count()
    assert expected >= 1
    for value in ["KEN", "ken", str(ken.pk), ken.name, ken.name.upper(), f"{ken.name} (KEN)"]:
        body = client.get(URL, {"contingent": value}).json()
        assert body["count"] == expected, value
    # A contingent that does not exist is an error of the parameter, never 0 rows.
    for value in ["ZZZ", "Kenya!", "11111111-1111-1111-1111-111111111111"]:
        refused = client.get(URL, {"contingent": value})
        assert refused.status_code == 400 and "contingent" in refused.json()["errors"], value


def test_incidents_by_joint_operation(
    api_as: Any, cast: dict[str, Any], client_as: Any, contingents: Any
) -> None:
    operation = JointOperationFactory(name="Operation Demo Kenscoff")
    IncidentFactory.create_batch(2, operation=operation)
    IncidentFactory()
    client = api_as(cast["analyst"])
    assert client.get(URL, {"operation": str(operation.pk)}).json()["count"] == 2
    assert client.get(URL, {"operation": "operation demo kenscoff"}).json()["count"] == 2
    refused = client.get(URL, {"operation": "not-an-id"})
    assert refused.status_code == 400 and "operation" in refused.json()["errors"]
    page = client_as(cast["analyst"]).get("/incidents/").content.decode()
    # Chosen by name: a box whose suggestions come from the operations' chooser.
    assert 'hx-get="/choose/operation/?field=operation"' in page
    assert 'type="date"' in page
