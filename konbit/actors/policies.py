"""Who may see and do what in actors (DESIGN.md "Who sees what", issue 12 item 10).

mission_admin and hq_staff write; contingent commanders read; the HNP liaison reads
what was released to the HNP (a group or a person, and the statements about
released records only); the analyst sees aggregates only (incident counts by group,
never a person); oversight sees nothing of this part. A person's identity is
sensitive: every read of persons (page, API, export) is audited.

Every access decision of the part is here. The classes follow the interface of the
project's per-entity policies (``part_visible``, ``visible``, ``can_*``, ``allows``,
``get_for``, ``record_reads``) so that they move onto ``core.policies`` as they are.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404

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

M = TypeVar("M", bound=models.Model)

UNRELEASED = "actors.view_unreleased"
AGGREGATES = "actors.view_aggregates"


def reads_released_only(user: Any) -> bool:
    """The HNP liaison: reads only what was released to the HNP."""
    return not (user is not None and user.has_perm(UNRELEASED))


def aggregates_readable(user: Any) -> bool:
    """Incident counts by group (the analyst's view of the part)."""
    return bool(user is not None and user.has_perm(AGGREGATES))


class Policy(Generic[M]):
    model: type[M]
    actions: ClassVar[dict[str, str]] = {}
    audit_reads: ClassVar[bool] = False

    def perm(self, verb: str) -> str:
        meta = self.model._meta
        return f"{meta.app_label}.{verb}_{meta.model_name}"

    @staticmethod
    def has(user: Any, perm: str | None) -> bool:
        return bool(perm) and user is not None and bool(user.has_perm(perm))

    def part_visible(self, user: Any) -> bool:
        return self.has(user, self.perm("view"))

    def base_queryset(self) -> models.QuerySet[M]:
        return self.model._default_manager.all()

    def scope(self, user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset

    def visible(self, user: Any) -> models.QuerySet[M]:
        if not self.part_visible(user):
            return self.model._default_manager.none()
        return self.scope(user, self.base_queryset())

    def can_create(self, user: Any, **ctx: Any) -> bool:
        return self.has(user, self.perm("add"))

    def can_change(self, user: Any, obj: M) -> bool:
        return self.has(user, self.perm("change"))

    def can_delete(self, user: Any, obj: M) -> bool:
        return self.has(user, self.perm("delete"))

    def allows(self, user: Any, action: str, obj: M | None = None, **ctx: Any) -> bool:
        if action == "create":
            return self.can_create(user, **ctx)
        if action == "change":
            return (
                self.has(user, self.perm("change")) if obj is None else self.can_change(user, obj)
            )
        if action == "delete":
            return (
                self.has(user, self.perm("delete")) if obj is None else self.can_delete(user, obj)
            )
        return self.has(user, self.actions.get(action))

    def get_for(self, user: Any, pk: Any, *, write: bool = False) -> M:
        """404 if the part or the record is not visible; 403 with ``write`` if the
        user may see but not change it."""
        if not self.part_visible(user):
            raise Http404
        try:
            obj = self.visible(user).get(pk=pk)
        except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
            raise Http404 from None
        if write and not self.can_change(user, obj):
            raise PermissionDenied
        return obj

    def require(self, user: Any, action: str, obj: M | None = None) -> None:
        if not self.allows(user, action, obj):
            raise PermissionDenied

    def record_reads(self, user: Any, records: Any) -> int:
        """Audit ``user``'s read of ``records`` when this kind's reads are audited:
        one entry a record, in one insert."""
        if not self.audit_reads:
            return 0
        from konbit.core.models import AuditAction, AuditEntry

        entries = [
            AuditEntry(
                actor=user,
                actor_username=user.username,
                action=AuditAction.READ,
                domain="actors",
                target_type=f"actors.{self.model._meta.model_name}",
                target_id=str(record.pk),
                target_repr=str(record)[:200],
            )
            for record in records
        ]
        AuditEntry.objects.bulk_create(entries)
        return len(entries)


def _released_groups(prefix: str) -> Q:
    return Q(**{f"{prefix}released_to_hnp": True})


class ArmedGroupPolicy(Policy[ArmedGroup]):
    model = ArmedGroup
    actions: ClassVar[dict[str, str]] = {"release": "actors.release_armedgroup"}

    def scope(
        self, user: Any, queryset: models.QuerySet[ArmedGroup]
    ) -> models.QuerySet[ArmedGroup]:
        return queryset.filter(released_to_hnp=True) if reads_released_only(user) else queryset


class PersonPolicy(Policy[Person]):
    """A person's identity never reaches a role without ``view_person`` (the
    analyst); every read of persons is audited."""

    model = Person
    actions: ClassVar[dict[str, str]] = {"release": "actors.release_person"}
    audit_reads = True

    def scope(self, user: Any, queryset: models.QuerySet[Person]) -> models.QuerySet[Person]:
        return queryset.filter(released_to_hnp=True) if reads_released_only(user) else queryset


class _AboutGroup(Policy[M]):
    """A statement about a group: seen with its group."""

    def scope(self, user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return (
            queryset.filter(_released_groups("group__")) if reads_released_only(user) else queryset
        )


class GroupAliasPolicy(_AboutGroup[GroupAlias]):
    model = GroupAlias


class StrengthPolicy(_AboutGroup[StrengthEstimate]):
    model = StrengthEstimate


class StatusChangePolicy(_AboutGroup[StatusChange]):
    model = StatusChange


class TerritoryPolicy(_AboutGroup[Territory]):
    model = Territory


class PersonAliasPolicy(Policy[PersonAlias]):
    model = PersonAlias
    audit_reads = True

    def scope(
        self, user: Any, queryset: models.QuerySet[PersonAlias]
    ) -> models.QuerySet[PersonAlias]:
        if reads_released_only(user):
            return queryset.filter(person__released_to_hnp=True)
        return queryset


class RelationPolicy(Policy[Relation]):
    """Seen when every record it names is seen; a relation names a person, so a
    reader of relations reads persons (the analyst has neither)."""

    model = Relation

    def scope(self, user: Any, queryset: models.QuerySet[Relation]) -> models.QuerySet[Relation]:
        if not self.has(user, "actors.view_person"):
            queryset = queryset.filter(person__isnull=True)
        if reads_released_only(user):
            queryset = queryset.filter(group__released_to_hnp=True).filter(
                Q(person__isnull=True) | Q(person__released_to_hnp=True),
                Q(member_group__isnull=True) | Q(member_group__released_to_hnp=True),
            )
        return queryset


class DesignationPolicy(Policy[Designation]):
    model = Designation

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


class ActorNamePolicy(Policy[ActorName]):
    """The review table: read by the mission's roles, decided by hq_staff and
    mission_admin (``resolve_actorname``)."""

    model = ActorName
    actions: ClassVar[dict[str, str]] = {"resolve": "actors.resolve_actorname"}

    def can_change(self, user: Any, obj: ActorName) -> bool:
        return self.has(user, "actors.resolve_actorname")


POLICIES: dict[type[models.Model], Policy[Any]] = {
    policy.model: policy
    for policy in (
        ArmedGroupPolicy(),
        PersonPolicy(),
        GroupAliasPolicy(),
        StrengthPolicy(),
        StatusChangePolicy(),
        TerritoryPolicy(),
        PersonAliasPolicy(),
        RelationPolicy(),
        DesignationPolicy(),
        ActorNamePolicy(),
    )
}


def policy_for(model: type[M] | M) -> Policy[M]:
    cls = model if isinstance(model, type) else type(model)
    return POLICIES[cls]
