"""Writes of people's records: units, personnel and deployments. A commander writes
in their own contingent only; HQ anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.policies import policy_for
from konbit.core.services import record_create, record_delete, record_update
from konbit.forces.models import Deployment, Personnel, Unit

if TYPE_CHECKING:
    from konbit.accounts.models import User


def _require_contingent(actor: User, model: type[Any], action: str, contingent: Any) -> None:
    """The record's policy lets ``actor`` ``action`` a record of ``contingent``; the
    refusal names the field, since a commander may simply have chosen another's."""
    contingent_id = getattr(contingent, "pk", contingent)
    if contingent_id is None or not policy_for(model).allows(
        actor, action, contingent=contingent_id
    ):
        raise DomainError(
            _("You may not write records of this contingent."),
            errors={"contingent": [_("Choose your own contingent.")]},
        )


def unit_create(*, actor: User, data: dict[str, Any]) -> Unit:
    """A unit of a contingent the actor may write in."""
    _require_contingent(actor, Unit, "create", data.get("contingent"))
    return record_create(actor=actor, model=Unit, data=data)


def unit_update(*, actor: User, unit: Unit, data: dict[str, Any], version: int) -> Unit:
    """Change a unit; it may only move to a contingent the actor may write in."""
    policy_for(Unit).require(actor, "change", unit)
    if "contingent" in data:
        _require_contingent(actor, Unit, "change", data["contingent"])
    return record_update(actor=actor, instance=unit, data=data, version=version)


def unit_delete(*, actor: User, unit: Unit, version: int | None) -> None:
    """Delete a unit nobody belongs to any more."""
    policy_for(Unit).require(actor, "delete", unit)
    record_delete(actor=actor, instance=unit, version=version)


def person_create(*, actor: User, data: dict[str, Any]) -> Personnel:
    """A person of a contingent the actor may write in; the service number is unique
    within the contingent."""
    _require_contingent(actor, Personnel, "create", data.get("contingent"))
    return record_create(actor=actor, model=Personnel, data=data)


def person_update(
    *, actor: User, person: Personnel, data: dict[str, Any], version: int
) -> Personnel:
    """Change a person if ``version`` is current; never into another's contingent."""
    policy_for(Personnel).require(actor, "change", person)
    if "contingent" in data:
        _require_contingent(actor, Personnel, "change", data["contingent"])
    return record_update(actor=actor, instance=person, data=data, version=version)


def person_delete(*, actor: User, person: Personnel, version: int | None) -> None:
    """Delete a person entered by mistake (a repatriated person keeps their record)."""
    policy_for(Personnel).require(actor, "delete", person)
    record_delete(actor=actor, instance=person, version=version)


def _check_overlap(deployment: Deployment) -> None:
    """One person is on one tour at a time: their deployments may not overlap."""
    others = Deployment.objects.filter(person_id=deployment.person_id).exclude(pk=deployment.pk)
    ends = deployment.actual_end
    overlapping = others.filter(
        Q(actual_end__isnull=True) | Q(actual_end__gt=deployment.arrival_date)
    )
    if ends is not None:
        overlapping = overlapping.filter(arrival_date__lt=ends)
    if overlapping.exists():
        raise DomainError(
            _("This person already has a deployment over these dates."),
            errors={"arrival_date": [_("Overlaps another deployment of this person.")]},
        )


@transaction.atomic
def deployment_create(*, actor: User, data: dict[str, Any]) -> Deployment:
    """A person's tour, for a person the actor may write; tours may not overlap."""
    person = data.get("person")
    _require_contingent(actor, Deployment, "create", getattr(person, "contingent_id", None))
    _check_overlap(Deployment(**data))
    return record_create(actor=actor, model=Deployment, data=data)


@transaction.atomic
def deployment_update(
    *, actor: User, deployment: Deployment, data: dict[str, Any], version: int
) -> Deployment:
    """Change a tour (e.g. record its end and reason) if ``version`` is current."""
    policy_for(Deployment).require(actor, "change", deployment)
    if "person" in data:
        _require_contingent(actor, Deployment, "change", data["person"].contingent_id)
    probe = Deployment(
        pk=deployment.pk,
        person_id=getattr(data.get("person"), "pk", deployment.person_id),
        arrival_date=data.get("arrival_date", deployment.arrival_date),
        actual_end=data.get("actual_end", deployment.actual_end),
    )
    _check_overlap(probe)
    return record_update(actor=actor, instance=deployment, data=data, version=version)


def deployment_delete(*, actor: User, deployment: Deployment, version: int | None) -> None:
    """Delete a tour entered by mistake."""
    policy_for(Deployment).require(actor, "delete", deployment)
    record_delete(actor=actor, instance=deployment, version=version)
