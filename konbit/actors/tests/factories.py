import datetime as dt

import factory

from konbit.actors.models import ArmedGroup, GroupKind, Person
from konbit.actors.names import name_key


class ArmedGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArmedGroup

    name = factory.Sequence(lambda n: f"Demo Gang {n}")
    name_norm = factory.LazyAttribute(lambda o: name_key(o.name))
    kind = GroupKind.GANG


class CoalitionFactory(ArmedGroupFactory):
    name = factory.Sequence(lambda n: f"Demo Coalition {n}")
    kind = GroupKind.COALITION
    founded_on = dt.date(2023, 9, 22)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Demo Person {n}")
    name_norm = factory.LazyAttribute(lambda o: name_key(o.name))
