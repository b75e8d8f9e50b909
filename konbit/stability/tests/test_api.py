"""The stability API over the whole cast: milestones (status from the history),
indicators, indicator values (filters, breakdown, the commune's sum) and the public
endpoint."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.stability.models import IndicatorValue, MilestoneStatus
from konbit.stability.tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    MilestoneStatusFactory,
    ObjectiveFactory,
    ValueFactory,
)

pytestmark = pytest.mark.django_db
WRITERS = {"mission_admin", "hq_staff"}


@pytest.fixture
def idps():
    return IndicatorFactory(code="idps", name="Internally displaced people")


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "url", ["/api/v1/milestones/", "/api/v1/indicators/", "/api/v1/indicator-values/"]
)
def test_everyone_signed_in_reads(cast, api_as, who, url, idps):
    ValueFactory(indicator=idps)
    MilestoneFactory()
    response = api_as(cast[who]).get(url)
    if who == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 200
        assert response.json()["count"] == 1


@pytest.mark.parametrize("who", CAST)
def test_only_hq_writes_values_and_a_refusal_changes_nothing(cast, api_as, who, idps):
    value = ValueFactory(indicator=idps, value=10)
    audit = AuditEntry.objects.count()
    api = api_as(cast[who])
    created = api.post(
        "/api/v1/indicator-values/",
        {
            "indicator": str(idps.pk),
            "commune": "HT0117",
            "date": "2024-06-30",
            "value": 40,
            "female": 25,
            "source": "IOM DTM",
        },
        format="json",
    )
    changed = api.patch(
        f"/api/v1/indicator-values/{value.pk}/", {"value": 11, "version": 1}, format="json"
    )
    if who in WRITERS:
        assert created.status_code == 201, created.json()
        body = created.json()
        assert (body["commune"], body["female"], body["male"], body["value"]) == (
            "HT0117",
            25,
            None,
            40,
        )
        assert changed.status_code == 200 and changed.json()["value"] == 11
    else:
        assert created.status_code == (401 if who == "anonymous" else 403)
        assert changed.status_code == (401 if who == "anonymous" else 403)
        assert IndicatorValue.objects.count() == 1
        value.refresh_from_db()
        assert value.value == 10 and value.version == 1
        assert AuditEntry.objects.count() == audit


def test_bad_values_are_refused_with_the_field(cast, api_as, idps):
    api = api_as(cast["hq_staff"])
    base = {"indicator": str(idps.pk), "date": "2024-06-30", "value": 40, "source": "IOM DTM"}
    cases = [
        ({"female": 30, "male": 20}, "female"),
        ({"commune": "HT9999"}, "commune"),
        ({"date": "30/06/2024"}, "date"),
        ({"value": -1}, "value"),
        ({"period_start": "2024-07-01"}, None),
    ]
    for extra, field in cases:
        response = api.post("/api/v1/indicator-values/", {**base, **extra}, format="json")
        assert response.status_code == 400, extra
        if field:
            assert field in response.json()["errors"], response.json()
    assert not IndicatorValue.objects.exists()
    assert api.post("/api/v1/indicator-values/", base, format="json").status_code == 201
    again = api.post("/api/v1/indicator-values/", base, format="json")
    assert again.status_code == 400 and "date" in again.json()["errors"]


def test_value_filters_include_both_dates(cast, api_as, idps):
    for day in ("2024-01-01", "2024-03-31", "2024-06-30", "2024-07-01"):
        ValueFactory(indicator=idps, date=dt.date.fromisoformat(day))
    ValueFactory(indicator=idps, commune_id="HT0117", date=dt.date(2024, 3, 31))
    ValueFactory(indicator=idps, commune_id=None, date=dt.date(2024, 3, 31))
    other = ValueFactory(date=dt.date(2024, 3, 31))
    api = api_as(cast["analyst"])

    def dates(query):
        response = api.get("/api/v1/indicator-values/?" + query)
        assert response.status_code == 200, response.json()
        return sorted(r["date"] for r in response.json()["results"])

    assert dates("indicator=idps&commune=HT0111&since=2024-03-31&until=2024-06-30") == [
        "2024-03-31",
        "2024-06-30",
    ]
    assert dates(f"indicator={idps.pk}&commune=HT0117") == ["2024-03-31"]
    assert dates("indicator=idps&commune=national") == ["2024-03-31"]
    assert dates(f"indicator={other.indicator.pk}") == ["2024-03-31"]
    bad = api.get("/api/v1/indicator-values/?since=yesterday")
    assert bad.status_code == 400 and "since" in bad.json()["errors"]


def test_value_list_query_count_is_constant(cast, api_as, idps):
    api = api_as(cast["analyst"])
    ValueFactory(indicator=idps)
    api.get("/api/v1/indicator-values/")  # the first request of a process reads more
    with CaptureQueriesContext(connection) as few:
        assert api.get("/api/v1/indicator-values/").status_code == 200
    for n in range(30):
        ValueFactory(indicator=IndicatorFactory(), date=dt.date(2023, 1, 1) + dt.timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        assert api.get("/api/v1/indicator-values/").json()["count"] == 31
    assert len(many) == len(few)
    MilestoneStatusFactory()
    with CaptureQueriesContext(connection) as few_m:
        api.get("/api/v1/milestones/")
    for _n in range(10):
        MilestoneStatusFactory()
    with CaptureQueriesContext(connection) as many_m:
        assert api.get("/api/v1/milestones/").json()["count"] == 11
    assert len(many_m) == len(few_m)


def test_milestone_status_comes_from_its_history(cast, api_as):
    milestone = MilestoneFactory(title="Courts reopen", target_date=dt.date(2024, 10, 7))
    api = api_as(cast["hq_staff"])
    url = f"/api/v1/milestones/{milestone.pk}/"
    assert api.get(url).json()["status"] == "pending"
    added = api.post(
        url + "status/",
        {
            "status": "achieved",
            "on": "2024-10-07",
            "source": "Founding statement",
            "confirmed": False,
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    body = added.json()
    assert (body["status"], body["status_on"], body["status_confirmed"]) == (
        "achieved",
        "2024-10-07",
        False,
    )
    api.post(
        url + "status/",
        {"status": "reversed", "on": "2024-11-11", "source": "BINUH"},
        format="json",
    )
    api.post(
        url + "status/",
        {"status": "slipped", "on": "2024-10-01", "source": "Older report"},
        format="json",
    )
    body = api.get(url).json()
    assert body["status"] == "reversed" and len(body["history"]) == 3  # the latest date wins
    listed = api.get("/api/v1/milestones/?status=reversed").json()
    assert [m["id"] for m in listed["results"]] == [str(milestone.pk)]


@pytest.mark.parametrize("who", CAST)
def test_only_hq_records_a_status(cast, api_as, who):
    milestone = MilestoneFactory()
    response = api_as(cast[who]).post(
        f"/api/v1/milestones/{milestone.pk}/status/",
        {"status": "achieved", "on": "2024-10-02", "source": "Demo"},
        format="json",
    )
    expected = 201 if who in WRITERS else 401 if who == "anonymous" else 403
    assert response.status_code == expected
    assert MilestoneStatus.objects.count() == (1 if who in WRITERS else 0)


def test_a_status_needs_a_source_and_a_past_date(cast, api_as):
    milestone = MilestoneFactory()
    api = api_as(cast["mission_admin"])
    url = f"/api/v1/milestones/{milestone.pk}/status/"
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = api.post(url, {"status": "achieved", "on": future, "source": "Demo"}, format="json")
    assert response.status_code == 400 and "on" in response.json()["errors"]
    response = api.post(url, {"status": "sunny", "on": "2024-10-02", "source": "x"}, format="json")
    assert response.status_code == 400 and "status" in response.json()["errors"]
    response = api.post(url, {"status": "achieved", "on": "2024-10-02"}, format="json")
    assert response.status_code == 400 and "source" in response.json()["errors"]
    assert not MilestoneStatus.objects.exists()


def test_milestones_and_objectives_are_created_by_hq(cast, api_as, idps):
    objective = ObjectiveFactory()
    api = api_as(cast["hq_staff"])
    response = api.post(
        "/api/v1/milestones/",
        {
            "objective": str(objective.pk),
            "title": "Schools reopen",
            "target_date": "2024-10-01",
            "indicators": [str(idps.pk)],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["indicators"] == ["idps"] and response.json()["status"] == "pending"
    refused = api_as(cast["analyst"]).post(
        "/api/v1/objectives/",
        {"mandate": str(objective.mandate.pk), "code": "O9", "title": "x"},
        format="json",
    )
    assert refused.status_code == 403


def test_the_commune_figure_is_the_sum_of_its_values(cast, api_as, idps):
    day = dt.date(2024, 6, 15)
    ValueFactory(
        indicator=idps, date=day, value=3000, female=1600, male=1400, breakdown={"reason": "a"}
    )
    ValueFactory(indicator=idps, date=day, value=2000, breakdown={"reason": "b"})
    # Another source giving the same commune and date is not added to it.
    ValueFactory(indicator=idps, date=day, value=4900, source="HDX HAPI (IOM DTM)")
    ValueFactory(indicator=idps, date=dt.date(2024, 3, 1), value=10)
    ValueFactory(indicator=idps, commune_id="HT0117", date=dt.date(2023, 1, 1), value=99)
    api = api_as(cast["oversight_officer"])
    body = api.get(f"/api/v1/indicators/{idps.pk}/map/?date=2024-12-31").json()
    assert body["communes"] == {
        "HT0111": {
            "date": "2024-06-15",
            "value": 5000,
            "female": 1600,
            "male": 1400,
            "source": "Demo source",
        }
    }  # Cité Soleil's figure is older than a year before the date
    body = api.get(f"/api/v1/indicators/{idps.pk}/map/?date=2024-05-01").json()
    assert body["communes"]["HT0111"]["value"] == 10
    series = api.get(f"/api/v1/indicators/{idps.pk}/series/?commune=HT0111").json()
    assert [(p["date"], p["value"]) for p in series["points"]] == [
        ("2024-03-01", 10),
        ("2024-06-15", 5000),
    ]
    bad = api.get(f"/api/v1/indicators/{idps.pk}/map/?date=June")
    assert bad.status_code == 400 and "date" in bad.json()["errors"]


@pytest.mark.parametrize("who", CAST)
def test_the_public_reads_published_values_only(cast, api_as, who, idps):
    ValueFactory(indicator=idps, value=5, published=True)
    ValueFactory(indicator=idps, value=6, published=False, date=dt.date(2024, 4, 1))
    response = api_as(cast[who]).get("/api/v1/public/indicators/?indicator=idps")
    assert response.status_code == 200
    body = response.json()
    assert [r["value"] for r in body["results"]] == [5]
    assert body["results"][0]["indicator"] == "idps" and body["results"][0]["commune"] == "HT0111"
    assert "created_by" not in body["results"][0] and "id" not in body["results"][0]


def test_the_public_endpoint_is_throttled_and_checks_its_filters(api_as, settings):
    from django.core.cache import cache

    cache.clear()
    api = api_as(None)
    bad = api.get("/api/v1/public/indicators/?until=tomorrow")
    assert bad.status_code == 400 and "until" in bad.json()["errors"]
    statuses = {api.get("/api/v1/public/indicators/").status_code for _ in range(125)}
    assert 429 in statuses
    cache.clear()
