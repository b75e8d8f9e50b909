"""The reference lists' first rows (calibres and drug substances), as the data
migration 0002 loads them. ``ensure_reference`` puts back any that are missing (a
database emptied by a flush, a demo loaded into a database of its own) through the
audited upsert; the lists grow through the admin's writes, not here."""

from __future__ import annotations

from typing import Any

from konbit.core.services import record_upsert
from konbit.seizures.models import Calibre, DrugSubstance

CALIBRES = [
    ("5.56x45mm NATO", "5.56, 5.56mm, .223"),
    ("7.62x39mm", "7.62x39, AK"),
    ("7.62x51mm NATO", "7.62x51, .308"),
    ("7.62x54mmR", "7.62x54R"),
    ("9x19mm Parabellum", "9mm, 9x19, 9mm Luger"),
    (".22 LR", "22 LR, .22"),
    (".38 Special", "38 Special, .38"),
    (".357 Magnum", "357"),
    (".40 S&W", "40 S&W, .40"),
    (".45 ACP", "45 ACP, .45"),
    (".50 BMG", "12.7x99mm, .50"),
    ("5.7x28mm", "5.7x28"),
    ("12 gauge", "12 ga, 12G"),
    ("20 gauge", "20 ga"),
]
SUBSTANCES = [
    "cocaine hydrochloride",
    "crack cocaine",
    "cannabis",
    "heroin",
    "methamphetamine",
    "MDMA (ecstasy)",
    "fentanyl",
]


def ensure_reference(*, actor: Any) -> None:
    """Create the listed calibres and substances that do not exist (by name)."""
    have = set(Calibre.objects.values_list("name", flat=True))
    for name, aliases in CALIBRES:
        if name not in have:
            record_upsert(
                actor=actor, model=Calibre, lookup={"name": name}, data={"aliases": aliases}
            )
    have = set(DrugSubstance.objects.values_list("name", flat=True))
    for name in SUBSTANCES:
        if name not in have:
            record_upsert(actor=actor, model=DrugSubstance, lookup={"name": name}, data={})
