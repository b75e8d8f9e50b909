"""Who may see and do what with seizures, items and custody entries (DESIGN.md "Who
sees what", refined by issue 13): one ``core.policies.Policy`` per entity, asked by
pages, the API, exports, statistics and services alike.

- Reading: ``seizures.view_seizure`` reads seizures released to the HNP;
  ``seizures.view_unreleased_seizure`` reads them all. Items and custody entries are
  read with their seizure.
- Writing: the add/change permissions in the user's own contingent; across the
  mission with ``forces.any_contingent`` (``forces.policies.in_own_contingent``).
  Nothing is deleted: evidence is corrected, never removed.
- Custody: the item's holder or a writer of its seizure records entries ("record",
  asked with ``seizeditem=``);
  the receiver of a transfer answers it, as themself, and nobody else (never its
  sender); a hand-over to the HNP or the DCPJ is answered by a holder of
  ``seizures.confirm_handover`` who did not record it ("answer").
- Statistics: ``seizures.view_seizure_stats`` (the analyst's only access: aggregates).

The functions below the policies are this part's names for the policies' answers.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from konbit.core.policies import Policy, policy_for, register
from konbit.forces.policies import any_contingent, in_own_contingent
from konbit.seizures.models import (
    HNP_AGENCIES,
    Calibre,
    CustodyEvent,
    DrugSubstance,
    EventKind,
    SeizedItem,
    Seizure,
)

READ_UNRELEASED = "seizures.view_unreleased_seizure"


def reads_released_only(user: Any) -> bool:
    """Whether ``user`` reads only what was released to the HNP (the HNP liaison)."""
    return not bool(user is not None and user.has_perm(READ_UNRELEASED))


@register
class SeizurePolicy(Policy[Seizure]):
    model = Seizure
    read_label = "rel"
    actions: ClassVar[dict[str, str]] = {
        "release": "seizures.release_seizure",
        "aggregate": "seizures.view_seizure_stats",
    }

    def base_queryset(self) -> QuerySet[Seizure]:
        return Seizure.objects.select_related(
            "seizing_contingent__country", "seizing_unit", "operation", "armed_group"
        )

    def scope(self, user: Any, queryset: QuerySet[Seizure]) -> QuerySet[Seizure]:
        return queryset.filter(released_to_hnp=True) if reads_released_only(user) else queryset

    def in_scope(self, user: Any, obj: Seizure | None = None, **ctx: Any) -> bool:
        if obj is not None:
            return in_own_contingent(user, obj.seizing_contingent_id)
        if ctx.get("contingent") is not None:
            return in_own_contingent(user, ctx["contingent"])
        return True

    def can_delete(self, user: Any, obj: Seizure) -> bool:
        return False

    def allows_extra(self, user: Any, action: str, obj: Seizure | None, **ctx: Any) -> bool:
        if action == "release":  # HQ's decision across the mission, once
            return obj is None or not obj.released_to_hnp
        return True  # aggregates: the permission is the whole rule


@register
class SeizedItemPolicy(Policy[SeizedItem]):
    model = SeizedItem
    read_label = "rel"

    def base_queryset(self) -> QuerySet[SeizedItem]:
        return SeizedItem.objects.select_related(
            "seizure__seizing_contingent__country", "calibre", "substance", "holder"
        )

    def part_visible(self, user: Any) -> bool:
        return self.has(user, "seizures.view_seizure") and self.has(user, self.perm("view"))

    def scope(self, user: Any, queryset: QuerySet[SeizedItem]) -> QuerySet[SeizedItem]:
        if reads_released_only(user):
            return queryset.filter(seizure__released_to_hnp=True)
        return queryset

    def in_scope(self, user: Any, obj: SeizedItem | None = None, **ctx: Any) -> bool:
        # ``seizure=``: the seizure a new item is added to (``contingent=``: of a
        # seizure of that contingent).
        seizure = obj.seizure if obj is not None else ctx.get("seizure")
        if seizure is not None:
            return in_own_contingent(user, seizure.seizing_contingent_id)
        if "contingent" in ctx:
            return in_own_contingent(user, ctx["contingent"])
        return True

    def can_delete(self, user: Any, obj: SeizedItem) -> bool:
        return False


@register
class CustodyEventPolicy(Policy[CustodyEvent]):
    """Entries are appended ("record", "answer"), never changed or deleted."""

    model = CustodyEvent
    read_label = "rel"
    actions: ClassVar[dict[str, str]] = {
        "record": "seizures.add_custodyevent",
        "answer": "seizures.view_custodyevent",
    }

    def scope(self, user: Any, queryset: QuerySet[CustodyEvent]) -> QuerySet[CustodyEvent]:
        if reads_released_only(user):
            return queryset.filter(item__seizure__released_to_hnp=True)
        return queryset

    def can_create(self, user: Any, **ctx: Any) -> bool:
        item = ctx.get("seizeditem")
        if item is None:  # some entry, of some item: a holder of either permission
            return self.has(user, self.perm("add")) or self.has(user, "seizures.confirm_handover")
        return self.allows(user, "record", seizeditem=item)

    def can_change(self, user: Any, obj: CustodyEvent) -> bool:
        return False

    def can_delete(self, user: Any, obj: CustodyEvent) -> bool:
        return False

    def allows_extra(self, user: Any, action: str, obj: Any, **ctx: Any) -> bool:
        if action == "record":
            # The item's holder, or a writer of its seizure.
            item = ctx.get("seizeditem")
            if item is None:
                return True
            if item.holder_id is not None and item.holder_id == getattr(user, "pk", None):
                return True
            return in_own_contingent(user, item.seizure.seizing_contingent_id)
        if action == "answer":
            return obj is not None and _answers(user, obj)
        return False


def _answers(user: Any, event: CustodyEvent) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if event.kind == EventKind.TRANSFERRED:
        return event.to_user_id == user.pk and event.from_user_id != user.pk
    if event.kind == EventKind.HANDED_OVER and event.agency in HNP_AGENCIES:
        return bool(user.has_perm("seizures.confirm_handover")) and event.recorded_by_id != user.pk
    return False


@register
class CalibrePolicy(Policy[Calibre]):
    """A reference list: read by every reader of items, kept by HQ."""

    model = Calibre

    def can_delete(self, user: Any, obj: Calibre) -> bool:
        return False


@register
class DrugSubstancePolicy(Policy[DrugSubstance]):
    model = DrugSubstance

    def can_delete(self, user: Any, obj: DrugSubstance) -> bool:
        return False


SEIZURES: SeizurePolicy = policy_for(Seizure)  # type: ignore[assignment]
ITEMS: SeizedItemPolicy = policy_for(SeizedItem)  # type: ignore[assignment]
EVENTS: CustodyEventPolicy = policy_for(CustodyEvent)  # type: ignore[assignment]


# --- this part's names for the policies' answers -----------------------------------------


def require(allowed: bool) -> None:
    """403 unless ``allowed``: a record the user may see but not change."""
    if not allowed:
        raise PermissionDenied


def seizures_readable(user: Any) -> bool:
    return SEIZURES.part_visible(user)


def stats_readable(user: Any) -> bool:
    return SEIZURES.allows(user, "aggregate")


def sees_armed_groups(user: Any) -> bool:
    """Whether ``user`` may read the name of the armed group a seizure is attributed
    to (the actors part's rule: its readers, or its aggregates for statistics)."""
    return bool(
        user is not None
        and (user.has_perm("actors.view_armedgroup") or user.has_perm("actors.view_aggregates"))
    )


def scope_items(user: Any, items: QuerySet[SeizedItem]) -> QuerySet[SeizedItem]:
    if not ITEMS.part_visible(user):
        return items.none()
    return ITEMS.scope(user, items)


def scope_events(user: Any, events: QuerySet[CustodyEvent]) -> QuerySet[CustodyEvent]:
    if not EVENTS.part_visible(user):
        return events.none()
    return EVENTS.scope(user, events)


def scope_for_stats(user: Any, seizures: QuerySet[Seizure]) -> QuerySet[Seizure]:
    """The seizures counted in ``user``'s statistics: all of them for an aggregate
    reader without record access (the analyst), else the records they read."""
    if not stats_readable(user):
        return seizures.none()
    if SEIZURES.part_visible(user):
        return SEIZURES.scope(user, seizures)
    return seizures


def writes_any_contingent(user: Any) -> bool:
    return any_contingent(user)


def in_scope(user: Any, contingent: Any) -> bool:
    """Whether ``user`` may write seizures of ``contingent`` (a Contingent or its id)."""
    return in_own_contingent(user, contingent)


def can_create_seizure(user: Any, contingent: Any = None) -> bool:
    return SEIZURES.can_create(user, contingent=contingent)


def can_change_seizure(user: Any, seizure: Seizure) -> bool:
    return SEIZURES.can_change(user, seizure)


def can_release(user: Any, seizure: Seizure) -> bool:
    return SEIZURES.allows(user, "release", seizure)


def can_add_item(user: Any, seizure: Seizure) -> bool:
    return ITEMS.can_create(user, seizure=seizure)


def can_change_item(user: Any, item: SeizedItem) -> bool:
    return ITEMS.can_change(user, item)


def can_record_custody(user: Any, item: SeizedItem) -> bool:
    """Whether ``user`` may append entries to the log of ``item`` (what kind of entry
    fits the item's state is the service's rule)."""
    return EVENTS.allows(user, "record", seizeditem=item)


def can_answer(user: Any, event: CustodyEvent) -> bool:
    """Whether ``user`` may confirm or refuse the transfer or hand-over ``event``."""
    return EVENTS.allows(user, "answer", event)
