"""The stability pages: the tree, milestones and their history, indicators (chart),
values, the map, and the front page's milestones due in the next 30 days."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konbit.accounts.tests.cast import CAST
from konbit.stability.models import Indicator, IndicatorValue, Milestone, MilestoneStatus
from konbit.stability.tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    MilestoneStatusFactory,
    ObjectiveFactory,
    ValueFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    idps = IndicatorFactory(code="idps", name="Internally displaced people")
    objective = ObjectiveFactory(code="O2", title="Services working again")
    schools = MilestoneFactory(objective=objective, title="Schools reopen")
    schools.indicators.add(idps)
    MilestoneStatusFactory(milestone=schools, status="achieved", on=dt.date(2024, 10, 2))
    courts = MilestoneFactory(
        objective=objective, title="Courts reopen", target_date=dt.date(2024, 10, 7)
    )
    MilestoneStatusFactory(
        milestone=courts, status="achieved", on=dt.date(2024, 10, 7), confirmed=False
    )
    ValueFactory(indicator=idps, value=3000, female=1600, male=1400, breakdown={"reason": "a"})
    ValueFactory(indicator=idps, value=2000, breakdown={"reason": "b"})
    return {"idps": idps, "objective": objective, "schools": schools, "courts": courts}


@pytest.mark.parametrize("who", CAST)
def test_every_signed_in_role_reads_the_pages(cast, client_as, who, tree):
    browser = client_as(cast[who])
    urls = [
        "/stability/",
        f"/stability/milestones/{tree['schools'].pk}/",
        "/stability/indicators/",
        f"/stability/indicators/{tree['idps'].pk}/",
        f"/stability/indicators/{tree['idps'].pk}/?commune=HT0111",
        "/stability/values/",
        "/stability/map/",
        "/stability/map/?date=2024-12-31",
    ]
    for url in urls:
        response = browser.get(url)
        if who == "anonymous":
            assert response.status_code == 302, url
        else:
            assert response.status_code == 200, url
    for url in (
        "/stability/milestones/new/",
        f"/stability/values/{IndicatorValue.objects.first().pk}/edit/",
    ):
        expected = {"mission_admin": 200, "hq_staff": 200, "anonymous": 302}.get(who, 403)
        assert browser.get(url).status_code == expected, url


def test_tree_shows_each_milestone_with_its_derived_status(cast, client_as, tree):
    page = client_as(cast["analyst"]).get("/stability/").content.decode()
    assert "Schools reopen" in page and "Courts reopen" in page
    assert "unconfirmed" in page and "achieved" in page
    detail = client_as(cast["analyst"]).get(f"/stability/milestones/{tree['courts'].pk}/")
    assert "Record a status" not in detail.content.decode()


def test_hq_records_a_status_from_the_milestone_page(cast, client_as, tree):
    browser = client_as(cast["hq_staff"])
    url = f"/stability/milestones/{tree['schools'].pk}/"
    assert "Record a status" in browser.get(url).content.decode()
    posted = browser.post(
        url + "status/", {"status": "reversed", "on": "2024-11-20", "source": "BINUH"}
    )
    assert posted.status_code == 302
    milestone = Milestone.objects.get(pk=tree["schools"].pk)
    assert milestone.history.count() == 2
    from konbit.core.policies import policy_for

    assert policy_for(Milestone).visible(cast["hq_staff"]).get(pk=milestone.pk).status == "reversed"
    bad = browser.post(url + "status/", {"status": "achieved", "on": "2024-11-21"})
    assert bad.status_code == 400 and MilestoneStatus.objects.count() == 3
    refused = client_as(cast["analyst"]).post(
        url + "status/", {"status": "achieved", "on": "2024-11-21", "source": "x"}
    )
    assert refused.status_code == 403 and MilestoneStatus.objects.count() == 3


def test_create_and_edit_through_the_forms(cast, client_as, tree):
    browser = client_as(cast["mission_admin"])
    response = browser.post(
        "/stability/milestones/new/",
        {
            "objective": tree["objective"].pk,
            "title": "Police stations reopen",
            "target_date": "2025-03-01",
            "indicators": [tree["idps"].pk],
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Police stations reopen")
    assert list(milestone.indicators.all()) == [tree["idps"]]
    edit = browser.post(
        f"/stability/milestones/{milestone.pk}/edit/",
        {
            "objective": tree["objective"].pk,
            "title": "Police stations reopen",
            "target_date": "2025-04-01",
            "version": 1,
        },
    )
    assert edit.status_code == 302
    milestone.refresh_from_db()
    assert milestone.target_date == dt.date(2025, 4, 1) and milestone.version == 2
    stale = browser.post(
        f"/stability/milestones/{milestone.pk}/edit/",
        {
            "objective": tree["objective"].pk,
            "title": "x",
            "target_date": "2025-05-01",
            "version": 1,
        },
    )
    assert stale.status_code == 409
    created = browser.post(
        "/stability/values/new/",
        {
            "indicator": tree["idps"].pk,
            "commune": "HT0117",
            "date": "2024-06-30",
            "value": 10,
            "female": 20,
            "source": "Demo",
            "confidence": "high",
        },
    )
    assert created.status_code == 400 and "more than the value" in created.content.decode()
    assert not IndicatorValue.objects.filter(commune_id="HT0117").exists()
    indicator = browser.post(
        "/stability/indicators/new/", {"code": "schools_open", "name": "Schools open"}
    )
    assert indicator.status_code == 302 and Indicator.objects.filter(code="schools_open").exists()


def test_indicator_page_charts_the_commune_sum(cast, client_as, tree):
    page = client_as(cast["analyst"]).get(
        f"/stability/indicators/{tree['idps'].pk}/?commune=HT0111"
    )
    assert '"value": 5000' in page.content.decode()


def test_value_list_filters_and_query_count(cast, client_as, tree):
    browser = client_as(cast["analyst"])
    browser.get("/stability/values/")
    with CaptureQueriesContext(connection) as few:
        browser.get("/stability/values/?indicator=idps")
    for n in range(20):
        ValueFactory(indicator=tree["idps"], date=dt.date(2020, 1, 1) + dt.timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        page = browser.get("/stability/values/?indicator=idps")
    assert len(many) == len(few)
    assert "22 values" in page.content.decode()
    bad = browser.get("/stability/values/?since=someday")
    assert bad.status_code == 200 and "since" in bad.content.decode()


def test_front_page_lists_the_milestones_due_in_30_days(cast, client_as):
    today = timezone.localdate()
    MilestoneFactory(title="Due soon", target_date=today + dt.timedelta(days=10))
    MilestoneFactory(title="Due later", target_date=today + dt.timedelta(days=40))
    done = MilestoneFactory(title="Already done", target_date=today + dt.timedelta(days=5))
    MilestoneStatusFactory(milestone=done, on=today)
    page = client_as(cast["ken_commander"]).get("/").content.decode()
    assert "Milestones due in the next 30 days" in page
    assert "Due soon" in page and "Due later" not in page and "Already done" not in page
