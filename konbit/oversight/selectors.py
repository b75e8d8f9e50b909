"""The reads oversight's pages and API share beyond the policy's ``visible``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from konbit.core.policies import policy_for
from konbit.outreach.models import Referral
from konbit.oversight.models import Complaint


def complaint_by_code(code: str) -> dict[str, Any] | None:
    """What the public may know of the complaint ``code``: its reference, status and
    the date of its last change (never a field more); None when no complaint has it."""
    row = (
        Complaint.objects.filter(reference=code)
        .values("reference", "status", "status_changed_at")
        .first()
    )
    return dict(row) if row is not None else None


def referrals_to_open(user: Any) -> QuerySet[Referral]:
    """The referrals from outreach ``user`` may read that no complaint was opened
    from yet, oldest first."""
    opened = Complaint.objects.filter(referral__isnull=False).values("referral_id")
    return (
        policy_for(Referral)
        .visible(user)
        .exclude(pk__in=opened)
        .order_by("raised_on", "created_at")
    )


def awaiting_assessment(user: Any) -> dict[str, int] | None:
    """For the front page: how many complaints ``user`` may see are received and not
    yet assessed, and how many are open; None for a user without the part."""
    from django.db.models import Count, Q

    from konbit.oversight.models import OPEN, Status

    policy = policy_for(Complaint)
    if not policy.part_visible(user):
        return None
    return (
        policy.visible(user)
        .order_by()
        .aggregate(
            received=Count("id", filter=Q(status=Status.RECEIVED)),
            open=Count("id", filter=Q(status__in=OPEN)),
        )
    )
