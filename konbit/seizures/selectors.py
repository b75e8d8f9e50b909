"""Every read of seizures, items and custody entries starts here, scoped by
``policies``: pages, the API, exports and statistics read alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from konbit.seizures import policies
from konbit.seizures.models import (
    HNP_AGENCIES,
    CustodyEvent,
    CustodyStatus,
    EventKind,
    SeizedItem,
    Seizure,
    SeizureCount,
)

# A transfer or hand-over unanswered for longer than this is listed as overdue.
OVERDUE_AFTER = dt.timedelta(hours=24)


def seizures_visible_to(user: Any) -> QuerySet[Seizure]:
    """The seizures ``user`` may read (all, or those released to the HNP)."""
    return policies.SEIZURES.visible(user)


def seizures_visible_total(user: Any) -> int:
    """How many seizures ``user`` may read, from the counts (exact, without counting
    the table): what an unfiltered list shows as its total. The counts are scoped by
    the same rule as ``seizures_visible_to``."""
    if not policies.SEIZURES.part_visible(user):
        return 0
    counts = SeizureCount.objects.all()
    if policies.reads_released_only(user):
        counts = counts.filter(released_to_hnp=True)
    return int(counts.aggregate(total=Sum("n"))["total"] or 0)


def seizure_for_user(user: Any, pk: Any, *, write: bool = False) -> Seizure:
    """404 if ``user`` may not see it, 403 with ``write`` if they may not change it."""
    return policies.SEIZURES.get_for(user, pk, write=write)


def items_visible_to(user: Any) -> QuerySet[SeizedItem]:
    return policies.ITEMS.visible(user)


def item_for_user(user: Any, pk: Any, *, write: bool = False) -> SeizedItem:
    return policies.ITEMS.get_for(user, pk, write=write)


def events_visible_to(user: Any) -> QuerySet[CustodyEvent]:
    return policies.scope_events(
        user,
        CustodyEvent.objects.select_related("item", "recorded_by", "from_user", "to_user").order_by(
            "item__exhibit_number", "sequence"
        ),
    )


def chain_of(item: SeizedItem) -> QuerySet[CustodyEvent]:
    """The log of an item the caller may read, oldest first."""
    return item.custody_events.select_related("recorded_by", "from_user", "to_user").order_by(
        "sequence"
    )


def awaiting_answer_from(user: Any) -> QuerySet[CustodyEvent]:
    """The transfers and hand-overs that wait for ``user``'s answer: transfers to
    them, and for a confirmer of hand-overs, hand-overs to the HNP and the DCPJ that
    they did not record. Oldest first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return CustodyEvent.objects.none()
    pending = policies.scope_events(
        user, CustodyEvent.objects.filter(item__pending_id__isnull=False)
    ).select_related("item", "from_user", "recorded_by")
    transfers = pending.filter(kind=EventKind.TRANSFERRED, to_user=user)
    if user.has_perm("seizures.confirm_handover"):
        handovers = pending.filter(kind=EventKind.HANDED_OVER, agency__in=HNP_AGENCIES).exclude(
            recorded_by=user
        )
        transfers = transfers | handovers
    # Only the entry each item waits on (an older, answered one is not pending).
    return transfers.filter(item__pending_id=F("id")).order_by("recorded_at")


def waiting_too_long(user: Any, *, now: dt.datetime | None = None) -> QuerySet[SeizedItem]:
    """Items ``user`` may read whose last transfer or hand-over has waited for an
    answer longer than ``OVERDUE_AFTER``, longest waiting first."""
    since = (now or timezone.now()) - OVERDUE_AFTER
    return (
        items_visible_to(user)
        .filter(
            custody_status__in=(CustodyStatus.IN_TRANSFER, CustodyStatus.HANDOVER_PENDING),
            pending__recorded_at__lt=since,
        )
        .select_related("pending__to_user", "pending__from_user")
        .order_by("pending__recorded_at")
    )


def register_of(
    user: Any, *, holder: Any = None, location: str | None = None
) -> QuerySet[SeizedItem]:
    """The custody register: items ``user`` may read held by ``holder`` (a user) or
    kept at ``location``, still in the mission's custody."""
    items = items_visible_to(user).filter(
        custody_status__in=(
            CustodyStatus.IN_CUSTODY,
            CustodyStatus.IN_TRANSFER,
            CustodyStatus.HANDOVER_PENDING,
        )
    )
    if holder is not None:
        items = items.filter(holder=holder)
    if location is not None:
        items = items.filter(location_now=location)
    return items.order_by("exhibit_number")


def holders_and_stores(user: Any) -> dict[str, list[Any]]:
    """Who holds items and where items are kept, with counts, for the register's
    index."""
    items = register_of(user)
    holders = list(
        items.filter(holder__isnull=False)
        .values("holder", "holder__username")
        .annotate(n=Count("pk"))
        .order_by("holder__username")
    )
    stores = list(
        items.exclude(location_now="")
        .values("location_now")
        .annotate(n=Count("pk"))
        .order_by("location_now")
    )
    return {"holders": holders, "stores": stores}


def holder_or_404(pk: Any) -> Any:
    """A user named as a holder in the register (404 for no such user)."""
    from konbit.accounts.models import User

    try:
        return User.objects.get(pk=pk)
    except (User.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
