"""Every read of stability, through the policies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from konbit.core.policies import policy_for
from konbit.stability.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneState,
    Objective,
)

DUE_DAYS = 30


def objectives_visible_to(user: Any) -> QuerySet[Objective]:
    return policy_for(Objective).visible(user)


def milestones_visible_to(user: Any) -> QuerySet[Milestone]:
    return policy_for(Milestone).visible(user)


def indicators_visible_to(user: Any) -> QuerySet[Indicator]:
    return policy_for(Indicator).visible(user)


def values_visible_to(user: Any) -> QuerySet[IndicatorValue]:
    return policy_for(IndicatorValue).visible(user)


def published_values() -> QuerySet[IndicatorValue]:
    """What the public reads: published values only (no login)."""
    return (
        IndicatorValue.objects.filter(published=True)
        .select_related("indicator")
        .order_by("-date", "commune_id", "id")
    )


def milestones_due(user: Any, today: dt.date | None = None) -> list[Milestone] | None:
    """The milestones not yet achieved whose target date is in the next 30 days
    (None: the user does not read milestones)."""
    policy = policy_for(Milestone)
    if not policy.part_visible(user):
        return None
    today = today or timezone.localdate()
    found = (
        policy.visible(user)
        .filter(target_date__gte=today, target_date__lte=today + dt.timedelta(days=DUE_DAYS))
        # ``status`` is annotated by the policy; NULL (no history yet) is pending.
        .filter(
            Q(status__isnull=True)
            | Q(
                status__in=[MilestoneState.PENDING, MilestoneState.SLIPPED, MilestoneState.REVERSED]
            )
        )
        .order_by("target_date")
    )
    return list(found[:10])
