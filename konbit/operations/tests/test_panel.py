import datetime as dt

import pytest
from django.utils import timezone

from konbit.operations.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_front_page_compares_the_last_7_days_with_the_7_before(client_as, cast):
    today = timezone.localdate()
    for days_ago in (0, 3, 6, 7, 20):
        IncidentFactory(event_date=today - dt.timedelta(days=days_ago))
    page = client_as(cast["hq_staff"]).get("/").content.decode()
    assert "Incidents, last 7 days" in page
    assert ">3</a>" in page
    assert "1 in the 7 days before" in page
    assert "+2" in page


@pytest.mark.parametrize("member", ["hnp_liaison", "analyst", "ken_commander"])
def test_the_panel_counts_only_what_the_user_may_see(client_as, cast, member):
    IncidentFactory(event_date=timezone.localdate())
    response = client_as(cast[member]).get("/")
    assert response.status_code == 200
