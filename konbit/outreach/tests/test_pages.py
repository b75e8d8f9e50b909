"""The outreach pages over the cast: who opens what, writes through the forms (a
refused one changes nothing), the concern form's two actions, filters with errors,
query counts, and that no page names a child."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.outreach.models import Activity, Concern, Referral
from konbit.outreach.tests.factories import make_activity


@pytest.fixture
def world(cast: dict[str, Any], contingents: dict[str, Any]) -> dict[str, Activity]:
    return {
        "ken": make_activity(contingents["KEN"], pcode="HT0112"),
        "jam": make_activity(contingents["JAM"], pcode="HT0531", held_on="2025-02-14"),
    }


# The list, statistics and map pages by role (200 seen, 404 not the role's part).
READS = {"oversight_officer": 404, "anonymous": 302}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["activities", "stats", "map"])
def test_reading_pages_by_role(client_as: Any, cast: Any, world: Any, who: str, name: str):
    response = client_as(cast[who]).get(f"/outreach/{_path(name)}")
    assert response.status_code == READS.get(who, 200)
    if response.status_code == 200 and name == "activities":
        shown = response.content.decode()
        assert ("Test school" in shown) is True
        # A commander sees their own contingent's activities only.
        count = response.context["page"].paginator.count
        assert count == {"ken_commander": 1, "jam_commander": 1}.get(who, 2)


def _path(name: str) -> str:
    return {"activities": "activities/", "stats": "statistics/", "map": "map/"}[name]


DETAIL = {
    "mission_admin": 200,
    "hq_staff": 200,
    "ken_commander": 200,
    "jam_commander": 404,
    "hnp_liaison": 200,
    "oversight_officer": 404,
    "analyst": 200,
    "anonymous": 302,
}
EDIT = {**DETAIL, "hnp_liaison": 403, "analyst": 403}


@pytest.mark.parametrize("who", CAST)
def test_detail_and_edit_by_role(client_as: Any, cast: Any, world: Any, who: str) -> None:
    browser = client_as(cast[who])
    activity = world["ken"]
    assert browser.get(f"/outreach/activities/{activity.pk}/").status_code == DETAIL[who]
    assert browser.get(f"/outreach/activities/{activity.pk}/edit/").status_code == EDIT[who]
    assert browser.get(f"/outreach/activities/{activity.pk}/concern/").status_code == EDIT[who]
    before = (Activity.objects.filter(pk=activity.pk).values().get(), AuditEntry.objects.count())
    response = browser.post(f"/outreach/activities/{activity.pk}/edit/", _form(activity))
    if EDIT[who] == 200:
        assert response.status_code == 302
        assert Activity.objects.get(pk=activity.pk).girls == 44
    else:
        assert response.status_code == EDIT[who]
        after = (Activity.objects.filter(pk=activity.pk).values().get(), AuditEntry.objects.count())
        assert after == before


def _form(activity: Activity, **extra: Any) -> dict[str, Any]:
    return {
        "kind": activity.kind,
        "held_on": "2024-10-02",
        "commune": activity.commune_id,
        "venue": activity.venue,
        "contingent": str(activity.contingent_id),
        "partners": activity.partners,
        "topics": ["education", "health"],
        "girls": 44,
        "boys": 12,
        "women": 3,
        "men": 2,
        "follow_up": "",
        "version": activity.version,
        **extra,
    }


CREATE = {
    "mission_admin": 302,
    "hq_staff": 302,
    "ken_commander": 302,
    "jam_commander": 400,  # the form offers their own contingent only
    "hnp_liaison": 403,
    "oversight_officer": 404,
    "analyst": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", CAST)
def test_create_by_role(client_as: Any, cast: Any, world: Any, who: str) -> None:
    before = Activity.objects.count()
    response = client_as(cast[who]).post("/outreach/activities/new/", _form(world["ken"]))
    assert response.status_code == CREATE[who]
    created = Activity.objects.count() - before
    assert created == (1 if who in ("mission_admin", "hq_staff", "ken_commander") else 0)
    if created:
        activity = Activity.objects.order_by("-created_at").first()
        assert activity is not None
        assert activity.topic_codes == ["education", "health"]


def test_bad_form_input_names_the_field(client_as, cast, world) -> None:
    browser = client_as(cast["hq_staff"])
    before = Activity.objects.count()
    response = browser.post(
        "/outreach/activities/new/", _form(world["ken"], girls="-3", commune="HT9999")
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"girls", "commune"}
    assert Activity.objects.count() == before


def test_stale_edit_is_refused_with_a_message(client_as, cast, world) -> None:
    browser = client_as(cast["hq_staff"])
    url = f"/outreach/activities/{world['ken'].pk}/edit/"
    assert browser.post(url, _form(world["ken"])).status_code == 302
    response = browser.post(url, _form(world["ken"], girls=1, version=1))
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    assert Activity.objects.get(pk=world["ken"].pk).girls == 44


ACCOUNT = "A boy of about ten said a man in uniform hit him (test)."


def test_refer_button_moves_the_account_to_oversight(client_as, cast, world) -> None:
    activity = world["ken"]
    browser = client_as(cast["ken_commander"])
    response = browser.post(
        f"/outreach/activities/{activity.pk}/concern/",
        {"category": "mission_conduct", "text": ACCOUNT, "refer": "1"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.account == ACCOUNT
    concern = Concern.objects.get()
    assert (concern.summary, concern.referral_reference) == ("", referral.reference)
    page = browser.get(f"/outreach/activities/{activity.pk}/").content.decode()
    assert referral.reference in page
    assert ACCOUNT not in page
    # The commander who referred it does not read it afterwards; oversight does.
    assert browser.get(f"/outreach/referrals/{referral.pk}/").status_code == 404
    oversight = client_as(cast["oversight_officer"])
    assert ACCOUNT in oversight.get(f"/outreach/referrals/{referral.pk}/").content.decode()
    assert referral.reference in oversight.get("/outreach/referrals/").content.decode()


def test_record_button_refuses_a_child_safety_concern(client_as, cast, world) -> None:
    activity = world["ken"]
    browser = client_as(cast["ken_commander"])
    url = f"/outreach/activities/{activity.pk}/concern/"
    response = browser.post(url, {"category": "child_safety", "text": ACCOUNT, "record": "1"})
    assert response.status_code == 400
    assert "category" in response.context["form"].errors
    assert not Concern.objects.exists() and not Referral.objects.exists()
    empty = browser.post(url, {"category": "security", "text": "", "record": "1"})
    assert empty.status_code == 400
    assert "text" in empty.context["form"].errors
    kept = browser.post(url, {"category": "security", "text": "Night patrols", "record": "1"})
    assert kept.status_code == 302
    assert Concern.objects.get().summary == "Night patrols"


@pytest.mark.parametrize("who", CAST)
def test_referral_pages_by_role(client_as: Any, cast: Any, world: Any, who: str) -> None:
    from konbit.accounts.services import system_user
    from konbit.outreach import services

    concern = services.concern_refer(
        actor=system_user(), activity=world["jam"], category="child_safety", account=ACCOUNT
    )
    referral = Referral.objects.get(reference=concern.referral_reference)
    browser = client_as(cast[who])
    expected = {"mission_admin": 200, "oversight_officer": 200, "anonymous": 302}.get(who, 404)
    reads = AuditEntry.objects.filter(action="read", target_id=str(referral.pk)).count()
    assert browser.get("/outreach/referrals/").status_code == expected
    detail = browser.get(f"/outreach/referrals/{referral.pk}/")
    assert detail.status_code == expected
    after = AuditEntry.objects.filter(action="read", target_id=str(referral.pk)).count()
    assert after == reads + (2 if expected == 200 else 0)


def test_oversight_marks_a_referral_received_on_its_page(client_as, cast, world) -> None:
    from konbit.accounts.services import system_user
    from konbit.outreach import services

    concern = services.concern_refer(
        actor=system_user(), activity=world["jam"], category="child_safety", account=ACCOUNT
    )
    referral = Referral.objects.get(reference=concern.referral_reference)
    page = f"/outreach/referrals/{referral.pk}/"
    action = f"{page}receive/"
    oversight = client_as(cast["oversight_officer"])
    assert action in oversight.get(page).content.decode()
    # Others: not even the page; a GET is not a receipt.
    assert client_as(cast["hq_staff"]).post(action, {"version": 1}).status_code == 404
    assert oversight.get(action).status_code == 405
    done = oversight.post(action, {"version": referral.version})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "received"
    shown = oversight.get(page).content.decode()
    assert action not in shown and "Received by oversight" in shown
    assert AuditEntry.objects.filter(action="update", target_id=str(referral.pk)).count() == 1


def test_filter_errors_are_named(client_as, cast, world) -> None:
    browser = client_as(cast["analyst"])
    for path in ("activities/", "statistics/", "map/"):
        response = browser.get(f"/outreach/{path}", {"since": "2025-02-01", "until": "2024-01-01"})
        assert response.status_code == 200
        assert "The end of the period is before its start." in response.content.decode()


def test_statistics_page_agrees_with_the_activities(client_as, cast, world) -> None:
    response = client_as(cast["hq_staff"]).get("/outreach/statistics/")
    stats = response.context["stats"]
    assert stats["total"]["activities"] == 2
    assert stats["total"]["reached"] == sum(a.reached for a in world.values())
    assert [row["commune"] for row in stats["by_commune"]] == ["HT0112", "HT0531"] or [
        row["commune"] for row in stats["by_commune"]
    ] == ["HT0531", "HT0112"]


def test_list_query_count_is_constant(client_as, cast, contingents) -> None:
    browser = client_as(cast["hq_staff"])
    make_activity(contingents["KEN"])
    browser.get("/outreach/activities/")
    with CaptureQueriesContext(connection) as few:
        browser.get("/outreach/activities/")
    for _ in range(12):
        make_activity(contingents["JAM"])
    with CaptureQueriesContext(connection) as many:
        response = browser.get("/outreach/activities/")
    assert response.context["page"].paginator.count == 13
    assert len(many) == len(few)


def test_forms_say_no_child_is_named(client_as, cast, world) -> None:
    page = client_as(cast["ken_commander"]).get("/outreach/activities/new/").content.decode()
    assert "never named" in page
    concern = client_as(cast["ken_commander"]).get(
        f"/outreach/activities/{world['ken'].pk}/concern/"
    )
    assert "never by name" in concern.content.decode()


def test_the_commune_is_chosen_by_name(client_as, cast, world) -> None:
    """A chooser (core.choosers), not a select of 140 communes: the name, accents
    and case ignored, or the list's label."""
    browser = client_as(cast["hq_staff"])
    page = browser.get("/outreach/activities/new/").content.decode()
    assert "/choose/commune/?field=commune" in page
    assert "<option" not in page.split('name="commune"')[1].split("</div>")[0]
    response = browser.post(
        "/outreach/activities/new/", _form(world["ken"], commune="cite soleil", venue="Named")
    )
    assert response.status_code == 302
    assert Activity.objects.get(venue="Named").commune_id == "HT0117"


def test_the_list_filters_by_commune_and_contingent_name(client_as, cast, world) -> None:
    browser = client_as(cast["hq_staff"])
    text = browser.get("/outreach/activities/", {"contingent": "Narnia"}).content.decode()
    assert "The filters have an error" in text and "Narnia" in text
    text = browser.get("/outreach/activities/", {"contingent": "Kenya"}).content.decode()
    assert "The filters have an error" not in text
