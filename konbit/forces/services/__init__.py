"""Every write of forces: validation, the transaction and the audit entry."""

from konbit.forces.services.membership import membership_set
from konbit.forces.services.people import (
    deployment_create,
    deployment_delete,
    deployment_update,
    person_create,
    person_delete,
    person_update,
    unit_create,
    unit_delete,
    unit_update,
)
from konbit.forces.services.reference import (
    contingent_create,
    contingent_update,
    country_create,
    country_update,
    mandate_create,
    mandate_delete,
    mandate_update,
    obligation_create,
    obligation_delete,
    obligation_update,
    rotation_create,
    rotation_delete,
    rotation_update,
    wave_create,
    wave_delete,
    wave_update,
)

__all__ = [
    "contingent_create",
    "contingent_update",
    "country_create",
    "country_update",
    "deployment_create",
    "deployment_delete",
    "deployment_update",
    "mandate_create",
    "mandate_delete",
    "mandate_update",
    "membership_set",
    "obligation_create",
    "obligation_delete",
    "obligation_update",
    "person_create",
    "person_delete",
    "person_update",
    "rotation_create",
    "rotation_delete",
    "rotation_update",
    "unit_create",
    "unit_delete",
    "unit_update",
    "wave_create",
    "wave_delete",
    "wave_update",
]

from konbit.forces.services.roster import roster_apply, roster_export

__all__ += ["roster_apply", "roster_export"]
