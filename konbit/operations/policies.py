"""Who may see and do what with incidents and joint operations (DESIGN.md "Who sees
what", refined by issue 4).

Incidents: every holder of ``operations.view_incident`` reads ACLED events and those
released to the HNP; ``operations.view_mission_incident`` reads the mission's
unreleased ones too. A record is written across the mission with
``forces.any_contingent``, else only when the user's contingent reported it. The
sensitive fields (victims, sexual violence, the source) go only to holders of
``operations.view_sensitive_incident``, and every read that returns them is audited;
the notes of an incident flagged sensitive are withheld from the others.

Joint operations: read by every role of the part; changed across the mission with
``forces.any_contingent``, else by a contingent taking part in them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

from konbit.core.policies import Policy, register
from konbit.forces.membership import contingent_id_of
from konbit.forces.policies import any_contingent, in_own_contingent
from konbit.operations.models import SENSITIVE_FIELDS, Incident, JointOperation, Origin

READ_UNRELEASED = "operations.view_mission_incident"


def released(prefix: str = "") -> Q:
    """What a reader without ``view_mission_incident`` reads: public (ACLED) events
    and incidents released to the HNP."""
    return Q(**{f"{prefix}origin": Origin.ACLED}) | Q(**{f"{prefix}released_to_hnp": True})


def reads_released_only(user: Any) -> bool:
    """Whether ``user`` reads only public and released incidents (the HNP liaison)."""
    return not bool(user is not None and user.has_perm(READ_UNRELEASED))


@register
class IncidentPolicy(Policy[Incident]):
    model = Incident
    actions: ClassVar[dict[str, str]] = {
        "release": "operations.release_incident",
        "import": "operations.import_acled",
    }
    sensitive_fields = SENSITIVE_FIELDS
    sensitive_perm = "operations.view_sensitive_incident"
    audit_reads = True
    audited_fields = frozenset(SENSITIVE_FIELDS)
    read_label = "rel"

    def scope(self, user: Any, queryset: models.QuerySet[Incident]) -> models.QuerySet[Incident]:
        return queryset.filter(released()) if reads_released_only(user) else queryset

    def hidden_fields(self, user: Any, obj: Incident | None = None) -> frozenset[str]:
        hidden = super().hidden_fields(user, obj)
        if hidden and obj is not None and obj.sensitive:
            # A sensitive incident's notes name people: withheld with the rest.
            return hidden | {"notes"}
        return hidden

    def in_scope(self, user: Any, obj: Incident | None = None, **ctx: Any) -> bool:
        """The mission's roles write every incident; a commander those their
        contingent reported (and reports for their own contingent only)."""
        if obj is not None:
            return any_contingent(user) or (
                obj.reporting_contingent_id is not None
                and in_own_contingent(user, obj.reporting_contingent_id)
            )
        if "contingent" in ctx:
            return in_own_contingent(user, ctx["contingent"])
        return True

    def allows_extra(self, user: Any, action: str, obj: Any, **ctx: Any) -> bool:
        # Releasing and importing are HQ's decisions across the mission: the
        # permission is the whole rule.
        return True


@register
class JointOperationPolicy(Policy[JointOperation]):
    model = JointOperation

    def in_scope(self, user: Any, obj: JointOperation | None = None, **ctx: Any) -> bool:
        if any_contingent(user) or (obj is None and "contingents" not in ctx):
            return True
        own = contingent_id_of(user)
        if own is None:
            return False
        if obj is not None:
            return obj.contingents.filter(pk=own).exists()
        if "contingents" in ctx:
            return own in {getattr(c, "pk", c) for c in ctx["contingents"] or ()}
        return True
