import datetime as dt

import factory

from konbit.forces.models import Contingent, Country, Mandate


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


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    resolution = factory.Sequence(lambda n: f"{2700 + n} (2024)")
    adopted_on = dt.date(2024, 9, 30)
    starts_on = dt.date(2024, 10, 2)
    ends_on = dt.date(2025, 10, 2)
