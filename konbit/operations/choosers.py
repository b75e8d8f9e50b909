"""Joint operations and incidents chosen by name (``core.choosers``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import Chooser, register
from konbit.operations.models import Incident, JointOperation

OPERATION = register(
    Chooser(
        name="operation",
        model=JointOperation,
        code="pk",
        names=("name",),
        label=lambda o: o.name,
        order=("-starts_on", "name"),
        hint=_("Name of the operation"),
    )
)


def _incident_label(incident: Incident) -> str:
    place = incident.location or incident.admin3 or incident.commune_pcode
    return f"{incident.event_date:%Y-%m-%d} {place} ({incident.source_key})"


# By its place, or by its key (ACLED's event id, e.g. HTI12345).
INCIDENT = register(
    Chooser(
        name="incident",
        model=Incident,
        code="source_key",
        names=("location", "admin3", "admin2"),
        label=_incident_label,
        order=("-event_date", "-id"),
        hint=_("Place or ACLED id of the incident"),
    )
)
