import datetime as dt

import factory

from konbit.forces.tests.factories import MandateFactory
from konbit.stability.figures import value_key
from konbit.stability.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    Objective,
)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    mandate = factory.SubFactory(MandateFactory)
    code = factory.Sequence(lambda n: f"O{n}")
    title = factory.Sequence(lambda n: f"Objective {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"indicator_{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "people"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    target_date = dt.date(2024, 10, 2)


class MilestoneStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneStatus

    milestone = factory.SubFactory(MilestoneFactory)
    status = "achieved"
    on = dt.date(2024, 10, 2)
    source = "Demo source"


class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    commune_id = "HT0111"
    date = dt.date(2024, 3, 31)
    value = 100
    source = "Demo source"
    breakdown = factory.LazyFunction(dict)
    key = factory.LazyAttribute(
        lambda v: value_key(
            commune=v.commune_id,
            date=v.date,
            source=v.source,
            breakdown=v.breakdown,
            period_start=None,
        )
    )


SAMPLES = {
    Objective: lambda contingents: ObjectiveFactory(),
    Milestone: lambda contingents: MilestoneFactory(),
    Indicator: lambda contingents: IndicatorFactory(),
    IndicatorValue: lambda contingents: ValueFactory(),
}
