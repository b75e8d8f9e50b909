"""Every read of operations goes through here, so pages, API, exports and stats scope
alike (one place for each rule)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Value

from konbit.accounts import roles
from konbit.core.access import get_visible_or_404, require
from konbit.core.prepared import PreparedQuery
from konbit.forces.membership import contingent_id_of
from konbit.operations.models import Incident, IncidentTally, JointOperation, Origin


def incidents_readable(user: Any) -> bool:
    return bool(user.has_perm("operations.view_incident"))


def operations_readable(user: Any) -> bool:
    return bool(user.has_perm("operations.view_jointoperation"))


def sees_sensitive(user: Any) -> bool:
    """Whether ``user`` may read the sensitive fields (victims' identities and ages,
    sexual-violence details, the source's identity, notes of a sensitive incident).
    Never an analyst or an HNP liaison, whatever else they hold."""
    if roles.has_role(user, roles.ANALYST, roles.HNP_LIAISON):
        return False
    return bool(user.has_perm("operations.view_sensitive_incident"))


def _hnp_only(user: Any) -> bool:
    """An HNP liaison (and nothing wider) sees only public and released incidents."""
    return roles.has_role(user, roles.HNP_LIAISON) and not roles.has_role(
        user, roles.MISSION_ADMIN, roles.HQ_STAFF, roles.OVERSIGHT_OFFICER
    )


def _released(prefix: str = "") -> Q:
    """What an HNP liaison may read: public (ACLED) events and released ones."""
    return Q(**{f"{prefix}origin": Origin.ACLED}) | Q(**{f"{prefix}released_to_hnp": True})


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """The incidents ``user`` may read: all for the mission's roles; ACLED events and
    incidents released to the HNP for an HNP liaison; none without the permission."""
    if not incidents_readable(user):
        return Incident.objects.none()
    incidents = Incident.objects.all()
    if _hnp_only(user):
        incidents = incidents.filter(_released())
    return incidents


# The tally's rows a reader counts, compiled once (core.prepared): all of them, or
# those of what an HNP liaison may read (the same rule as ``incidents_visible_to``).
_TALLY_ALL = PreparedQuery(IncidentTally, lambda: IncidentTally.objects.values_list("n"))
_TALLY_RELEASED = PreparedQuery(
    IncidentTally, lambda: IncidentTally.objects.filter(_released()).values_list("n")
)


def _tally_of(user: Any) -> PreparedQuery | None:
    if not incidents_readable(user):
        return None
    return _TALLY_RELEASED if _hnp_only(user) else _TALLY_ALL


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


def can_change_incident(user: Any, incident: Incident) -> bool:
    """HQ roles change every incident; a contingent commander those their contingent
    reported."""
    if not user.has_perm("operations.change_incident"):
        return False
    if roles.has_role(user, roles.MISSION_ADMIN, roles.HQ_STAFF):
        return True
    if roles.has_role(user, roles.CONTINGENT_COMMANDER):
        return (
            incident.reporting_contingent_id is not None
            and incident.reporting_contingent_id == contingent_id_of(user)
        )
    return False


def incident_for_user(user: Any, pk: Any, *, write: bool = False) -> Incident:
    incident = get_visible_or_404(
        incidents_visible_to(user).select_related("reporting_contingent", "operation"), pk
    )
    if write:
        require(can_change_incident(user, incident))
    return incident


def operations_visible_to(user: Any) -> QuerySet[JointOperation]:
    """Joint operations are read by every role of the part."""
    if not operations_readable(user):
        return JointOperation.objects.none()
    return JointOperation.objects.all()


def operations_with_incident_counts(user: Any) -> QuerySet[JointOperation]:
    """The operations ``user`` may read, each with the number of its incidents that
    ``user`` may read (an HNP liaison does not learn of unreleased ones this way)."""
    counted: Any
    if not incidents_readable(user):
        counted = Value(0, output_field=IntegerField())
    elif _hnp_only(user):
        counted = Count("incidents", filter=_released("incidents__"))
    else:
        counted = Count("incidents")
    return operations_visible_to(user).annotate(incident_count=counted)


def can_change_operation(user: Any, operation: JointOperation) -> bool:
    """HQ roles and HNP liaisons change every joint operation; a contingent commander
    those their contingent takes part in."""
    if not user.has_perm("operations.change_jointoperation"):
        return False
    if roles.has_role(user, roles.MISSION_ADMIN, roles.HQ_STAFF, roles.HNP_LIAISON):
        return True
    if roles.has_role(user, roles.CONTINGENT_COMMANDER):
        contingent_id = contingent_id_of(user)
        return contingent_id is not None and operation.contingents.filter(pk=contingent_id).exists()
    return False


def operation_for_user(user: Any, pk: Any, *, write: bool = False) -> JointOperation:
    operation = get_visible_or_404(operations_visible_to(user), pk)
    if write:
        require(can_change_operation(user, operation))
    return operation
