"""Every read of forces goes through here, so pages, API and exports scope alike.

Who sees what is each entity's policy's (``forces.policies``); these are the names
pages, API and reports use for it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from konbit.core.policies import policy_for
from konbit.forces.membership import contingent_id_of
from konbit.forces.models import (
    Contingent,
    Deployment,
    DeploymentWave,
    Mandate,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)


def mandates_visible_to(user: Any) -> QuerySet[Mandate]:
    return policy_for(Mandate).visible(user)


def mandate_for_user(user: Any, pk: Any, *, write: bool = False) -> Mandate:
    return policy_for(Mandate).get_for(user, pk, write=write)


def mandate_in_force(on: Any) -> Mandate | None:
    """The mandate whose period covers the date ``on`` (the latest if they overlap)."""
    return (
        Mandate.objects.filter(starts_on__lte=on)
        .exclude(ends_on__lte=on)
        .order_by("-starts_on")
        .first()
    )


def obligations_visible_to(user: Any) -> QuerySet[ReportingObligation]:
    return policy_for(ReportingObligation).visible(user)


def contingents_visible_to(user: Any) -> QuerySet[Contingent]:
    return policy_for(Contingent).visible(user)


def contingent_for_user(user: Any, pk: Any, *, write: bool = False) -> Contingent:
    return policy_for(Contingent).get_for(user, pk, write=write)


def own_contingent(user: Any) -> Contingent | None:
    """The contingent ``user`` belongs to (``contingent_id_of``) as a record, or None."""
    own = contingent_id_of(user)
    return None if own is None else Contingent.objects.filter(pk=own).first()


def units_visible_to(user: Any) -> QuerySet[Unit]:
    return policy_for(Unit).visible(user)


def personnel_visible_to(user: Any) -> QuerySet[Personnel]:
    return policy_for(Personnel).visible(user)


def person_for_user(user: Any, pk: Any, *, write: bool = False) -> Personnel:
    return policy_for(Personnel).get_for(user, pk, write=write)


def deployments_visible_to(user: Any) -> QuerySet[Deployment]:
    return policy_for(Deployment).visible(user)


def waves_visible_to(user: Any) -> QuerySet[DeploymentWave]:
    return policy_for(DeploymentWave).visible(user)


def rotations_visible_to(user: Any) -> QuerySet[Rotation]:
    return policy_for(Rotation).visible(user)
