"""Every read of operations goes through here, so pages, API, exports and stats scope
alike; who sees what is the policies' (``operations.policies``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Sum, Value

from konbit.core.policies import policy_for
from konbit.operations.models import Incident, IncidentTally, JointOperation
from konbit.operations.policies import reads_released_only, released


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """The incidents ``user`` may read (``IncidentPolicy``)."""
    return policy_for(Incident).visible(user)


def incidents_visible_total(user: Any) -> int:
    """How many incidents ``user`` may read, from the tally (exact, without counting
    the table): what an unfiltered list shows as its total. The tally's rows are
    scoped by the same rule as ``incidents_visible_to``."""
    if not policy_for(Incident).part_visible(user):
        return 0
    tally = IncidentTally.objects.all()
    if reads_released_only(user):
        tally = tally.filter(released())
    return int(tally.aggregate(total=Sum("n"))["total"] or 0)


def incident_for_user(user: Any, pk: Any, *, write: bool = False) -> Incident:
    policy = policy_for(Incident)
    queryset = policy.visible(user).select_related("reporting_contingent", "operation")
    return policy.get_for(user, pk, write=write, queryset=queryset)


def operations_visible_to(user: Any) -> QuerySet[JointOperation]:
    return policy_for(JointOperation).visible(user)


def operations_with_incident_counts(user: Any) -> QuerySet[JointOperation]:
    """The operations ``user`` may read, each with the number of its incidents that
    ``user`` may read (an HNP liaison does not learn of unreleased ones this way)."""
    counted: Any
    if not policy_for(Incident).part_visible(user):
        counted = Value(0, output_field=IntegerField())
    elif reads_released_only(user):
        counted = Count("incidents", filter=released("incidents__"))
    else:
        counted = Count("incidents")
    return operations_visible_to(user).annotate(incident_count=counted)


def operation_for_user(user: Any, pk: Any, *, write: bool = False) -> JointOperation:
    return policy_for(JointOperation).get_for(user, pk, write=write)
