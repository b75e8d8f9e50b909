"""Who may see and do what with outreach records (DESIGN.md "Who sees what").

Activities: written by a contingent commander in their own contingent only, across
the mission with ``forces.any_contingent`` (forces' ``ContingentScoped``); read
across the mission with ``outreach.view_all_activities`` (HQ, the mission
administrator, the HNP liaison, the analyst), else in one's own contingent only.
Concerns follow their activity. Referrals to oversight are read by holders of
``outreach.view_referral`` only (oversight officers, the mission administrator),
every read audited; nobody changes them here but to confirm that oversight received
one (``receive``, ``outreach.receive_referral``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from konbit.core.policies import Policy, register
from konbit.forces.policies import ContingentScoped
from konbit.outreach.models import Activity, Concern, Referral

READ_ALL = "outreach.view_all_activities"


@register
class ActivityPolicy(ContingentScoped[Activity]):
    model = Activity
    contingent_path = "contingent_id"
    read_label = "own"
    actions: ClassVar[dict[str, str]] = {"refer": "outreach.refer_concern"}

    def base_queryset(self) -> models.QuerySet[Activity]:
        return Activity.objects.select_related("commune", "contingent__country", "unit")

    def scope(self, user: Any, queryset: models.QuerySet[Activity]) -> models.QuerySet[Activity]:
        if self.has(user, READ_ALL):
            return queryset
        return super().scope(user, queryset)


@register
class ConcernPolicy(ContingentScoped[Concern]):
    """A concern is read and raised with its activity; it is not edited afterwards
    (a correction is a new concern)."""

    model = Concern
    contingent_path = "activity__contingent_id"
    read_label = "own"

    def base_queryset(self) -> models.QuerySet[Concern]:
        return Concern.objects.select_related("activity")

    def scope(self, user: Any, queryset: models.QuerySet[Concern]) -> models.QuerySet[Concern]:
        if self.has(user, READ_ALL):
            return queryset
        return super().scope(user, queryset)

    def can_change(self, user: Any, obj: Concern) -> bool:
        return False

    def can_delete(self, user: Any, obj: Concern) -> bool:
        return False


@register
class ReferralPolicy(Policy[Referral]):
    """Restricted: what a concern about a child or the mission's conduct said."""

    model = Referral
    audit_reads = True
    actions: ClassVar[dict[str, str]] = {"receive": "outreach.receive_referral"}

    def base_queryset(self) -> models.QuerySet[Referral]:
        return Referral.objects.select_related(
            "commune", "contingent__country", "created_by", "updated_by"
        )

    def can_create(self, user: Any, **ctx: Any) -> bool:
        # Made only by referring a concern (the activity's "refer" action).
        return False

    def can_change(self, user: Any, obj: Referral) -> bool:
        return False

    def can_delete(self, user: Any, obj: Referral) -> bool:
        return False
