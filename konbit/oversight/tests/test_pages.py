"""The oversight officers' pages: record a complaint, edit it with its version, move
its status, the list's filters and query count, the figures, and a complaint opened
from an outreach referral."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.outreach.models import Referral, ReferralStatus
from konbit.outreach.tests.factories import make_referral
from konbit.oversight.models import Complaint, StatusChange
from konbit.oversight.tests.factories import make_complaint

pytestmark = pytest.mark.django_db
FORM = {
    "received_at": "2025-03-02T09:00",
    "channel": "in_person",
    "category": "serious",
    "nature": "detention",
    "occurred_on": "2025-03-01",
    "commune": "Delmas",
    "contingent": "KEN",
    "description": "Held overnight at a base (test).",
    "victim_sex": "male",
    "victim_age_group": "adult",
}


@pytest.fixture
def officer(cast: dict[str, Any], client_as: Any) -> Any:
    return client_as(cast["oversight_officer"])


def test_record_edit_and_move_a_complaint(officer: Any, contingents: Any) -> None:
    response = officer.post("/complaints/new/", FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get()
    assert complaint.contingent == contingents["KEN"] and complaint.commune_id == "HT0112"
    page = officer.get(f"/complaints/{complaint.pk}/").content.decode()
    assert complaint.reference in page and "Held overnight" in page
    edit = officer.post(
        f"/complaints/{complaint.pk}/edit/", {**FORM, "place": "Base gate", "version": 1}
    )
    assert edit.status_code == 302
    stale = officer.post(f"/complaints/{complaint.pk}/edit/", {**FORM, "place": "X", "version": 1})
    assert stale.status_code == 409
    moved = officer.post(
        f"/complaints/{complaint.pk}/status/",
        {"status": "assessment", "version": 2, "note": "Receivable"},
    )
    assert moved.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.place, complaint.status) == ("Base gate", "assessment")
    history = officer.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Receivable" in history and "Under assessment" in history


def test_the_status_form_offers_allowed_moves_and_names_bad_fields(
    officer: Any, contingents: Any
) -> None:
    complaint = make_complaint()
    form = officer.get(f"/complaints/{complaint.pk}/status/").context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "assessment",
        "not_receivable",
    ]
    refused = officer.post(
        f"/complaints/{complaint.pk}/status/", {"status": "referred", "version": 1}
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["status"]
    no_version = officer.post(f"/complaints/{complaint.pk}/status/", {"status": "assessment"})
    assert no_version.status_code == 400 and no_version.context["form"].errors["version"]
    assert StatusChange.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"commune": "Atlantis"}, "commune"),
        ({"contingent": "Narnia"}, "contingent"),
        ({"category": ""}, "category"),
        ({"received_at": "yesterday"}, "received_at"),
        ({"consent_to_contact": "on"}, "complainant_contact"),
    ],
)
def test_bad_input_on_the_form_names_the_field(
    officer: Any, contingents: Any, change: dict[str, str], field: str
) -> None:
    response = officer.post("/complaints/new/", {**FORM, **change})
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert Complaint.objects.count() == 0


def test_list_filters_and_query_count(officer: Any, contingents: Any) -> None:
    make_complaint(contingents["KEN"])
    officer.get("/complaints/")
    with CaptureQueriesContext(connection) as few:
        assert officer.get("/complaints/").status_code == 200
    for _ in range(4):
        make_complaint(contingents["JAM"], category="sea", nature="sea", victim_age_group="child")
    with CaptureQueriesContext(connection) as many:
        page = officer.get("/complaints/")
    assert page.context["page"].paginator.count == 5
    assert len(many) == len(few)
    assert officer.get("/complaints/", {"child": "true"}).context["page"].paginator.count == 4
    assert officer.get("/complaints/", {"contingent": "KEN"}).context["page"].paginator.count == 1
    bad = officer.get("/complaints/", {"since": "2025-02-01", "until": "2025-01-01"})
    assert bad.status_code == 200 and len(bad.context["page"]) == 0
    assert "end of the period" in bad.content.decode()


def test_the_figures_page(officer: Any, contingents: Any) -> None:
    make_complaint(contingents["KEN"])
    make_complaint(category="sea", nature="sea")
    figures = officer.get("/complaints/figures/").context["figures"]
    assert (figures["total"], figures["open"], figures["referred"]) == (2, 2, 0)


def test_a_complaint_is_opened_from_an_outreach_referral(
    officer: Any, contingents: Any, cast: dict[str, Any], client_as: Any
) -> None:
    referral = make_referral(contingents["KEN"])
    listed = officer.get("/complaints/referrals/")
    assert referral.reference in listed.content.decode()
    # The mission administrator reads referrals, but opens no complaint.
    admin = client_as(cast["mission_admin"])
    assert (
        admin.post(f"/complaints/referrals/{referral.pk}/open/", {"version": 1}).status_code == 404
    )
    assert Referral.objects.get().status == ReferralStatus.REFERRED
    opened = officer.post(
        f"/complaints/referrals/{referral.pk}/open/", {"version": referral.version}
    )
    complaint = Complaint.objects.get()
    assert opened.status_code == 302 and opened["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.channel == "outreach" and complaint.referral == referral
    assert complaint.victim_age_group == "child" and complaint.category == "serious"
    assert complaint.contingent == contingents["KEN"] and complaint.description == referral.account
    assert Referral.objects.get().status == ReferralStatus.RECEIVED
    # Once: the referral leaves the list, and a second opening is refused.
    assert referral.reference not in officer.get("/complaints/referrals/").content.decode()
    again = officer.post(f"/complaints/referrals/{referral.pk}/open/", {"version": 2}, follow=True)
    assert "already opened" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_opening_from_a_referral_with_a_stale_version_writes_nothing(
    officer: Any, contingents: Any
) -> None:
    referral = make_referral(contingents["KEN"])
    response = officer.post(
        f"/complaints/referrals/{referral.pk}/open/", {"version": 7}, follow=True
    )
    assert "Someone else changed" in response.content.decode()
    assert Complaint.objects.count() == 0
    assert Referral.objects.get().status == ReferralStatus.REFERRED


def test_the_form_records_minor_misconduct_with_a_child_victim_as_serious(
    officer: Any, contingents: Any
) -> None:
    child = {**FORM, "category": "minor", "nature": "conduct", "victim_age_group": "child"}
    assert officer.post("/complaints/new/", child).status_code == 302
    assert Complaint.objects.get().category == "serious"
