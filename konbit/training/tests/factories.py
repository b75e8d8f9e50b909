import datetime as dt
from decimal import Decimal

import factory

from konbit.training.models import (
    Assessment,
    AssessmentResult,
    Attendance,
    Cohort,
    Enrolment,
    Programme,
    Trainee,
    TrainingSession,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PRG-{n:03d}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = Programme.Kind.BASIC


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Test class {n}")
    starts_on = dt.date(2024, 8, 27)
    ends_on = dt.date(2025, 1, 10)
    graduation_on = dt.date(2025, 1, 10)
    venue = "Test venue"


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    registration_number = factory.Sequence(lambda n: f"TEST-CADET-{n:05d}")
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Testcadet{n}")
    sex = "F"
    date_of_birth = dt.date(2000, 3, 4)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    trainee = factory.SubFactory(TraineeFactory)
    enrolled_on = dt.date(2024, 8, 27)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    cohort = factory.SubFactory(CohortFactory)
    held_on = factory.Sequence(lambda n: dt.date(2024, 9, 1) + dt.timedelta(days=n))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Module {n}")
    held_on = dt.date(2024, 12, 16)
    pass_mark = Decimal("60")


def _attendance(contingents: dict) -> Attendance:
    enrolment = EnrolmentFactory()
    session = SessionFactory(cohort=enrolment.cohort)
    return Attendance.objects.create(session=session, enrolment=enrolment, present=True)


def _result(contingents: dict) -> AssessmentResult:
    enrolment = EnrolmentFactory()
    assessment = AssessmentFactory(cohort=enrolment.cohort)
    return AssessmentResult.objects.create(
        assessment=assessment, enrolment=enrolment, score=Decimal("75")
    )


# One sample of each kind for the generated access matrix.
SAMPLES = {
    Programme: lambda contingents: ProgrammeFactory(),
    Cohort: lambda contingents: CohortFactory(),
    Trainee: lambda contingents: TraineeFactory(),
    Enrolment: lambda contingents: EnrolmentFactory(),
    TrainingSession: lambda contingents: SessionFactory(),
    Attendance: _attendance,
    Assessment: lambda contingents: AssessmentFactory(),
    AssessmentResult: _result,
}
