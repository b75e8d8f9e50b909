"""Every write of operations: the rules, the transaction and the audit entry.

The bulk ACLED import has its own fast path (``acled_write``); these services are the
one-record writes of pages, the API and the demo.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction
from konbit.core.parts import part_hooks
from konbit.core.policies import policy_for
from konbit.core.services import lock_for_update, record_create, record_delete, record_update
from konbit.forces.membership import contingent_id_of
from konbit.forces.policies import any_contingent
from konbit.forces.selectors import own_contingent
from konbit.operations.models import (
    ACLED_FIELDS,
    SENSITIVE_FIELDS,
    VICTIM_FIELDS,
    Incident,
    JointOperation,
    Origin,
)
from konbit.operations.taxonomy import interaction_for

if TYPE_CHECKING:
    from konbit.accounts.models import User

# What people edit on an incident. ACLED's own fields of an ACLED event belong to the
# import; the mission's fields are everyone's (with write access).
MISSION_FIELDS = (
    "category",
    "perpetrator",
    "armed_group",
    "reporting_contingent",
    "reporting_unit",
    "operation",
    "verification",
    "sensitive",
    *VICTIM_FIELDS,
    *SENSITIVE_FIELDS,
)
REPORT_FIELDS = tuple(
    name
    for name in ACLED_FIELDS
    if name not in {"event_id_cnty", "disorder_type_source", "acled_timestamp"}
)


def _commune_of(lat: Any, lon: Any) -> tuple[str, str]:
    """The commune P-code of a point and the warning when it was not inside one."""
    from konbit.places.geo import commune_at

    try:
        match = commune_at(float(lat), float(lon))
    except (TypeError, ValueError):
        return "", ""
    return match.pcode or "", match.warning


def _place_names(data: dict[str, Any], incident: Incident | None = None) -> None:
    """ACLED's place names of a mission report, from the gazetteer: the department
    (admin1), arrondissement (admin2) and commune (admin3) of its commune, where the
    report left them empty (or they named the commune the point has left); and the
    country's names when none was given."""
    from konbit.places.selectors import commune_by_pcode

    pcode = data.get("commune_pcode")
    commune = commune_by_pcode(pcode) if pcode else None
    if commune is None:
        return
    names = {
        "admin1": commune.department.name,
        "admin2": commune.arrondissement.name,
        "admin3": commune.name,
    }
    moved = incident is not None and incident.commune_pcode != pcode
    for name, value in names.items():
        current = data.get(name, getattr(incident, name, "") if incident else "")
        if not current or (moved and name not in data):
            data[name] = value
    defaults: dict[str, Any] = {"country": "Haiti", "iso": 332, "region": "Caribbean"}
    for name, value in defaults.items():
        if not data.get(name, getattr(incident, name, None) if incident else None):
            data[name] = value


def _check_unit(data: dict[str, Any], incident: Incident | None = None) -> None:
    """The reporting unit belongs to the reporting contingent (which it implies)."""
    unit = data.get("reporting_unit")
    if unit is None:
        return
    contingent = data.get("reporting_contingent") or (incident and incident.reporting_contingent)
    if contingent is None:
        data["reporting_contingent"] = unit.contingent
    elif unit.contingent_id != contingent.pk:
        raise DomainError(
            _("The reporting unit is not a unit of the reporting contingent."),
            errors={"reporting_unit": [_("Choose a unit of the reporting contingent.")]},
        )


def _check_scope(actor: User, data: dict[str, Any]) -> None:
    """The reporting contingent is one the incident's policy lets ``actor`` write
    for; a user held to their own contingent reports for it by default."""
    contingent = data.get("reporting_contingent")
    own = contingent_id_of(actor)
    if contingent is None and own is not None and not any_contingent(actor):
        contingent = data["reporting_contingent"] = own_contingent(actor)
    if not policy_for(Incident).in_scope(actor, contingent=contingent):
        raise DomainError(
            _("You report incidents for your own contingent only."),
            errors={"reporting_contingent": [_("Choose your own contingent.")]},
        )


@transaction.atomic
def incident_create(*, actor: User, data: dict[str, Any]) -> Incident:
    """A mission report. Its commune is the point's, and its place names (admin1-3)
    the commune's where left empty; a contingent commander's report is their
    contingent's."""
    policy_for(Incident).require(actor, "create")
    data = {k: v for k, v in data.items() if k in MISSION_FIELDS or k in REPORT_FIELDS}
    _check_unit(data)
    _check_scope(actor, data)
    data["origin"] = Origin.MISSION
    if data.get("interaction") is None:
        data["interaction"] = interaction_for(data.get("inter1"), data.get("inter2"))
    data["source_key"] = f"mission:{uuid.uuid4()}"
    data["commune_pcode"], _warning = _commune_of(data.get("latitude"), data.get("longitude"))
    _place_names(data)
    incident = record_create(actor=actor, model=Incident, data=data)
    _saved(actor, incident)
    return incident


def _saved(actor: User, incident: Incident) -> None:
    """Other parts follow an incident entered or changed by hand (actors links the
    armed groups it names), as they follow an import."""
    for hook in part_hooks("incidents_saved"):
        hook(actor=actor, ids=[incident.pk])


@transaction.atomic
def incident_update(
    *, actor: User, incident: Incident, data: dict[str, Any], version: int | None
) -> Incident:
    """Change an incident. The ACLED fields of an ACLED event are the import's and
    are refused here; a moved point gets its commune again."""
    policy_for(Incident).require(actor, "change", incident)
    allowed = MISSION_FIELDS if incident.origin == Origin.ACLED else MISSION_FIELDS + REPORT_FIELDS
    refused = sorted(
        name
        for name, value in data.items()
        if name not in allowed and getattr(incident, name, None) != value
    )
    if refused:
        raise DomainError(
            _("These fields come from ACLED and change only with an import."),
            errors={name: [_("Read-only for an ACLED event.")] for name in refused},
        )
    data = {k: v for k, v in data.items() if k in allowed}
    _check_unit(data, incident)
    if "reporting_contingent" in data:
        _check_scope(actor, data)
    if "latitude" in data or "longitude" in data:
        data["commune_pcode"], _warning = _commune_of(
            data.get("latitude", incident.latitude), data.get("longitude", incident.longitude)
        )
        if incident.origin == Origin.MISSION:
            _place_names(data, incident)
    updated = record_update(actor=actor, instance=incident, data=data, version=version)
    _saved(actor, updated)
    return updated


@transaction.atomic
def incident_release_to_hnp(*, actor: User, incident: Incident, version: int | None) -> Incident:
    """Share a mission incident with the HNP: hq_staff and mission_admin only, once,
    recorded as a release in the audit trail. Its sensitive fields stay withheld."""
    if not policy_for(Incident).allows(actor, "release", incident):
        raise DomainError(_("You may not release incidents to the HNP."))
    locked = lock_for_update(incident, version=version)
    if locked.released_to_hnp:
        return locked
    if locked.origin == Origin.ACLED:
        raise DomainError(_("ACLED events are public: the HNP sees them already."))
    locked.released_to_hnp = True
    locked.released_at = timezone.now()
    locked.released_by = actor
    locked.updated_by = actor
    locked.version += 1
    locked.save(
        update_fields=[
            "released_to_hnp",
            "released_at",
            "released_by",
            "updated_by",
            "version",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.RELEASE,
        target=locked,
        changes={"released_to_hnp": [False, True]},
        detail="released to the HNP",
    )
    return locked


def incident_delete(*, actor: User, incident: Incident, version: int | None) -> None:
    """Delete a mission report (those the policy lets ``actor`` delete: HQ's roles).
    An ACLED event is refused: it belongs to the import, which would bring it back.
    The trail keeps the deleted report's last values."""
    policy_for(Incident).require(actor, "delete", incident)
    if incident.origin == Origin.ACLED:
        raise DomainError(
            _("ACLED events change only with an import; this one cannot be deleted here.")
        )
    record_delete(actor=actor, instance=incident, version=version)


def operation_delete(*, actor: User, operation: JointOperation, version: int | None) -> None:
    """Delete a joint operation that nothing refers to: an operation with incidents
    (or seizures) keeps its history and is refused."""
    policy_for(JointOperation).require(actor, "delete", operation)
    if operation.incidents.exists():
        raise DomainError(
            _("Incidents are linked to this operation; unlink them before deleting it.")
        )
    record_delete(actor=actor, instance=operation, version=version)


def _operation_scope(actor: User, contingents: Iterable[Any] | None) -> None:
    """The policy lets ``actor`` record an operation of these contingents (a commander's
    own must take part)."""
    if not policy_for(JointOperation).in_scope(actor, contingents=list(contingents or ())):
        raise DomainError(
            _("Your contingent must take part in the operations you record."),
            errors={"contingents": [_("Include your own contingent.")]},
        )


def _split_m2m(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    m2m = {name: list(data.pop(name)) for name in ("communes", "contingents") if name in data}
    return data, m2m


def operation_create(*, actor: User, data: dict[str, Any]) -> JointOperation:
    """A joint operation; a contingent commander records those of their contingent."""
    policy_for(JointOperation).require(actor, "create")
    data, m2m = _split_m2m(dict(data))
    _operation_scope(actor, m2m.get("contingents"))
    return record_create(actor=actor, model=JointOperation, data=data, m2m=m2m)


def operation_update(
    *, actor: User, operation: JointOperation, data: dict[str, Any], version: int | None
) -> JointOperation:
    policy_for(JointOperation).require(actor, "change", operation)
    data, m2m = _split_m2m(dict(data))
    if "contingents" in m2m:
        _operation_scope(actor, m2m["contingents"])
    return record_update(actor=actor, instance=operation, data=data, version=version, m2m=m2m)


def incidents_link_operation(
    *, actor: User, operation: JointOperation, incidents: Iterable[Incident]
) -> int:
    """Link incidents to an operation (each change audited); returns how many changed."""
    changed = 0
    for incident in incidents:
        if incident.operation_id != operation.pk:
            incident_update(
                actor=actor,
                incident=incident,
                data={"operation": operation},
                version=incident.version,
            )
            changed += 1
    return changed
