"""Every read of operations goes through here, so pages, API, exports and stats scope
alike; who sees what is the policies' (``operations.policies``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Value

from konbit.core.policies import policy_for
from konbit.core.prepared import PreparedQuery
from konbit.operations.models import Incident, IncidentTally, JointOperation
from konbit.operations.policies import reads_released_only, released


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """The incidents ``user`` may read (``IncidentPolicy``)."""
    return policy_for(Incident).visible(user)


# The tally's rows a reader counts, compiled once (core.prepared): all of them, or
# those of what an HNP liaison may read (the same rule as ``incidents_visible_to``).
_TALLY_ALL = PreparedQuery(IncidentTally, lambda: IncidentTally.objects.values_list("n"))
_TALLY_RELEASED = PreparedQuery(
    IncidentTally, lambda: IncidentTally.objects.filter(released()).values_list("n")
)


def _tally_of(user: Any) -> PreparedQuery | None:
    if not policy_for(Incident).part_visible(user):
        return None
    return _TALLY_RELEASED if reads_released_only(user) else _TALLY_ALL


def incidents_visible_total(user: Any) -> int:
    """How many incidents ``user`` may read, from the tally (exact, without counting
    the table): what an unfiltered list shows as its total."""
    tally = _tally_of(user)
    return 0 if tally is None else sum(n for (n,) in tally.rows())


def incidents_visible_total_sql(user: Any) -> tuple[str, list[Any]]:
    """``incidents_visible_total`` as SQL (one row, one column) and its parameters, for
    a list that reads its total along with its page."""
    tally = _tally_of(user)
    if tally is None:
        return "SELECT 0", []
    sql, params = tally.sql()
    # values_list("n") names its column "n".
    return f'SELECT COALESCE(SUM("n"), 0) FROM ({sql}) tally', params  # noqa: S608


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
