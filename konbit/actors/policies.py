"""Who may see and do what in actors (DESIGN.md "Who sees what", issue 12 item 10).

mission_admin and hq_staff write; contingent commanders read; the HNP liaison reads
what was released to the HNP (a group or a person, and the statements about
released records only); the analyst sees aggregates only (incident counts by group,
never a person); oversight sees nothing of this part. A person's identity is
sensitive: every read of persons (page, API, export) is audited.

Every access decision of the part is here, one ``core.policies.Policy`` per entity.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import Q

from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    Designation,
    GroupAlias,
    Person,
    PersonAlias,
    Relation,
    StatusChange,
    StrengthEstimate,
    Territory,
)
from konbit.core.policies import Policy, policy_for, register

M = TypeVar("M", bound=models.Model)

UNRELEASED = "actors.view_unreleased"
AGGREGATES = "actors.view_aggregates"


def reads_released_only(user: Any) -> bool:
    """The HNP liaison: reads only what was released to the HNP."""
    return not (user is not None and user.has_perm(UNRELEASED))


def _released_groups(prefix: str) -> Q:
    return Q(**{f"{prefix}released_to_hnp": True})


@register
class ArmedGroupPolicy(Policy[ArmedGroup]):
    """Groups; ``aggregate`` is the incident counts by group (no person: the
    analyst's whole view of the part), ``review`` the statements past their review
    date (the registry's writers' work list)."""

    model = ArmedGroup
    read_label = "rel"
    actions: ClassVar[dict[str, str]] = {
        "release": "actors.release_armedgroup",
        "aggregate": AGGREGATES,
        "review": "actors.change_armedgroup",
    }

    def scope(
        self, user: Any, queryset: models.QuerySet[ArmedGroup]
    ) -> models.QuerySet[ArmedGroup]:
        return queryset.filter(released_to_hnp=True) if reads_released_only(user) else queryset


@register
class PersonPolicy(Policy[Person]):
    """A person's identity never reaches a role without ``view_person`` (the
    analyst); every read of persons is audited."""

    model = Person
    read_label = "rel"
    actions: ClassVar[dict[str, str]] = {"release": "actors.release_person"}
    audit_reads = True

    def scope(self, user: Any, queryset: models.QuerySet[Person]) -> models.QuerySet[Person]:
        return queryset.filter(released_to_hnp=True) if reads_released_only(user) else queryset


class _AboutGroup(Policy[M]):
    """A statement about a group: seen with its group."""

    read_label = "rel"

    def scope(self, user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return (
            queryset.filter(_released_groups("group__")) if reads_released_only(user) else queryset
        )


@register
class GroupAliasPolicy(_AboutGroup[GroupAlias]):
    model = GroupAlias


@register
class StrengthPolicy(_AboutGroup[StrengthEstimate]):
    model = StrengthEstimate


@register
class StatusChangePolicy(_AboutGroup[StatusChange]):
    model = StatusChange


@register
class TerritoryPolicy(_AboutGroup[Territory]):
    model = Territory


@register
class PersonAliasPolicy(Policy[PersonAlias]):
    model = PersonAlias
    read_label = "rel"
    audit_reads = True
    audited_relations = ("person",)  # every answer names the person

    def scope(
        self, user: Any, queryset: models.QuerySet[PersonAlias]
    ) -> models.QuerySet[PersonAlias]:
        if reads_released_only(user):
            return queryset.filter(person__released_to_hnp=True)
        return queryset


@register
class RelationPolicy(Policy[Relation]):
    """Seen when every record it names is seen; a relation names a person, so a
    reader of relations reads persons (the analyst has neither)."""

    model = Relation
    read_label = "rel"
    audited_relations = ("person",)  # a membership names its person: that read is audited

    def scope(self, user: Any, queryset: models.QuerySet[Relation]) -> models.QuerySet[Relation]:
        if not self.has(user, "actors.view_person"):
            queryset = queryset.filter(person__isnull=True)
        if reads_released_only(user):
            queryset = queryset.filter(group__released_to_hnp=True).filter(
                Q(person__isnull=True) | Q(person__released_to_hnp=True),
                Q(member_group__isnull=True) | Q(member_group__released_to_hnp=True),
            )
        return queryset


@register
class DesignationPolicy(Policy[Designation]):
    model = Designation
    read_label = "rel"
    audited_relations = ("person",)  # a person's listing names the person

    def scope(
        self, user: Any, queryset: models.QuerySet[Designation]
    ) -> models.QuerySet[Designation]:
        if not self.has(user, "actors.view_person"):
            queryset = queryset.filter(person__isnull=True)
        if reads_released_only(user):
            queryset = queryset.filter(
                Q(group__released_to_hnp=True) | Q(person__released_to_hnp=True)
            )
        return queryset


@register
class ActorNamePolicy(Policy[ActorName]):
    """The review table: read by the mission's roles, decided by hq_staff and
    mission_admin (``resolve_actorname``). Its rows are the names seen in incidents:
    the resolver makes them, nobody creates or deletes one by hand."""

    model = ActorName
    actions: ClassVar[dict[str, str]] = {"resolve": "actors.resolve_actorname"}

    def can_create(self, user: Any, **ctx: Any) -> bool:
        return False

    def can_change(self, user: Any, obj: ActorName) -> bool:
        return self.has(user, "actors.resolve_actorname")

    def can_delete(self, user: Any, obj: ActorName) -> bool:
        return False


__all__ = ["policy_for", "reads_released_only"]
