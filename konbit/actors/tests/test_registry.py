import datetime as dt
from typing import Any

import pytest

from konbit.actors.models import GroupAlias, GroupKind, Relation, RelationKind, StatusChange
from konbit.actors.services import registry
from konbit.actors.tests.factories import ArmedGroupFactory, CoalitionFactory, PersonFactory
from konbit.core.exceptions import DomainError, StaleVersion
from konbit.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SOURCE = {"source": "demo source", "reliability": "B", "credibility": 2}


def test_group_create_keys_the_name_and_audits(cast: dict[str, Any]) -> None:
    group = registry.group_create(
        actor=cast["hq_staff"], data={"name": "Kraze Baryè", "kind": GroupKind.GANG}
    )
    assert group.name_norm == "krazebarye"
    entry = AuditEntry.objects.get(target_id=str(group.pk))
    assert entry.action == "create" and entry.changes["name"] == [None, "Kraze Baryè"]


def test_a_name_that_reads_like_another_groups_alias_is_refused(cast: dict[str, Any]) -> None:
    gang = ArmedGroupFactory(name="5 Segonn")
    registry.statement_create(
        actor=cast["hq_staff"],
        model=GroupAlias,
        data={"group": gang, "name": "5 Segond Gang", "language": "en", **SOURCE},
    )
    with pytest.raises(DomainError) as err:
        registry.group_create(
            actor=cast["hq_staff"], data={"name": "Gang 5 Segond", "kind": GroupKind.GANG}
        )
    assert "5 Segonn" in err.value.errors["name"][0]
    with pytest.raises(DomainError):
        registry.statement_create(
            actor=cast["hq_staff"],
            model=GroupAlias,
            data={"group": ArmedGroupFactory(), "name": "5-segonn", "language": "ht", **SOURCE},
        )
    assert GroupAlias.objects.count() == 1


def test_a_gang_is_a_member_of_a_coalition_only(cast: dict[str, Any]) -> None:
    gang, other = ArmedGroupFactory(), ArmedGroupFactory()
    with pytest.raises(DomainError) as err:
        registry.statement_create(
            actor=cast["hq_staff"],
            model=Relation,
            data={"kind": RelationKind.MEMBERSHIP, "member_group": gang, "group": other, **SOURCE},
        )
    assert "group" in err.value.errors
    assert not Relation.objects.exists()


def test_nobody_joins_a_coalition_before_it_was_announced(cast: dict[str, Any]) -> None:
    coalition, gang = CoalitionFactory(), ArmedGroupFactory()
    with pytest.raises(DomainError) as err:
        registry.statement_create(
            actor=cast["hq_staff"],
            model=Relation,
            data={
                "kind": RelationKind.MEMBERSHIP,
                "member_group": gang,
                "group": coalition,
                "starts_on": dt.date(2023, 1, 1),
                **SOURCE,
            },
        )
    assert "starts_on" in err.value.errors
    relation = registry.statement_create(
        actor=cast["hq_staff"],
        model=Relation,
        data={"kind": RelationKind.MEMBERSHIP, "member_group": gang, "group": coalition, **SOURCE},
    )
    assert relation.grade == "B2"


def test_alliances_are_between_groups(cast: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as err:
        registry.statement_create(
            actor=cast["hq_staff"],
            model=Relation,
            data={
                "kind": RelationKind.ALLIANCE,
                "person": PersonFactory(),
                "group": ArmedGroupFactory(),
                **SOURCE,
            },
        )
    assert "kind" in err.value.errors


def test_status_before_founding_is_refused_and_stale_update_too(cast: dict[str, Any]) -> None:
    gang = ArmedGroupFactory(founded_on=dt.date(2020, 6, 1))
    data = {"group": gang, "status": "weakened", "reason": "r", **SOURCE}
    with pytest.raises(DomainError):
        registry.statement_create(
            actor=cast["hq_staff"], model=StatusChange, data={**data, "on": dt.date(2019, 1, 1)}
        )
    change = registry.statement_create(
        actor=cast["hq_staff"], model=StatusChange, data={**data, "on": dt.date(2024, 1, 1)}
    )
    with pytest.raises(StaleVersion):
        registry.statement_update(
            actor=cast["hq_staff"], statement=change, data={"reason": "x"}, version=7
        )


def test_release_is_audited_and_needs_the_permission(cast: dict[str, Any]) -> None:
    gang = ArmedGroupFactory()
    with pytest.raises(DomainError):
        registry.release_to_hnp(actor=cast["ken_commander"], record=gang, version=gang.version)
    released = registry.release_to_hnp(actor=cast["hq_staff"], record=gang, version=gang.version)
    assert released.released_to_hnp and released.released_by == cast["hq_staff"]
    assert AuditEntry.objects.filter(target_id=str(gang.pk), action="release").count() == 1
