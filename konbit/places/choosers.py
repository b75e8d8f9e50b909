"""The places users choose by name (``core.choosers``): communes and departments,
found by any of their spellings, accents and case ignored, or by P-code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import Chooser, register
from konbit.places.models import Commune, Department

COMMUNE = register(
    Chooser(
        name="commune",
        model=Commune,
        code="pcode",
        names=("name",),
        norm="name_norm",
        label=lambda c: f"{c.name} ({c.pcode})",
        order=("name_norm",),
        hint=_("Name or P-code"),
    )
)
DEPARTMENT = register(
    Chooser(
        name="department",
        model=Department,
        code="pcode",
        names=("name",),
        norm="name_norm",
        label=lambda d: f"{d.name} ({d.pcode})",
        order=("name_norm",),
        hint=_("Name or P-code"),
    )
)
