"""Every may-this-user decision about seizures, items and custody, in one module.

Pages, the API, exports, statistics and services ask these functions; nothing else
decides access in this part. They ask the permissions each role's group holds
(``permissions.py``) and the contingent a user belongs to
(``forces.membership.contingent_id_of``); they never name a role.

- Reading: ``seizures.view_seizure`` reads seizures released to the HNP;
  ``seizures.view_unreleased_seizure`` reads them all. Items and custody entries are
  read with their seizure.
- Writing: ``seizures.change_seizure`` (and the add/change permissions of items and
  custody) in the user's own contingent; ``seizures.write_any_seizure`` across the
  mission.
- Custody answers: the receiver of a transfer answers it, as themself, and nobody
  else (never its sender); a hand-over to the HNP or the DCPJ is answered by a holder
  of ``seizures.confirm_handover`` who did not record it.
- Statistics: ``seizures.view_seizure_stats`` (the analyst's only access: aggregates).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from konbit.core.policies import Policy, register
from konbit.forces.membership import contingent_id_of
from konbit.seizures.models import (
    HNP_AGENCIES,
    CustodyEvent,
    CustodyStatus,
    EventKind,
    SeizedItem,
    Seizure,
)


def _has(user: Any, perm: str) -> bool:
    return bool(user is not None and user.has_perm(perm))


# --- reading ---------------------------------------------------------------------------


def seizures_readable(user: Any) -> bool:
    """Whether the user's role reads seizure records at all (else every page and
    endpoint of them is 404)."""
    return _has(user, "seizures.view_seizure")


def stats_readable(user: Any) -> bool:
    return _has(user, "seizures.view_seizure_stats")


def reads_released_only(user: Any) -> bool:
    """Whether ``user`` reads only what was released to the HNP (the HNP liaison)."""
    return not _has(user, "seizures.view_unreleased_seizure")


def scope_seizures(user: Any, seizures: QuerySet[Seizure]) -> QuerySet[Seizure]:
    if not seizures_readable(user):
        return seizures.none()
    return seizures.filter(released_to_hnp=True) if reads_released_only(user) else seizures


def scope_items(user: Any, items: QuerySet[SeizedItem]) -> QuerySet[SeizedItem]:
    if not seizures_readable(user):
        return items.none()
    return items.filter(seizure__released_to_hnp=True) if reads_released_only(user) else items


def scope_events(user: Any, events: QuerySet[CustodyEvent]) -> QuerySet[CustodyEvent]:
    if not seizures_readable(user):
        return events.none()
    if reads_released_only(user):
        return events.filter(item__seizure__released_to_hnp=True)
    return events


def scope_for_stats(user: Any, seizures: QuerySet[Seizure]) -> QuerySet[Seizure]:
    """The seizures counted in ``user``'s statistics: all of them for an aggregate
    reader without record access (the analyst), else the records they read."""
    if not stats_readable(user):
        return seizures.none()
    if seizures_readable(user):
        return scope_seizures(user, seizures)
    return seizures


# --- writing ---------------------------------------------------------------------------


def writes_any_contingent(user: Any) -> bool:
    return _has(user, "seizures.write_any_seizure")


def in_scope(user: Any, contingent: Any) -> bool:
    """Whether ``user`` may write seizures of ``contingent`` (a Contingent or its id)."""
    if writes_any_contingent(user):
        return True
    own = contingent_id_of(user)
    target = getattr(contingent, "pk", contingent)
    return own is not None and target is not None and str(own) == str(target)


def can_create_seizure(user: Any, contingent: Any = None) -> bool:
    """Whether ``user`` may record a seizure (of ``contingent``, when given)."""
    if not _has(user, "seizures.add_seizure"):
        return False
    return contingent is None or in_scope(user, contingent)


def can_change_seizure(user: Any, seizure: Seizure) -> bool:
    return _has(user, "seizures.change_seizure") and in_scope(user, seizure.seizing_contingent_id)


def can_release(user: Any, seizure: Seizure) -> bool:
    return _has(user, "seizures.release_seizure") and not seizure.released_to_hnp


def can_add_item(user: Any, seizure: Seizure) -> bool:
    return _has(user, "seizures.add_seizeditem") and in_scope(user, seizure.seizing_contingent_id)


def can_change_item(user: Any, item: SeizedItem) -> bool:
    return _has(user, "seizures.change_seizeditem") and in_scope(
        user, item.seizure.seizing_contingent_id
    )


def can_record_custody(user: Any, item: SeizedItem) -> bool:
    """Whether ``user`` may append entries (stored, examined, transferred...) to the
    log of ``item``: its holder, or a writer of its seizure. What kind of entry fits
    the item's state is the service's rule."""
    if not _has(user, "seizures.add_custodyevent"):
        return False
    if item.holder_id is not None and user is not None and item.holder_id == user.pk:
        return True
    return in_scope(user, item.seizure.seizing_contingent_id)


def can_answer(user: Any, event: CustodyEvent) -> bool:
    """Whether ``user`` may confirm or refuse the transfer or hand-over ``event``: the
    receiver of a transfer, as themself; for a hand-over to the HNP or the DCPJ, a
    holder of ``seizures.confirm_handover`` who did not record it. Never the sender."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if event.kind == EventKind.TRANSFERRED:
        return event.to_user_id == user.pk and event.from_user_id != user.pk
    if event.kind == EventKind.HANDED_OVER and event.agency in HNP_AGENCIES:
        return _has(user, "seizures.confirm_handover") and event.recorded_by_id != user.pk
    return False


def answerable_kinds() -> tuple[str, ...]:
    return (EventKind.TRANSFERRED, EventKind.HANDED_OVER)


def waiting_statuses() -> tuple[str, ...]:
    return (CustodyStatus.IN_TRANSFER, CustodyStatus.HANDOVER_PENDING)


# --- the registered policies (core.policies): the same rules, asked by entity ------------


@register
class SeizurePolicy(Policy[Seizure]):
    model = Seizure
    read_label = "rel"
    actions: ClassVar[dict[str, str]] = {
        "release": "seizures.release_seizure",
        "aggregate": "seizures.view_seizure_stats",
    }

    def scope(self, user: Any, queryset: QuerySet[Seizure]) -> QuerySet[Seizure]:
        return scope_seizures(user, queryset)

    def in_scope(self, user: Any, obj: Seizure | None = None, **ctx: Any) -> bool:
        if obj is not None:
            return in_scope(user, obj.seizing_contingent_id)
        return "contingent" not in ctx or in_scope(user, ctx["contingent"])

    def allows_extra(self, user: Any, action: str, obj: Any, **ctx: Any) -> bool:
        if action == "release":
            return obj is None or can_release(user, obj)
        return True


@register
class SeizedItemPolicy(Policy[SeizedItem]):
    model = SeizedItem
    read_label = "rel"

    def part_visible(self, user: Any) -> bool:
        return seizures_readable(user)

    def scope(self, user: Any, queryset: QuerySet[SeizedItem]) -> QuerySet[SeizedItem]:
        return scope_items(user, queryset)

    def in_scope(self, user: Any, obj: SeizedItem | None = None, **ctx: Any) -> bool:
        if obj is not None:
            return in_scope(user, obj.seizure.seizing_contingent_id)
        return "contingent" not in ctx or in_scope(user, ctx["contingent"])


@register
class CustodyEventPolicy(Policy[CustodyEvent]):
    """The custody log is append-only: entries are added by the custody services,
    never changed or deleted."""

    model = CustodyEvent
    read_label = "rel"

    def part_visible(self, user: Any) -> bool:
        return seizures_readable(user)

    def scope(self, user: Any, queryset: QuerySet[CustodyEvent]) -> QuerySet[CustodyEvent]:
        return scope_events(user, queryset)

    def can_change(self, user: Any, obj: CustodyEvent) -> bool:
        return False

    def can_delete(self, user: Any, obj: CustodyEvent) -> bool:
        return False
