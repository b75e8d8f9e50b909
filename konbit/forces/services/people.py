"""Writes of people's records: units, personnel and deployments. A commander writes
in their own contingent only; HQ anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.services import record_create, record_delete, record_update
from konbit.forces.models import Deployment, Personnel, Unit
from konbit.forces.selectors import may_write_in

if TYPE_CHECKING:
    from konbit.accounts.models import User


def _require_contingent(actor: User, contingent: Any, perm: str) -> None:
    contingent_id = getattr(contingent, "pk", contingent)
    if contingent_id is None or not may_write_in(actor, contingent_id, perm):
        raise DomainError(
            _("You may not write records of this contingent."),
            errors={"contingent": [_("Choose your own contingent.")]},
        )


def unit_create(*, actor: User, data: dict[str, Any]) -> Unit:
    """A unit of a contingent the actor may write in."""
    _require_contingent(actor, data.get("contingent"), "forces.add_unit")
    return record_create(actor=actor, model=Unit, data=data)


def unit_update(*, actor: User, unit: Unit, data: dict[str, Any], version: int) -> Unit:
    """Change a unit; it may only move to a contingent the actor may write in."""
    if "contingent" in data:
        _require_contingent(actor, data["contingent"], "forces.change_unit")
    return record_update(actor=actor, instance=unit, data=data, version=version)


def unit_delete(*, actor: User, unit: Unit, version: int | None) -> None:
    """Delete a unit nobody belongs to any more."""
    record_delete(actor=actor, instance=unit, version=version)


def person_create(*, actor: User, data: dict[str, Any]) -> Personnel:
    """A person of a contingent the actor may write in; the service number is unique
    within the contingent."""
    _require_contingent(actor, data.get("contingent"), "forces.add_personnel")
    return record_create(actor=actor, model=Personnel, data=data)


def person_update(
    *, actor: User, person: Personnel, data: dict[str, Any], version: int
) -> Personnel:
    """Change a person if ``version`` is current; never into another's contingent."""
    if "contingent" in data:
        _require_contingent(actor, data["contingent"], "forces.change_personnel")
    return record_update(actor=actor, instance=person, data=data, version=version)


def person_delete(*, actor: User, person: Personnel, version: int | None) -> None:
    """Delete a person entered by mistake (a repatriated person keeps their record)."""
    record_delete(actor=actor, instance=person, version=version)


def person_record_read(*, actor: User, person: Personnel) -> None:
    """A person's record was shown to ``actor``: personal data, so the read is audited."""
    audit.record_read(actor=actor, target=person)


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
    _require_contingent(actor, getattr(person, "contingent_id", None), "forces.add_deployment")
    _check_overlap(Deployment(**data))
    return record_create(actor=actor, model=Deployment, data=data)


@transaction.atomic
def deployment_update(
    *, actor: User, deployment: Deployment, data: dict[str, Any], version: int
) -> Deployment:
    """Change a tour (e.g. record its end and reason) if ``version`` is current."""
    if "person" in data:
        _require_contingent(actor, data["person"].contingent_id, "forces.change_deployment")
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
    record_delete(actor=actor, instance=deployment, version=version)
