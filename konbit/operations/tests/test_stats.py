from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from konbit.operations.models import Incident
from konbit.operations.tests.factories import IncidentFactory, import_acled

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "acled_haiti_2022_sample.csv"
URL = "/api/v1/incidents/stats/"


@pytest.fixture
def world(cast: dict[str, Any]) -> None:
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    IncidentFactory(killed_adult_male=2, killed_child_female=1, injured_adult_female=3)
    IncidentFactory(event_date=dt.date(2025, 3, 31), kidnapped_child_male=4, released_to_hnp=True)


def test_stats_equal_counting_rows(api_as: Any, cast: dict[str, Any], world: None) -> None:
    body = api_as(cast["analyst"]).get(URL, {"group_by": "month,event_type"}).json()
    expected = Counter(
        (i.event_date.strftime("%Y-%m"), i.event_type) for i in Incident.objects.all()
    )
    got = {(r["month"], r["event_type"]): r["incidents"] for r in body["results"]}
    assert got == dict(expected)
    fatalities = {(r["month"], r["event_type"]): r["fatalities"] for r in body["results"]}
    for key in expected:
        assert fatalities[key] == sum(
            i.fatalities
            for i in Incident.objects.all()
            if (i.event_date.strftime("%Y-%m"), i.event_type) == key
        )


def test_stats_victims_and_filters(api_as: Any, cast: dict[str, Any], world: None) -> None:
    client = api_as(cast["hq_staff"])
    body = client.get(URL, {"group_by": "month", "origin": "mission"}).json()
    by_month = {r["month"]: r for r in body["results"]}
    assert by_month["2025-02"]["killed"] == 3 and by_month["2025-02"]["injured"] == 3
    assert by_month["2025-03"]["kidnapped"] == 4
    total = client.get(URL, {"group_by": ""}).json()["results"][0]
    assert total["incidents"] == 24


def test_stats_scope_and_errors(api_as: Any, cast: dict[str, Any], world: None) -> None:
    body = api_as(cast["hnp_liaison"]).get(URL, {"group_by": "origin"}).json()
    assert {r["origin"]: r["incidents"] for r in body["results"]} == {"acled": 22, "mission": 1}
    response = api_as(cast["analyst"]).get(URL, {"group_by": "victim_name"})
    assert response.status_code == 400 and "group_by" in response.json()["errors"]
    assert api_as(None).get(URL).status_code == 401


@pytest.mark.parametrize("group", ["month", "category", "event_type", "commune", "perpetrator"])
def test_each_group(api_as: Any, cast: dict[str, Any], world: None, group: str) -> None:
    body = api_as(cast["analyst"]).get(URL, {"group_by": group}).json()
    assert sum(r["incidents"] for r in body["results"]) == 24
