import datetime as dt

import factory

from konbit.forces.models import (
    Contingent,
    ContingentMembership,
    Country,
    Deployment,
    DeploymentWave,
    Mandate,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso3",)

    iso3 = factory.Sequence(lambda n: "X" + chr(65 + n // 26 % 26) + chr(65 + n % 26))
    name = factory.LazyAttribute(lambda c: f"Country {c.iso3}")


class ContingentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contingent
        django_get_or_create = ("country",)

    country = factory.SubFactory(CountryFactory)
    name = factory.LazyAttribute(lambda c: f"{c.country.name} contingent")


class ContingentMembershipFactory(factory.django.DjangoModelFactory):
    """A user's contingent, written directly like every factory's record (the
    audited write is ``services.membership_set``)."""

    class Meta:
        model = ContingentMembership

    contingent = factory.SubFactory(ContingentFactory)


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    resolution = factory.Sequence(lambda n: f"{2700 + n} (2024)")
    adopted_on = dt.date(2024, 9, 30)
    starts_on = dt.date(2024, 10, 2)
    ends_on = dt.date(2025, 10, 2)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    contingent = factory.SubFactory(ContingentFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")
    unit_type = Unit.Type.FORMED_POLICE


class PersonnelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personnel

    contingent = factory.SubFactory(ContingentFactory)
    service_number = factory.Sequence(lambda n: f"TEST-{n:05d}")
    rank = "Constable"
    rank_grade = 2
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Testperson{n}")
    sex = "M"
    date_of_birth = dt.date(1990, 5, 17)
    specialty = Personnel.Specialty.POLICE_OFFICER
    status = Personnel.Status.DEPLOYED


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeploymentWave

    contingent = factory.SubFactory(ContingentFactory)
    arrival_date = factory.Sequence(lambda n: dt.date(2024, 6, 25) + dt.timedelta(days=n))
    count_announced = 10


class DeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deployment

    person = factory.SubFactory(PersonnelFactory)
    arrival_date = dt.date(2024, 6, 25)


def _rotation(contingents: dict[str, Contingent]) -> Rotation:
    kenya = contingents["KEN"]
    return Rotation.objects.create(
        incoming_wave=WaveFactory(contingent=kenya, arrival_date=dt.date(2025, 1, 10)),
        outgoing_wave=WaveFactory(contingent=kenya, arrival_date=dt.date(2024, 7, 10)),
        overlap_start=dt.date(2025, 1, 10),
        overlap_end=dt.date(2025, 1, 20),
    )


# One sample record of each kind, in the Kenyan contingent where a kind belongs to one:
# the generated access matrix (core/tests/test_access_matrix.py) builds its data here.
SAMPLES = {
    Mandate: lambda contingents: MandateFactory(),
    ReportingObligation: lambda contingents: ReportingObligation.objects.create(
        mandate=MandateFactory(),
        title="Report to the Council",
        reporting_party=ReportingObligation.Party.MSS_LEADERSHIP,
        addressee=ReportingObligation.Addressee.SECURITY_COUNCIL,
        trigger=ReportingObligation.Trigger.PERIODIC,
        interval_days=90,
    ),
    Contingent: lambda contingents: contingents["KEN"],
    Unit: lambda contingents: UnitFactory(contingent=contingents["KEN"]),
    Personnel: lambda contingents: PersonnelFactory(contingent=contingents["KEN"]),
    Deployment: lambda contingents: DeploymentFactory(
        person=PersonnelFactory(contingent=contingents["KEN"])
    ),
    DeploymentWave: lambda contingents: WaveFactory(contingent=contingents["KEN"]),
    Rotation: _rotation,
}
