"""The trends page: labels instead of codes, the charts' data, and the communes
against the previous period."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from konbit.operations import stats
from konbit.operations.tests.factories import IncidentFactory

URL = "/incidents/trends/"
PERIOD = {"since": "2025-03-01", "until": "2025-03-10"}  # previous: 19 to 28 February


def on(day: str, commune: str, **fields: Any) -> Any:
    return IncidentFactory(event_date=dt.date.fromisoformat(day), commune_pcode=commune, **fields)


@pytest.fixture
def periods(db: Any) -> None:
    # Port-au-Prince: 3 now, 2 before (+50 %); Delmas: 1 now, 4 before (-75 %);
    # Carrefour: 2 now, none before (new); Cité Soleil: none now, 1 before (-100 %).
    for day in ("2025-03-01", "2025-03-05", "2025-03-10"):
        on(day, "HT0111", killed_adult_male=1)
    on("2025-02-19", "HT0111")
    on("2025-02-28", "HT0111")
    on("2025-03-02", "HT0112", category="KIDNAPPING", perpetrator="unknown")
    for day in ("2025-02-20", "2025-02-21", "2025-02-22", "2025-02-23"):
        on(day, "HT0112")
    on("2025-03-03", "HT0113", kidnapped_child_female=2)
    on("2025-03-04", "HT0113", released_to_hnp=True)
    on("2025-02-25", "HT0117")
    # Outside both periods.
    on("2025-02-18", "HT0111")
    on("2025-03-11", "HT0112")


def test_previous_period_has_the_same_length() -> None:
    assert stats.previous_period(dt.date(2025, 3, 1), dt.date(2025, 3, 10)) == (
        dt.date(2025, 2, 19),
        dt.date(2025, 2, 28),
    )
    assert stats.previous_period(dt.date(2025, 3, 1), dt.date(2025, 3, 1)) == (
        dt.date(2025, 2, 28),
        dt.date(2025, 2, 28),
    )


def test_communes_against_the_previous_period(
    client_as: Any, cast: dict[str, Any], periods: None
) -> None:
    response = client_as(cast["analyst"]).get(URL, PERIOD)
    rows = {r["commune"]: r for r in response.context["communes"]}
    got = {p: (r["label"], r["incidents"], r["previous"], r["change"]) for p, r in rows.items()}
    assert got == {
        "HT0111": ("Port-au-Prince", 3, 2, 50),
        "HT0113": ("Carrefour", 2, 0, None),
        "HT0112": ("Delmas", 1, 4, -75),
        "HT0117": ("Cité Soleil", 0, 1, -100),
    }
    assert list(rows) == ["HT0111", "HT0113", "HT0112", "HT0117"]
    assert rows["HT0111"]["victims"] == 3 and rows["HT0113"]["victims"] == 2
    text = response.content.decode()
    cells = re.findall(r'<td class="change">([^<]*)</td>', text)
    assert cells == ["+50 %", "new", "-75 %", "-100 %"]
    # The chart's top communes: those with incidents in the period, by their names.
    chart = json.loads(re.search(r'id="top-communes"[^>]*>([^<]*)<', text).group(1))
    assert [r["label"] for r in chart] == ["Port-au-Prince", "Carrefour", "Delmas"]


def test_filters_apply_to_both_periods_and_the_scope_to_all(
    client_as: Any, cast: dict[str, Any], periods: None
) -> None:
    response = client_as(cast["analyst"]).get(URL, {**PERIOD, "commune": "HT0112"})
    got = [(r["commune"], r["incidents"], r["previous"]) for r in response.context["communes"]]
    assert got == [("HT0112", 1, 4)]
    # An HNP liaison sees the released incident only.
    response = client_as(cast["hnp_liaison"]).get(URL, PERIOD)
    got = [(r["commune"], r["incidents"], r["previous"]) for r in response.context["communes"]]
    assert got == [("HT0113", 1, 0)]


def test_categories_and_perpetrators_show_their_labels(
    client_as: Any, cast: dict[str, Any], periods: None
) -> None:
    response = client_as(cast["analyst"]).get(URL, PERIOD)
    text = response.content.decode()
    assert "<td>Armed clash with security forces</td><td>5</td>" in text
    assert "<td>Kidnapping</td><td>1</td>" in text
    assert "<td>Gang</td><td>5</td>" in text and "<td>Unknown</td><td>1</td>" in text
    assert "<td>KIDNAPPING</td>" not in text and "<td>gang</td>" not in text
    categories = json.loads(re.search(r'id="by-category"[^>]*>([^<]*)<', text).group(1))
    assert [(r["label"], r["incidents"], r["victims"]) for r in categories] == [
        ("Armed clash with security forces", 5, 5),
        ("Kidnapping", 1, 0),
    ]
    french = client_as(cast["analyst"]).get(URL, PERIOD, HTTP_ACCEPT_LANGUAGE="fr")
    assert "<td>Affrontement armé avec les forces de sécurité</td>" in french.content.decode()


def test_monthly_charts_data(client_as: Any, cast: dict[str, Any], periods: None) -> None:
    text = client_as(cast["analyst"]).get(URL, PERIOD).content.decode()
    months = json.loads(re.search(r'id="by-month"[^>]*>([^<]*)<', text).group(1))
    assert [(m["month"], m["incidents"], m["killed"], m["kidnapped"]) for m in months] == [
        ("2025-03", 6, 3, 2)
    ]
    # Without dates, the months of every incident (the period is the last 90 days).
    response = client_as(cast["analyst"]).get(URL)
    assert [(m["month"], m["incidents"]) for m in response.context["by_month"]] == [
        ("2025-02", 8),
        ("2025-03", 7),
    ]
    words = json.loads(re.search(r'id="chart-text"[^>]*>([^<]*)<', text).group(1))
    assert words["sgbv"] == "Sexual violence" and words["kidnapped"] == "Kidnapped"
    assert 'id="chart-month"' in text and 'id="chart-victims"' in text
    for tag in re.findall(r"<script[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_query_count(
    client_as: Any, cast: dict[str, Any], periods: None, django_assert_max_num_queries: Any
) -> None:
    browser = client_as(cast["analyst"])
    browser.get(URL, PERIOD)
    IncidentFactory.create_batch(20, commune_pcode="HT0118", event_date=dt.date(2025, 3, 5))
    # Session, user and roles, then: category, perpetrator, communes now and before,
    # the communes' names, by month, and the joint operations of the filter's list.
    with django_assert_max_num_queries(10):
        response = browser.get(URL, PERIOD)
    assert response.context["communes"][0]["incidents"] == 20
