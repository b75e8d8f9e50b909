import datetime as dt
from typing import Any

import factory

from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    Designation,
    GroupAlias,
    GroupKind,
    Person,
    PersonAlias,
    Relation,
    RelationKind,
    StatusChange,
    StrengthEstimate,
    Territory,
)
from konbit.actors.names import name_key
from konbit.places.models import Commune


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


def _statement(model: Any, **fields: Any) -> Any:
    return model.objects.create(source="Demo source", reliability="C", credibility=3, **fields)


def _relation(contingents: Any) -> Relation:
    return _statement(
        Relation,
        kind=RelationKind.MEMBERSHIP,
        person=PersonFactory(),
        group=ArmedGroupFactory(),
        role="leader",
    )


def _actor_name(contingents: Any) -> ActorName:
    group = ArmedGroupFactory()
    return ActorName.objects.create(
        name=f"{group.name} (sample)",
        name_norm=name_key(f"{group.name} sample"),
        events=1,
        suggested_group=group,
        reason="A sample suggestion",
    )


# One record of each entity for the generated access matrix (none released to the HNP).
SAMPLES: dict[type, Any] = {
    ArmedGroup: lambda contingents: ArmedGroupFactory(),
    Person: lambda contingents: PersonFactory(),
    GroupAlias: lambda contingents: _statement(
        GroupAlias,
        group=ArmedGroupFactory(),
        name="Demo Sample Alias",
        name_norm=name_key("Demo Sample Alias"),
        language="ht",
    ),
    PersonAlias: lambda contingents: _statement(
        PersonAlias, person=PersonFactory(), name="Demo Sample Nickname", language="ht"
    ),
    StatusChange: lambda contingents: _statement(
        StatusChange, group=ArmedGroupFactory(), status="weakened", on=dt.date(2025, 1, 1)
    ),
    StrengthEstimate: lambda contingents: _statement(
        StrengthEstimate, group=ArmedGroupFactory(), on=dt.date(2025, 1, 1), low=50, high=80
    ),
    Relation: _relation,
    Territory: lambda contingents: _statement(
        Territory,
        group=ArmedGroupFactory(),
        commune=Commune.objects.order_by("pk").first(),
        control=Territory.Control.CONTROLS,
    ),
    Designation: lambda contingents: _statement(
        Designation,
        group=ArmedGroupFactory(),
        authority=Designation.Authority.UN,
        instrument="Res 2653 (sample)",
        listed_on=dt.date(2024, 1, 1),
    ),
    ActorName: _actor_name,
}
