"""The forces part's tables, by topic; import them from here."""

from konbit.forces.models.contingents import (
    Contingent,
    ContingentMembership,
    Country,
    Unit,
    iso3_validator,
    validate_iso3166,
)
from konbit.forces.models.deployments import Deployment, DeploymentWave, Rotation
from konbit.forces.models.mandates import Mandate, ReportingObligation
from konbit.forces.models.personnel import Personnel, split_languages, validate_languages

__all__ = [
    "Contingent",
    "ContingentMembership",
    "Country",
    "Deployment",
    "DeploymentWave",
    "Mandate",
    "Personnel",
    "ReportingObligation",
    "Rotation",
    "Unit",
    "iso3_validator",
    "split_languages",
    "validate_iso3166",
    "validate_languages",
]
