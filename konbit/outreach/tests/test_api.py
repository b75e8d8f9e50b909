"""The outreach API over the whole cast: who reads, writes and refers what; refused
writes change nothing; statistics agree with the activities; no answer names a child."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.outreach.models import Activity, Concern, Referral
from konbit.outreach.tests.factories import make_activity

URL = "/api/v1/outreach-activities/"
REFERRALS = "/api/v1/outreach-referrals/"


@pytest.fixture
def world(cast: dict[str, Any], contingents: dict[str, Any]) -> dict[str, Activity]:
    return {
        "ken": make_activity(contingents["KEN"], pcode="HT0112", girls=10, boys=12),
        "ken2": make_activity(
            contingents["KEN"],
            pcode="HT0111",
            kind="community_forum",
            held_on="2024-11-05",
            girls=0,
            boys=0,
            women=40,
            men=35,
            topics=["lawful_behaviour"],
        ),
        "jam": make_activity(contingents["JAM"], pcode="HT0531", held_on="2025-02-14"),
    }


# Activities each role reads (3 in all: 2 Kenyan, 1 Jamaican).
VISIBLE = {
    "mission_admin": 3,
    "hq_staff": 3,
    "ken_commander": 2,
    "jam_commander": 1,
    "hnp_liaison": 3,
    "oversight_officer": None,  # outreach is not theirs: 404
    "analyst": 3,
    "anonymous": None,
}


@pytest.mark.parametrize("who", CAST)
def test_list_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    response = api_as(cast[who]).get(URL)
    if who == "anonymous":
        assert response.status_code == 401
    elif VISIBLE[who] is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert response.json()["count"] == VISIBLE[who]


def test_list_query_count_does_not_grow(api_as: Any, cast: dict[str, Any], contingents: Any):
    client = api_as(cast["hq_staff"])
    make_activity(contingents["KEN"])
    client.get(URL)  # the first request of a process reads what it keeps (permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _ in range(15):
        make_activity(contingents["KEN"])
    with CaptureQueriesContext(connection) as many:
        body = client.get(URL).json()
    assert body["count"] == 16
    assert len(many) == len(few)


def _new(contingent: Any, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "school_visit",
        "held_on": "2024-10-02",
        "commune": "HT0112",
        "contingent": str(contingent.pk),
        "topics": ["education", "child_protection"],
        "girls": 20,
        "boys": 18,
        "women": 2,
        "men": 1,
        **extra,
    }


CREATE_KEN = {
    "mission_admin": 201,
    "hq_staff": 201,
    "ken_commander": 201,
    "jam_commander": 400,  # another contingent's: refused by the rule, nothing written
    "hnp_liaison": 403,
    "oversight_officer": 404,
    "analyst": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_create_by_role(api_as: Any, cast: dict[str, Any], contingents: Any, who: str) -> None:
    before = (Activity.objects.count(), AuditEntry.objects.count())
    response = api_as(cast[who]).post(URL, _new(contingents["KEN"]), format="json")
    assert response.status_code == CREATE_KEN[who], response.content
    if response.status_code == 201:
        body = response.json()
        assert body["contingent_code"] == "KEN"
        assert sorted(body["topics"]) == ["child_protection", "education"]
        assert (body["children"], body["adults"], body["reached"]) == (38, 3, 41)
        assert body["version"] == 1
    else:
        assert (Activity.objects.count(), AuditEntry.objects.count()) == before


def test_commander_records_for_own_contingent_by_default(api_as: Any, cast: Any, contingents):
    data = _new(contingents["KEN"])
    del data["contingent"]
    response = api_as(cast["jam_commander"]).post(URL, data, format="json")
    assert response.status_code == 201
    assert response.json()["contingent_code"] == "JAM"


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"commune": "HT9999"}, "commune"),
        ({"girls": -1}, "girls"),
        ({"boys": 10**6}, "boys"),
        ({"kind": "party"}, "kind"),
        ({"held_on": "2024-13-40"}, "held_on"),
        ({"topics": ["astrology"]}, "topics"),
    ],
)
def test_bad_input_names_the_field(api_as, cast, contingents, extra, field) -> None:
    before = Activity.objects.count()
    response = api_as(cast["hq_staff"]).post(URL, _new(contingents["KEN"], **extra), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Activity.objects.count() == before


def test_unit_of_another_contingent_is_refused(api_as, cast, contingents) -> None:
    from konbit.forces.tests.factories import UnitFactory

    unit = UnitFactory(contingent=contingents["JAM"], name="Jam unit", unit_type="support")
    data = _new(contingents["KEN"], unit=str(unit.pk))
    response = api_as(cast["hq_staff"]).post(URL, data, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]


CHANGE_KEN = {
    "mission_admin": 200,
    "hq_staff": 200,
    "ken_commander": 200,
    "jam_commander": 404,
    "hnp_liaison": 403,
    "oversight_officer": 404,
    "analyst": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_change_by_role(api_as: Any, cast: Any, world: Any, who: str) -> None:
    activity = world["ken"]
    before = (Activity.objects.filter(pk=activity.pk).values().get(), AuditEntry.objects.count())
    response = api_as(cast[who]).patch(
        f"{URL}{activity.pk}/", {"girls": 99, "version": 1}, format="json"
    )
    assert response.status_code == CHANGE_KEN[who]
    if response.status_code == 200:
        assert response.json()["girls"] == 99
        assert response.json()["version"] == 2
    else:
        after = (Activity.objects.filter(pk=activity.pk).values().get(), AuditEntry.objects.count())
        assert after == before


def test_stale_version_is_409(api_as, cast, world) -> None:
    client = api_as(cast["hq_staff"])
    url = f"{URL}{world['ken'].pk}/"
    assert client.patch(url, {"girls": 5, "version": 1}, format="json").status_code == 200
    response = client.patch(url, {"girls": 6, "version": 1}, format="json")
    assert response.status_code == 409
    assert Activity.objects.get(pk=world["ken"].pk).girls == 5


def test_topics_change_is_audited(api_as, cast, world) -> None:
    url = f"{URL}{world['ken'].pk}/"
    response = api_as(cast["hq_staff"]).patch(
        url, {"topics": ["health"], "version": 1}, format="json"
    )
    assert response.json()["topics"] == ["health"]
    entry = AuditEntry.objects.filter(target_id=str(world["ken"].pk), action="update").get()
    assert entry.changes["topics"] == ["child_protection,education", "health"]


@pytest.mark.parametrize("who", CAST)
def test_delete_by_role(api_as: Any, cast: Any, world: Any, who: str) -> None:
    activity = world["ken"]
    response = api_as(cast[who]).delete(f"{URL}{activity.pk}/?version=1")
    expected = {"mission_admin": 204, "hq_staff": 204, "anonymous": 401}
    expected |= {"jam_commander": 404, "oversight_officer": 404}
    assert response.status_code == expected.get(who, 403)
    assert Activity.objects.filter(pk=activity.pk).exists() == (response.status_code != 204)


# --- statistics -------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_stats_agree_with_the_activities(api_as: Any, cast: Any, world: Any, who: str) -> None:
    response = api_as(cast[who]).get(f"{URL}stats/")
    if VISIBLE[who] is None:
        assert response.status_code in (401, 404)
        return
    assert response.status_code == 200
    body = response.json()
    activities = list(Activity.objects.filter(pk__in=[a.pk for a in world.values()]))
    if who == "ken_commander":
        activities = [a for a in activities if a.contingent_id == world["ken"].contingent_id]
    if who == "jam_commander":
        activities = [a for a in activities if a.contingent_id == world["jam"].contingent_id]
    total = body["total"]
    assert total["activities"] == len(activities)
    for name in ("girls", "boys", "women", "men"):
        assert total[name] == sum(getattr(a, name) for a in activities)
    assert total["reached"] == sum(a.reached for a in activities)
    for grouping in ("by_month", "by_commune", "by_kind"):
        assert sum(row["activities"] for row in body[grouping]) == len(activities)
        assert sum(row["reached"] for row in body[grouping]) == total["reached"]
    assert {row["audience"]: row["people"] for row in body["by_audience"]} == {
        name: total[name] for name in ("girls", "boys", "women", "men")
    }
    expected_topics: dict[str, int] = {}
    for activity in activities:
        for code in activity.topic_codes:
            expected_topics[code] = expected_topics.get(code, 0) + 1
    assert {row["topic"]: row["activities"] for row in body["by_topic"]} == expected_topics


def test_stats_follow_the_filters(api_as, cast, world) -> None:
    client = api_as(cast["hq_staff"])
    body = client.get(f"{URL}stats/", {"since": "2024-11-01", "until": "2024-11-30"}).json()
    assert body["total"]["activities"] == 1
    assert body["by_month"] == [{**body["total"], "month": "2024-11", "label": "2024-11"}]
    assert body["by_commune"][0]["commune"] == "HT0111"
    assert body["by_commune"][0]["name"] == "Port-au-Prince"
    assert client.get(URL, {"topic": "lawful_behaviour"}).json()["count"] == 1
    assert client.get(URL, {"commune": "HT0531"}).json()["count"] == 1
    assert client.get(URL, {"contingent": "JAM"}).json()["count"] == 1


@pytest.mark.parametrize(
    "params, field",
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2025-01-01", "until": "2024-01-01"}, "until"),
        ({"commune": "HT9999"}, "commune"),
        ({"topic": "astrology"}, "topic"),
    ],
)
def test_bad_filters_name_the_field(api_as, cast, world, params, field) -> None:
    for url in (URL, f"{URL}stats/"):
        response = api_as(cast["analyst"]).get(url, params)
        assert response.status_code == 400
        assert field in response.json()["errors"]


# --- concerns and referrals ---------------------------------------------------------------


REFER = {
    "mission_admin": 201,
    "hq_staff": 201,
    "ken_commander": 201,
    "jam_commander": 404,
    "hnp_liaison": 403,
    "oversight_officer": 404,
    "analyst": 403,
    "anonymous": 401,
}
ACCOUNT = "A girl of about eight was seen alone at the checkpoint at night (test)."


@pytest.mark.parametrize("who", CAST)
def test_refer_by_role(api_as: Any, cast: Any, world: Any, who: str) -> None:
    activity = world["ken"]
    before = (Referral.objects.count(), Concern.objects.count(), AuditEntry.objects.count())
    response = api_as(cast[who]).post(
        f"{URL}{activity.pk}/refer/",
        {"category": "child_safety", "account": ACCOUNT},
        format="json",
    )
    assert response.status_code == REFER[who]
    if response.status_code != 201:
        after = (Referral.objects.count(), Concern.objects.count(), AuditEntry.objects.count())
        assert after == before
        return
    referral = Referral.objects.get()
    assert referral.account == ACCOUNT
    assert (referral.commune_id, referral.contingent_id) == ("HT0112", activity.contingent_id)
    # The activity keeps the reference, never the account.
    body = api_as(cast["hq_staff"]).get(f"{URL}{activity.pk}/").json()
    assert body["concerns"] == [
        {
            "id": response.json()["id"],
            "category": "child_safety",
            "summary": "",
            "referral_reference": referral.reference,
            "created_at": response.json()["created_at"],
        }
    ]
    assert ACCOUNT not in str(body)


READ_REFERRALS = {"mission_admin": 200, "oversight_officer": 200, "anonymous": 401}


@pytest.mark.parametrize("who", CAST)
def test_referrals_are_read_by_oversight_and_the_administrator_only(
    api_as: Any, cast: Any, world: Any, who: str
) -> None:
    from konbit.accounts.services import system_user
    from konbit.outreach import services

    concern = services.concern_refer(
        actor=system_user(), activity=world["jam"], category="mission_conduct", account=ACCOUNT
    )
    referral = Referral.objects.get(reference=concern.referral_reference)
    reads_before = AuditEntry.objects.filter(action="read", target_id=str(referral.pk)).count()
    listing = api_as(cast[who]).get(REFERRALS)
    detail = api_as(cast[who]).get(f"{REFERRALS}{referral.pk}/")
    expected = READ_REFERRALS.get(who, 404)
    assert (listing.status_code, detail.status_code) == (expected, expected)
    reads = AuditEntry.objects.filter(action="read", target_id=str(referral.pk)).count()
    if expected == 200:
        assert detail.json()["account"] == ACCOUNT
        assert listing.json()["count"] == 1
        assert reads == reads_before + 2  # the list and the detail, each audited
    else:
        assert ACCOUNT not in listing.content.decode() + detail.content.decode()
        assert reads == reads_before
    # Nobody changes a referral here.
    assert api_as(cast[who]).patch(f"{REFERRALS}{referral.pk}/", {}).status_code in (401, 404, 405)


@pytest.mark.parametrize("who", CAST)
def test_oversight_confirms_it_received_a_referral(
    api_as: Any, cast: Any, world: Any, who: str
) -> None:
    """``receive``: oversight officers and the mission administrator mark a referral
    received (audited, once); others neither see nor change it."""
    from konbit.accounts.services import system_user
    from konbit.outreach import services

    concern = services.concern_refer(
        actor=system_user(), activity=world["jam"], category="child_safety", account=ACCOUNT
    )
    referral = Referral.objects.get(reference=concern.referral_reference)
    url = f"{REFERRALS}{referral.pk}/receive/"
    client = api_as(cast[who])
    if who in ("mission_admin", "oversight_officer"):
        stale = client.post(url, {"version": referral.version + 1}, format="json")
        assert stale.status_code == 409
    response = client.post(url, {"version": referral.version}, format="json")
    expected = READ_REFERRALS.get(who, 404)
    assert response.status_code == expected
    referral.refresh_from_db()
    changes = AuditEntry.objects.filter(action="update", target_id=str(referral.pk))
    if expected != 200:
        assert referral.status == "referred" and not changes.exists()
        return
    assert response.json()["status"] == "received"
    assert (referral.status, referral.version) == ("received", 2)
    assert referral.updated_by == cast[who]
    assert changes.get().changes["status"] == ["referred", "received"]
    # Received once: again is refused with its reason.
    again = client.post(url, {"version": 2}, format="json")
    assert again.status_code == 400 and "status" in again.json()["errors"]
    assert client.post(url, {}, format="json").status_code == 400  # no version
    # Nobody creates one here (only by referring a concern).
    assert client.post(REFERRALS, {}, format="json").status_code == 403


def test_child_safety_concern_cannot_be_kept_on_the_activity(api_as, cast, world) -> None:
    url = f"{URL}{world['ken'].pk}/concerns/"
    client = api_as(cast["ken_commander"])
    refused = client.post(url, {"category": "child_safety", "summary": ACCOUNT}, format="json")
    assert refused.status_code == 400
    assert "category" in refused.json()["errors"]
    assert not Concern.objects.exists()
    kept = client.post(
        url, {"category": "services", "summary": "Water point (test)"}, format="json"
    )
    assert kept.status_code == 201
    assert Concern.objects.get().summary == "Water point (test)"


def test_concerns_need_change_access(api_as, cast, world) -> None:
    url = f"{URL}{world['ken'].pk}/concerns/"
    body = {"category": "security", "summary": "Night patrols (test)"}
    assert api_as(cast["analyst"]).post(url, body, format="json").status_code == 403
    assert api_as(cast["jam_commander"]).post(url, body, format="json").status_code == 404
    assert not Concern.objects.exists()


def test_no_field_names_a_person(api_as, cast, world) -> None:
    """Audiences are counts: nothing an activity answers is a person's name."""
    body = api_as(cast["hq_staff"]).get(f"{URL}{world['ken'].pk}/").json()
    named = {key for key in body if "name" in key}
    assert named == {"commune_name"}
    for field in Activity._meta.get_fields():
        assert "child" not in field.name or field.name == "children"
