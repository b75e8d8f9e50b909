"""The mission's mandates and contributing countries (DOMAIN.md, sections 1 and 2.2)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pycountry

from konbit.core.services import record_upsert
from konbit.forces.models import Contingent, Country, Mandate

if TYPE_CHECKING:
    from konbit.accounts.models import User

MANDATES: list[dict[str, Any]] = [
    {
        "resolution": "2699 (2023)",
        "title": "Multinational Security Support Mission (MSS)",
        "adopted_on": dt.date(2023, 10, 2),
        "starts_on": dt.date(2023, 10, 2),
        "ends_on": dt.date(2024, 10, 2),
        "authorized_ceiling": None,
        "planning_figure": 2500,
        "notes": "No numeric ceiling; planning figure about 2,500.",
    },
    {
        "resolution": "2751 (2024)",
        "title": "Renewal of the MSS mandate",
        "adopted_on": dt.date(2024, 9, 30),
        "starts_on": dt.date(2024, 10, 2),
        "ends_on": dt.date(2025, 10, 2),
        "authorized_ceiling": None,
        "planning_figure": 2500,
        "notes": "Extends the mandate of resolution 2699 until 2 October 2025.",
    },
    {
        "resolution": "2793 (2025)",
        "title": "Gang Suppression Force (GSF) and UN Support Office in Haiti (UNSOH)",
        "adopted_on": dt.date(2025, 9, 30),
        "starts_on": dt.date(2025, 10, 2),
        "ends_on": dt.date(2026, 10, 2),
        "authorized_ceiling": 5550,
        "planning_figure": None,
        "notes": "5,500 uniformed personnel and 50 civilians; initial period of 12 months.",
    },
]

# (ISO3, lead nation, pledged strength or None when not confirmed)
CONTRIBUTORS: list[tuple[str, bool, int | None]] = [
    ("KEN", True, 1000),
    ("JAM", False, 200),
    ("GTM", False, 150),
    ("SLV", False, 78),
    ("BHS", False, None),
    ("BLZ", False, 50),
]


def country_name(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or country.name if country else iso3


def load(*, actor: User, out: Any) -> None:
    for mandate in MANDATES:
        record_upsert(
            actor=actor,
            model=Mandate,
            lookup={"resolution": mandate["resolution"]},
            data={k: v for k, v in mandate.items() if k != "resolution"},
        )
    for iso3, lead, pledged in CONTRIBUTORS:
        country, _state = record_upsert(
            actor=actor, model=Country, lookup={"iso3": iso3}, data={"name": country_name(iso3)}
        )
        record_upsert(
            actor=actor,
            model=Contingent,
            lookup={"country": country},
            data={
                "name": f"{country.name} contingent",
                "is_lead_nation": lead,
                "pledged_strength": pledged,
            },
        )
    out.write(f"forces: {len(MANDATES)} mandates, {len(CONTRIBUTORS)} contingents")
