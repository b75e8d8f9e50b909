"""Who may see and do what with the results tree and the indicators: read by every
role holding the view permissions (every signed-in role), written by the roles
holding the others (mission_admin, hq_staff). Nothing is scoped by contingent."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from konbit.core.policies import Policy, register
from konbit.stability.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneState,
    MilestoneStatus,
    Objective,
)


def with_status(queryset: QuerySet[Milestone]) -> QuerySet[Milestone]:
    """Each milestone with its current status, the latest entry of its history
    (``status``, ``status_on``, ``status_confirmed``; no entry: pending)."""
    latest = MilestoneStatus.objects.filter(milestone=OuterRef("pk")).order_by("-on", "-created_at")
    return queryset.annotate(
        status=Subquery(latest.values("status")[:1]),
        status_on=Subquery(latest.values("on")[:1]),
        status_confirmed=Subquery(latest.values("confirmed")[:1]),
    )


@register
class ObjectivePolicy(Policy[Objective]):
    model = Objective

    def base_queryset(self) -> QuerySet[Objective]:
        return Objective.objects.select_related("mandate")


@register
class MilestonePolicy(Policy[Milestone]):
    model = Milestone

    def base_queryset(self) -> QuerySet[Milestone]:
        return with_status(Milestone.objects.select_related("objective", "objective__mandate"))


@register
class MilestoneStatusPolicy(Policy[MilestoneStatus]):
    model = MilestoneStatus


@register
class IndicatorPolicy(Policy[Indicator]):
    model = Indicator


@register
class IndicatorValuePolicy(Policy[IndicatorValue]):
    model = IndicatorValue
    actions = {"import": "stability.import_indicatorvalue"}

    def base_queryset(self) -> QuerySet[IndicatorValue]:
        # Ordered to the record, so that pages of a list never overlap.
        return (
            IndicatorValue.objects.select_related("indicator", "commune")
            .defer("commune__geometry")
            .order_by("-date", "commune_id", "id")
        )


PENDING = MilestoneState.PENDING
