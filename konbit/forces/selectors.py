"""Every read of forces goes through here, so pages, API and exports scope alike.

A contingent commander sees people (personnel, deployments) of their own contingent
only; anything else is 404 to them, as if it did not exist. Roles without
``forces.view_personnel`` (HNP liaison, analyst) never see a person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from konbit.accounts import roles
from konbit.core.access import get_visible_or_404, require
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


def is_scoped(user: Any) -> bool:
    """True when the user's records are limited to their own contingent."""
    return roles.has_role(user, roles.CONTINGENT_COMMANDER) and not roles.has_role(
        user, roles.MISSION_ADMIN, roles.HQ_STAFF
    )


def may_write_in(user: Any, contingent_id: Any, perm: str) -> bool:
    """``perm`` on a record of contingent ``contingent_id``: HQ anywhere, a commander
    in their own contingent only."""
    if not user.has_perm(perm):
        return False
    if is_scoped(user):
        own = contingent_id_of(user)
        return own is not None and str(own) == str(contingent_id)
    return True


def _own(queryset: QuerySet[Any], user: Any, path: str) -> QuerySet[Any]:
    if not is_scoped(user):
        return queryset
    own = contingent_id_of(user)
    if own is None:
        return queryset.none()
    return queryset.filter(**{path: own})


# --- Mandates and obligations ------------------------------------------------------


def mandates_visible_to(user: Any) -> QuerySet[Mandate]:
    """Mandates are public Council decisions: every role with forces access reads them."""
    if not user.has_perm("forces.view_mandate"):
        return Mandate.objects.none()
    return Mandate.objects.all()


def mandate_for_user(user: Any, pk: Any, *, write: bool = False) -> Mandate:
    mandate = get_visible_or_404(mandates_visible_to(user), pk)
    if write:
        require(user.has_perm("forces.change_mandate"))
    return mandate


def mandate_in_force(on: Any) -> Mandate | None:
    """The mandate whose period covers the date ``on`` (the latest if they overlap)."""
    return (
        Mandate.objects.filter(starts_on__lte=on)
        .exclude(ends_on__lte=on)
        .order_by("-starts_on")
        .first()
    )


def obligations_visible_to(user: Any) -> QuerySet[ReportingObligation]:
    """The reporting duties of the mandates: public, like the mandates."""
    if not user.has_perm("forces.view_reportingobligation"):
        return ReportingObligation.objects.none()
    return ReportingObligation.objects.select_related("mandate")


def obligation_for_user(user: Any, pk: Any, *, write: bool = False) -> ReportingObligation:
    obligation = get_visible_or_404(obligations_visible_to(user), pk)
    if write:
        require(user.has_perm("forces.change_reportingobligation"))
    return obligation


# --- Contingents and units ---------------------------------------------------------


def contingents_visible_to(user: Any) -> QuerySet[Contingent]:
    """Contingents are public facts of the mission: every role reads all of them."""
    if not user.has_perm("forces.view_contingent"):
        return Contingent.objects.none()
    return Contingent.objects.select_related("country")


def contingent_for_user(user: Any, pk: Any, *, write: bool = False) -> Contingent:
    contingent = get_visible_or_404(contingents_visible_to(user), pk)
    if write:
        require(user.has_perm("forces.change_contingent"))
    return contingent


def own_contingent(user: Any) -> Contingent | None:
    """The contingent ``user`` belongs to (``contingent_id_of``) as a record, or None."""
    own = contingent_id_of(user)
    return None if own is None else Contingent.objects.filter(pk=own).first()


def contingents_writable_by(user: Any, perm: str) -> QuerySet[Contingent]:
    """Contingents in which ``user`` holds ``perm`` (their own for a commander)."""
    if not user.has_perm(perm):
        return Contingent.objects.none()
    return _own(Contingent.objects.select_related("country"), user, "pk")


def units_visible_to(user: Any) -> QuerySet[Unit]:
    """A unit's name and type are not personal data: every role reads them."""
    if not user.has_perm("forces.view_unit"):
        return Unit.objects.none()
    return Unit.objects.select_related("contingent__country")


def unit_for_user(user: Any, pk: Any, *, write: bool = False) -> Unit:
    unit = get_visible_or_404(units_visible_to(user), pk)
    if write:
        require(may_write_in(user, unit.contingent_id, "forces.change_unit"))
    return unit


# --- People ------------------------------------------------------------------------


def personnel_visible_to(user: Any) -> QuerySet[Personnel]:
    """HQ and oversight read everyone; a commander their own contingent; nobody else
    reads a person."""
    if not user.has_perm("forces.view_personnel"):
        return Personnel.objects.none()
    people = Personnel.objects.select_related("contingent__country", "unit")
    return _own(people, user, "contingent_id")


def person_for_user(user: Any, pk: Any, *, write: bool = False) -> Personnel:
    person = get_visible_or_404(personnel_visible_to(user), pk)
    if write:
        require(may_write_in(user, person.contingent_id, "forces.change_personnel"))
    return person


def deployments_visible_to(user: Any) -> QuerySet[Deployment]:
    """A deployment is a person's record: the same scope as personnel."""
    if not user.has_perm("forces.view_deployment"):
        return Deployment.objects.none()
    deployments = Deployment.objects.select_related(
        "person__contingent__country", "person__unit", "wave"
    )
    return _own(deployments, user, "person__contingent_id")


def deployment_for_user(user: Any, pk: Any, *, write: bool = False) -> Deployment:
    deployment = get_visible_or_404(deployments_visible_to(user), pk)
    if write:
        require(may_write_in(user, deployment.person.contingent_id, "forces.change_deployment"))
    return deployment


# --- Waves and rotations (announced counts, no person) --------------------------------


def waves_visible_to(user: Any) -> QuerySet[DeploymentWave]:
    if not user.has_perm("forces.view_deploymentwave"):
        return DeploymentWave.objects.none()
    return DeploymentWave.objects.select_related("contingent__country")


def wave_for_user(user: Any, pk: Any, *, write: bool = False) -> DeploymentWave:
    wave = get_visible_or_404(waves_visible_to(user), pk)
    if write:
        require(user.has_perm("forces.change_deploymentwave"))
    return wave


def rotations_visible_to(user: Any) -> QuerySet[Rotation]:
    if not user.has_perm("forces.view_rotation"):
        return Rotation.objects.none()
    return Rotation.objects.select_related(
        "incoming_wave__contingent__country", "outgoing_wave__contingent__country"
    )


def rotation_for_user(user: Any, pk: Any, *, write: bool = False) -> Rotation:
    rotation = get_visible_or_404(rotations_visible_to(user), pk)
    if write:
        require(user.has_perm("forces.change_rotation"))
    return rotation
