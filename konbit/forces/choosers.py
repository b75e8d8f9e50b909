"""What users choose by name in forces (``core.choosers``): contingents (by name,
country or ISO code) and people (by name or service number)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import Chooser, register
from konbit.forces.models import Contingent, Personnel

CONTINGENT = register(
    Chooser(
        name="contingent",
        model=Contingent,
        code="country__iso3",
        names=("name", "country__name"),
        label=lambda c: f"{c.name} ({c.country.iso3})",
        order=("name",),
        related=("country",),
        hint=_("Country, name or code (KEN)"),
    )
)
PERSON = register(
    Chooser(
        name="person",
        model=Personnel,
        code="service_number",
        names=("given_name", "family_name", "service_number"),
        label=lambda p: f"{p.rank} {p.given_name} {p.family_name} ({p.service_number})",
        order=("family_name", "given_name"),
        hint=_("Name or service number"),
    )
)
