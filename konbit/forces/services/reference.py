"""Writes of the mission's reference records: mandates and their reporting duties,
countries, contingents, deployment waves and rotations (HQ's records)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.policies import policy_for
from konbit.core.services import record_create, record_delete, record_update
from konbit.forces.models import (
    Contingent,
    Country,
    DeploymentWave,
    Mandate,
    ReportingObligation,
    Rotation,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User


def mandate_create(*, actor: User, data: dict[str, Any]) -> Mandate:
    """A new mandate; its dates must be in order (a database constraint too)."""
    policy_for(Mandate).require(actor, "create")
    return record_create(actor=actor, model=Mandate, data=data)


def mandate_update(*, actor: User, mandate: Mandate, data: dict[str, Any], version: int) -> Mandate:
    """Change a mandate if ``version`` is still current."""
    policy_for(Mandate).require(actor, "change", mandate)
    return record_update(actor=actor, instance=mandate, data=data, version=version)


def mandate_delete(*, actor: User, mandate: Mandate, version: int | None) -> None:
    """Delete a mandate (its reporting obligations go with it)."""
    policy_for(Mandate).require(actor, "delete", mandate)
    record_delete(actor=actor, instance=mandate, version=version)


def obligation_create(*, actor: User, data: dict[str, Any]) -> ReportingObligation:
    """A reporting duty: a periodic one needs its interval, a deadline one its date."""
    policy_for(ReportingObligation).require(actor, "create")
    return record_create(actor=actor, model=ReportingObligation, data=data)


def obligation_update(
    *, actor: User, obligation: ReportingObligation, data: dict[str, Any], version: int
) -> ReportingObligation:
    """Change a reporting duty if ``version`` is still current."""
    policy_for(ReportingObligation).require(actor, "change", obligation)
    return record_update(actor=actor, instance=obligation, data=data, version=version)


def obligation_delete(*, actor: User, obligation: ReportingObligation, version: int | None) -> None:
    """Delete a reporting duty."""
    policy_for(ReportingObligation).require(actor, "delete", obligation)
    record_delete(actor=actor, instance=obligation, version=version)


def country_create(*, actor: User, data: dict[str, Any]) -> Country:
    """A contributing country; its code must be in ISO 3166-1."""
    policy_for(Country).require(actor, "create")
    return record_create(actor=actor, model=Country, data=data)


def country_update(*, actor: User, country: Country, data: dict[str, Any], version: int) -> Country:
    """Change a country if ``version`` is still current."""
    policy_for(Country).require(actor, "change", country)
    return record_update(actor=actor, instance=country, data=data, version=version)


@transaction.atomic
def contingent_create(*, actor: User, iso3: str, data: dict[str, Any]) -> Contingent:
    """A country's contingent (one per country); the country, named by its ISO 3166-1
    code, is added when it is new."""
    policy_for(Contingent).require(actor, "create")
    iso3 = (iso3 or "").strip().upper()
    known = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    if known is None:
        raise DomainError(
            _("Give the country's ISO 3166-1 alpha-3 code."),
            errors={"iso3": [_("Not an ISO 3166-1 country code.")]},
        )
    country = Country.objects.filter(iso3=iso3).first()
    if country is None:
        name = str(getattr(known, "common_name", None) or known.name)
        country = record_create(actor=actor, model=Country, data={"iso3": iso3, "name": name})
    elif Contingent.objects.filter(country=country).exists():
        raise DomainError(
            _("This country already has a contingent."),
            errors={"iso3": [_("This country already has a contingent.")]},
        )
    return record_create(actor=actor, model=Contingent, data={**data, "country": country})


def contingent_update(
    *, actor: User, contingent: Contingent, data: dict[str, Any], version: int
) -> Contingent:
    """Change a contingent (its commander, pledge, lead-nation flag)."""
    policy_for(Contingent).require(actor, "change", contingent)
    return record_update(actor=actor, instance=contingent, data=data, version=version)


def wave_create(*, actor: User, data: dict[str, Any]) -> DeploymentWave:
    """An announced arrival of a contingent's personnel (one per contingent and date)."""
    policy_for(DeploymentWave).require(actor, "create")
    return record_create(actor=actor, model=DeploymentWave, data=data)


def wave_update(
    *, actor: User, wave: DeploymentWave, data: dict[str, Any], version: int
) -> DeploymentWave:
    """Change a wave if ``version`` is still current."""
    policy_for(DeploymentWave).require(actor, "change", wave)
    return record_update(actor=actor, instance=wave, data=data, version=version)


def wave_delete(*, actor: User, wave: DeploymentWave, version: int | None) -> None:
    """Delete a wave no deployment or rotation refers to."""
    policy_for(DeploymentWave).require(actor, "delete", wave)
    record_delete(actor=actor, instance=wave, version=version)


def rotation_create(*, actor: User, data: dict[str, Any]) -> Rotation:
    """An incoming wave relieving an earlier wave of the same contingent."""
    policy_for(Rotation).require(actor, "create")
    return record_create(actor=actor, model=Rotation, data=data)


def rotation_update(
    *, actor: User, rotation: Rotation, data: dict[str, Any], version: int
) -> Rotation:
    """Change a rotation if ``version`` is still current."""
    policy_for(Rotation).require(actor, "change", rotation)
    return record_update(actor=actor, instance=rotation, data=data, version=version)


def rotation_delete(*, actor: User, rotation: Rotation, version: int | None) -> None:
    """Delete a rotation."""
    policy_for(Rotation).require(actor, "delete", rotation)
    record_delete(actor=actor, instance=rotation, version=version)
