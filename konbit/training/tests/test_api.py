"""The training API tried by the whole cast (issue 14, items 4 and 5)."""

from decimal import Decimal

import pytest

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditAction, AuditEntry
from konbit.training.models import AssessmentResult, Attendance, Enrolment, Trainee
from konbit.training.tests.factories import (
    AssessmentFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db

WRITERS = {"mission_admin", "hq_staff", "hnp_liaison"}
READERS = WRITERS | {"ken_commander", "jam_commander"}
FIGURES = READERS | {"analyst"}


@pytest.fixture
def cohort():
    """A small cohort: two women and three men enrolled; one man withdrew; the
    others were present at a session and assessed; one woman and two men graduated,
    one of them placed."""
    cohort = CohortFactory(name="Class under test")
    session = SessionFactory(cohort=cohort)
    assessment = AssessmentFactory(cohort=cohort)
    people = [("F", "graduated"), ("F", "enrolled"), ("M", "graduated"), ("M", "graduated")]
    for n, (sex, status) in enumerate(people):
        enrolment = EnrolmentFactory(
            cohort=cohort,
            trainee=TraineeFactory(sex=sex, family_name=f"Cadet{n}"),
            status=status,
            graduated_on=cohort.graduation_on if status == "graduated" else None,
            placement_unit="BOID" if n == 2 else "",
        )
        Attendance.objects.create(session=session, enrolment=enrolment, present=True)
        AssessmentResult.objects.create(
            assessment=assessment, enrolment=enrolment, score=Decimal("70")
        )
    EnrolmentFactory(
        cohort=cohort,
        trainee=TraineeFactory(sex="M", family_name="Leaver"),
        status="withdrawn",
        withdrawn_on=cohort.starts_on,
        withdrawal_reason="dropped_out",
    )
    return cohort


@pytest.mark.parametrize("who", CAST)
def test_cohort_figures(cast, api_as, cohort, who):
    response = api_as(cast[who]).get("/api/v1/training-cohorts/")
    if who == "anonymous":
        assert response.status_code == 401
        return
    if who not in FIGURES:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["enrolled"] == 5
    assert row["graduated"] == 3
    assert row["graduated_by_sex"] == {"female": 1, "male": 2}
    funnel = row["funnel"]
    assert [funnel[s]["total"] for s in ("enrolled", "attending", "assessed", "graduated")] == [
        5,
        4,
        4,
        3,
    ]
    assert funnel["placed"] == {"total": 1, "female": 0, "male": 1}
    assert funnel["withdrawn"] == {"total": 1, "female": 0, "male": 1}
    # Trainers are mission personnel: hidden from who may not read personnel.
    assert ("trainers" in row) == (who not in {"hnp_liaison", "analyst"})
    detail = api_as(cast[who]).get(f"/api/v1/training-cohorts/{cohort.pk}/").json()
    assert detail["graduated_by_sex"] == {"female": 1, "male": 2}


@pytest.mark.parametrize("who", CAST)
def test_trainees_are_read_by_the_training_roles_only_and_audited(cast, api_as, cohort, who):
    leaver = Trainee.objects.get(family_name="Leaver")
    listed = api_as(cast[who]).get("/api/v1/trainees/")
    detail = api_as(cast[who]).get(f"/api/v1/trainees/{leaver.pk}/")
    reads = AuditEntry.objects.filter(action=AuditAction.READ, target_id=str(leaver.pk))
    if who == "anonymous":
        assert (listed.status_code, detail.status_code) == (401, 401)
    elif who in READERS:
        assert listed.status_code == 200 and listed.json()["count"] == 5
        assert detail.json()["registration_number"] == leaver.registration_number
        assert reads.count() == 2  # the list and the detail
    else:
        assert (listed.status_code, detail.status_code) == (404, 404)
    if who not in READERS:
        assert not reads.exists()


@pytest.mark.parametrize("who", CAST)
def test_recording_a_withdrawal(cast, api_as, cohort, who):
    enrolment = Enrolment.objects.get(cohort=cohort, status="enrolled")
    before = AuditEntry.objects.exclude(action=AuditAction.READ).count()
    response = api_as(cast[who]).patch(
        f"/api/v1/training-enrolments/{enrolment.pk}/",
        {
            "status": "withdrawn",
            "withdrawn_on": "2024-10-01",
            "withdrawal_reason": "dismissed",
            "version": 1,
        },
        format="json",
    )
    enrolment.refresh_from_db()
    expected = (
        200 if who in WRITERS else 403 if who in READERS else 401 if who == "anonymous" else 404
    )
    assert response.status_code == expected
    if who in WRITERS:
        assert (enrolment.status, enrolment.withdrawal_reason) == ("withdrawn", "dismissed")
        assert AuditEntry.objects.exclude(action=AuditAction.READ).count() == before + 1
    else:
        assert (enrolment.status, enrolment.version) == ("enrolled", 1)
        assert AuditEntry.objects.exclude(action=AuditAction.READ).count() == before


def test_a_withdrawal_needs_its_date_and_reason(cast, api_as, cohort):
    enrolment = Enrolment.objects.get(cohort=cohort, status="enrolled")
    response = api_as(cast["hnp_liaison"]).patch(
        f"/api/v1/training-enrolments/{enrolment.pk}/",
        {"status": "withdrawn", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"withdrawn_on", "withdrawal_reason"}
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_placement_is_for_graduates_and_the_cadet_does_not_change(cast, api_as, cohort):
    client = api_as(cast["hq_staff"])
    enrolment = Enrolment.objects.get(cohort=cohort, status="enrolled")
    placed = client.patch(
        f"/api/v1/training-enrolments/{enrolment.pk}/",
        {"placement_unit": "BOID", "version": 1},
        format="json",
    )
    assert placed.status_code == 400 and "placement_unit" in placed.json()["errors"]
    other = TraineeFactory()
    moved = client.patch(
        f"/api/v1/training-enrolments/{enrolment.pk}/",
        {"trainee": str(other.pk), "version": 1},
        format="json",
    )
    assert moved.status_code == 400 and "trainee" in moved.json()["errors"]


def test_enrolling_twice_is_refused(cast, api_as, cohort):
    enrolment = Enrolment.objects.filter(cohort=cohort).first()
    response = api_as(cast["hq_staff"]).post(
        "/api/v1/training-enrolments/",
        {
            "cohort": str(cohort.pk),
            "trainee": str(enrolment.trainee_id),
            "enrolled_on": "2024-08-27",
        },
        format="json",
    )
    assert response.status_code == 400
    assert Enrolment.objects.filter(cohort=cohort).count() == 5


def test_creating_a_cohort_with_trainers(cast, api_as, contingents, cohort):
    from konbit.forces.tests.factories import PersonnelFactory

    trainer = PersonnelFactory(contingent=contingents["KEN"])
    client = api_as(cast["hq_staff"])
    response = client.post(
        "/api/v1/training-cohorts/",
        {
            "programme": str(cohort.programme_id),
            "name": "35th class",
            "starts_on": "2025-09-01",
            "ends_on": "2025-08-01",
            "trainers": [str(trainer.pk)],
        },
        format="json",
    )
    assert response.status_code == 400 and "ends_on" in response.json()["errors"]
    response = client.post(
        "/api/v1/training-cohorts/",
        {
            "programme": str(cohort.programme_id),
            "name": "35th class",
            "starts_on": "2025-09-01",
            "trainers": [str(trainer.pk)],
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["trainers"] == [str(trainer.pk)]
    assert response.json()["enrolled"] == 0


@pytest.mark.parametrize(
    "path", ["/api/v1/training-cohorts/", "/api/v1/trainees/", "/api/v1/training-enrolments/"]
)
def test_list_query_count_is_constant(cast, api_as, path, django_assert_max_num_queries):
    client = api_as(cast["hq_staff"])
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort)
    client.get(path)  # warm the permission cache of the session
    with django_assert_max_num_queries(12) as few:
        assert client.get(path + "?page_size=500").status_code == 200
    for _ in range(15):
        other = CohortFactory()
        for _ in range(3):
            EnrolmentFactory(cohort=other)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path + "?page_size=500").status_code == 200


def test_filters(cast, api_as, cohort):
    client = api_as(cast["hq_staff"])
    assert client.get("/api/v1/trainees/?sex=F").json()["count"] == 2
    assert client.get("/api/v1/trainees/?q=leaver").json()["count"] == 1
    assert client.get(f"/api/v1/trainees/?cohort={cohort.pk}").json()["count"] == 5
    assert client.get("/api/v1/training-enrolments/?status=withdrawn").json()["count"] == 1
    assert client.get("/api/v1/training-enrolments/?placed=true").json()["count"] == 1
    assert client.get("/api/v1/training-cohorts/?since=2025-01-01").json()["count"] == 0
    bad = client.get("/api/v1/training-cohorts/?since=someday")
    assert bad.status_code == 400
