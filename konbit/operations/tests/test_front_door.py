"""A front door that is never empty (issue 11, item 5): the panels and trends fall
back to the latest period that has data and say so, the strength panel says whether
a mandate is in force and why no ceiling shows, and each role is offered what it may
do next."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from konbit.accounts.tests.cast import CAST
from konbit.forces.tests.factories import MandateFactory
from konbit.operations.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

# What each role is offered first (links its policies allow), and must not be offered.
NEXT = {
    "mission_admin": ({"Record an incident", "Plan a joint operation"}, set()),
    "hq_staff": ({"Record an incident", "Plan a joint operation", "Add a person"}, set()),
    "ken_commander": ({"Record an incident", "Add a person", "Import a roster"}, set()),
    "analyst": ({"See the trends"}, {"Record an incident", "Add a person"}),
    "hnp_liaison": (set(), {"Add a person", "Import a roster"}),
}


@pytest.mark.parametrize("who", CAST)
def test_each_role_is_offered_its_next_steps(client_as: Any, cast: dict[str, Any], who: str):
    response = client_as(cast[who]).get("/")
    if who == "anonymous":
        assert response.status_code == 302
        return
    page = response.content.decode()
    offered, refused = NEXT.get(who, (set(), set()))
    for label in offered:
        assert f">{label}</a>" in page, (who, label)
    for label in refused:
        assert f">{label}</a>" not in page, (who, label)


def test_the_incident_panel_shows_the_latest_incidents_when_none_are_recent(
    client_as: Any, cast: dict[str, Any]
) -> None:
    IncidentFactory(event_date=dt.date(2025, 3, 20))
    IncidentFactory(event_date=dt.date(2025, 3, 10))
    page = client_as(cast["hq_staff"]).get("/").content.decode()
    assert "No incidents in the last 14 days" in page
    assert "Incidents, 7 days to" in page and "Incidents, last 7 days" not in page
    assert ">1</a>" in page and "1 in the 7 days before" in page
    assert "since=2025-03-14&amp;until=2025-03-20" in page


def test_recent_incidents_keep_the_last_7_days(client_as: Any, cast: dict[str, Any]) -> None:
    IncidentFactory(event_date=timezone.localdate())
    page = client_as(cast["hq_staff"]).get("/").content.decode()
    assert "Incidents, last 7 days" in page and "No incidents in the last 14 days" not in page


def test_trends_default_to_the_latest_90_days_with_data(
    client_as: Any, cast: dict[str, Any]
) -> None:
    IncidentFactory(event_date=dt.date(2025, 3, 20), category="KILLING")
    response = client_as(cast["analyst"]).get("/incidents/trends/")
    page = response.content.decode()
    assert response.context["latest"] == dt.date(2025, 3, 20)
    assert response.context["since"] == dt.date(2025, 3, 20) - dt.timedelta(days=89)
    assert "No incidents in the last 90 days" in page
    # A period asked for is kept, even empty.
    asked = client_as(cast["analyst"]).get("/incidents/trends/", {"since": "2026-01-01"})
    assert asked.context["latest"] is None
    assert "No incidents in the last 90 days" not in asked.content.decode()


def test_the_strength_panel_says_whether_a_mandate_is_in_force(
    client_as: Any, cast: dict[str, Any]
) -> None:
    today = timezone.localdate()
    MandateFactory(
        resolution="2793 (2025)",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=30),
    )
    page = client_as(cast["hq_staff"]).get("/").content.decode()
    assert "No mandate in force today" in page
    assert "The last, resolution 2793 (2025), ended on" in page
    MandateFactory(
        resolution="2800 (2026)",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=300),
        authorized_ceiling=2500,
    )
    page = client_as(cast["hq_staff"]).get("/").content.decode()
    assert "Mandate in force: resolution 2800 (2026), until" in page
    assert "No mandate in force today" not in page
