"""Training's pages tried by the whole cast."""

import pytest

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditAction, AuditEntry
from konbit.forces.tests.factories import PersonnelFactory
from konbit.training.models import Cohort, Enrolment
from konbit.training.tests.factories import (
    AssessmentFactory,
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    TraineeFactory,
)
from konbit.training.views import ALL

pytestmark = pytest.mark.django_db

WRITERS = {"mission_admin", "hq_staff", "hnp_liaison"}
READERS = WRITERS | {"ken_commander", "jam_commander"}
NO_PERSON = {"programmes", "cohorts", "assessments"}


@pytest.fixture
def enrolment(contingents):
    cohort = CohortFactory(name="Page class")
    cohort.trainers.set(
        [PersonnelFactory(contingent=contingents["KEN"], family_name="Trainerperson")]
    )
    AssessmentFactory(cohort=cohort, name="Human rights")
    return EnrolmentFactory(
        cohort=cohort, trainee=TraineeFactory(family_name="Cadetperson", registration_number="C-1")
    )


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("pages", ALL, ids=[p.slug for p in ALL])
def test_list_and_detail_pages(cast, client_as, enrolment, pages, who):
    browser = client_as(cast[who])
    record = {
        "programmes": enrolment.cohort.programme,
        "cohorts": enrolment.cohort,
        "trainees": enrolment.trainee,
        "enrolments": enrolment,
        "assessments": enrolment.cohort.assessments.get(),
    }[pages.slug]
    listed = browser.get(f"/training/{pages.slug}/")
    detail = browser.get(f"/training/{pages.slug}/{record.pk}/")
    edit = browser.get(f"/training/{pages.slug}/{record.pk}/edit/")
    if who == "anonymous":
        assert {listed.status_code, detail.status_code, edit.status_code} == {302}
        return
    readers = READERS | ({"analyst"} if pages.slug in NO_PERSON else set())
    expected = 200 if who in readers else 404
    assert (listed.status_code, detail.status_code) == (expected, expected)
    assert edit.status_code == (200 if who in WRITERS else 403 if who in readers else 404)
    for response in (listed, detail):
        if response.status_code == 200:
            assert ("Cadetperson" in response.content.decode()) == (
                pages.slug in ("trainees", "enrolments")
            )


@pytest.mark.parametrize("who", CAST)
def test_cohort_page_shows_the_funnel_and_trainers_to_readers_of_personnel(
    cast, client_as, enrolment, who
):
    response = client_as(cast[who]).get(f"/training/cohorts/{enrolment.cohort.pk}/")
    if who == "anonymous" or who == "oversight_officer":
        assert response.status_code in (302, 404)
        return
    page = response.content.decode()
    assert "From enrolment to placement" in page
    sees_trainers = who in {"mission_admin", "hq_staff", "ken_commander"}
    assert ("Trainerperson" in page) == sees_trainers
    assert "Cadetperson" not in page


def test_reading_a_cadet_is_audited(cast, client_as, enrolment):
    browser = client_as(cast["hnp_liaison"])
    assert browser.get(f"/training/trainees/{enrolment.trainee.pk}/").status_code == 200
    assert browser.get(f"/training/enrolments/{enrolment.pk}/").status_code == 200
    reads = AuditEntry.objects.filter(action=AuditAction.READ, actor_username="hnp_liaison")
    assert set(reads.values_list("target_id", flat=True)) >= {
        str(enrolment.trainee.pk),
        str(enrolment.pk),
    }


def _enrolment_form(enrolment, **changes):
    data = {
        "enrolled_on": "2024-08-27",
        "status": enrolment.status,
        "withdrawn_on": "",
        "withdrawal_reason": "",
        "withdrawal_note": "",
        "graduated_on": "",
        "placement_unit": "",
        "placed_on": "",
        "version": enrolment.version,
    }
    data.update(changes)
    return data


def test_recording_a_withdrawal_on_the_page(cast, client_as, enrolment):
    browser = client_as(cast["hnp_liaison"])
    url = f"/training/enrolments/{enrolment.pk}/edit/"
    refused = browser.post(url, _enrolment_form(enrolment, status="withdrawn"))
    assert refused.status_code == 400
    assert "a withdrawal needs its reason" in refused.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
    done = browser.post(
        url,
        _enrolment_form(
            enrolment, status="withdrawn", withdrawn_on="2024-10-01", withdrawal_reason="medical"
        ),
    )
    assert done.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.withdrawal_reason) == ("withdrawn", "medical")
    stale = browser.post(url, _enrolment_form(enrolment, version=1, withdrawal_note="late"))
    assert stale.status_code == 409


def test_enrolling_by_registration_number(cast, client_as, enrolment):
    TraineeFactory(registration_number="C-2", family_name="Newcomer")
    browser = client_as(cast["hq_staff"])
    form = {"cohort": str(enrolment.cohort.pk), "enrolled_on": "2024-08-27", "status": "enrolled"}
    unknown = browser.post("/training/enrolments/new/", {**form, "registration_number": "C-404"})
    assert unknown.status_code == 400
    assert "No cadet with this registration number." in unknown.content.decode()
    twice = browser.post("/training/enrolments/new/", {**form, "registration_number": "C-1"})
    assert twice.status_code == 400
    made = browser.post("/training/enrolments/new/", {**form, "registration_number": "c-2"})
    assert made.status_code == 302
    assert Enrolment.objects.filter(cohort=enrolment.cohort).count() == 2


def test_cohort_form_names_trainers_by_service_number(cast, client_as, contingents):
    programme = ProgrammeFactory()
    trainer = PersonnelFactory(contingent=contingents["KEN"], service_number="KE-TR-1")
    form = {"programme": str(programme.pk), "name": "New class", "starts_on": "2025-02-01"}
    hq = client_as(cast["hq_staff"])
    bad = hq.post("/training/cohorts/new/", {**form, "trainers_numbers": "KE-TR-1, KE-NOPE"})
    assert bad.status_code == 400 and "KE-NOPE" in bad.content.decode()
    assert (
        hq.post("/training/cohorts/new/", {**form, "trainers_numbers": "ke-tr-1"}).status_code
        == 302
    )
    cohort = Cohort.objects.get(name="New class")
    assert list(cohort.trainers.all()) == [trainer]
    # The liaison reads no personnel: the form has no trainers, and saving keeps them.
    liaison = client_as(cast["hnp_liaison"])
    page = liaison.get(f"/training/cohorts/{cohort.pk}/edit/").content.decode()
    assert "trainers_numbers" not in page
    saved = liaison.post(
        f"/training/cohorts/{cohort.pk}/edit/",
        {**form, "venue": "Frères", "version": cohort.version},
    )
    assert saved.status_code == 302
    assert list(cohort.trainers.all()) == [trainer]


def test_enrolment_list_query_count_is_constant(cast, client_as, django_assert_max_num_queries):
    browser = client_as(cast["hq_staff"])
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort)
    browser.get("/training/enrolments/")
    with django_assert_max_num_queries(20) as few:
        assert browser.get("/training/enrolments/").status_code == 200
    for _ in range(30):
        EnrolmentFactory(cohort=cohort)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert browser.get("/training/enrolments/").status_code == 200
