import datetime as dt

import pytest

from konbit.actors.models import Relation, RelationKind
from konbit.actors.selectors import member_group_ids, relations_on
from konbit.actors.tests.factories import ArmedGroupFactory, CoalitionFactory

pytestmark = pytest.mark.django_db

D = dt.date


def member(
    group: object, coalition: object, starts: dt.date | None = None, ends: dt.date | None = None
) -> Relation:
    return Relation.objects.create(
        kind=RelationKind.MEMBERSHIP,
        member_group=group,
        group=coalition,
        starts_on=starts,
        ends_on=ends,
        source="test",
    )


def test_members_through_a_member_coalition_count() -> None:
    viv = CoalitionFactory(name="Viv Ansanm", founded_on=D(2023, 9, 22))
    g9 = CoalitionFactory(name="G9", founded_on=D(2020, 6, 1))
    delmas6, other = ArmedGroupFactory(name="Delmas 6"), ArmedGroupFactory(name="Left G9")
    member(g9, viv)
    member(delmas6, g9, starts=D(2020, 6, 1))
    member(other, g9, starts=D(2020, 6, 1), ends=D(2022, 1, 1))
    assert member_group_ids(viv, D(2024, 3, 1)) == {g9.pk, delmas6.pk}
    # G9 existed in 2021 with both gangs, but Viv Ansanm did not.
    assert member_group_ids(viv, D(2021, 3, 1)) == set()
    assert member_group_ids(g9, D(2021, 3, 1)) == {delmas6.pk, other.pk}


def test_an_unknown_start_reads_as_the_announcement() -> None:
    viv = CoalitionFactory(founded_on=D(2023, 9, 22))
    gang = ArmedGroupFactory()
    relation = member(gang, viv)
    assert member_group_ids(viv, D(2023, 9, 21)) == set()
    assert member_group_ids(viv, D(2023, 9, 22)) == {gang.pk}
    assert list(relations_on(Relation.objects.all(), D(2023, 9, 1))) == []
    assert list(relations_on(Relation.objects.all(), D(2024, 1, 1))) == [relation]


def test_a_membership_that_started_later_or_ended_does_not_count() -> None:
    viv = CoalitionFactory(founded_on=D(2023, 9, 22))
    late, gone = ArmedGroupFactory(), ArmedGroupFactory()
    member(late, viv, starts=D(2024, 6, 1))
    member(gone, viv, ends=D(2024, 1, 31))
    assert member_group_ids(viv, D(2024, 3, 1)) == set()
    assert member_group_ids(viv, D(2023, 12, 1)) == {gone.pk}
    assert member_group_ids(viv, D(2024, 7, 1)) == {late.pk}
