"""The demo's vehicles and equipment (DOMAIN.md 2.4 and 2.5): Kenya's 34 MaxxPro
MRAPs given by the United States (10 in July 2024, 24 flown in from 23 Aug 2024),
several with breakdowns and repairs, and the two MRAPs of the 25 Mar 2025
recovery near Pont-Sondé (one stuck, one broken down); Canada's 20 armoured
personnel carriers (Oct 2025, 5 of them sent to Artibonite); the United States'
20 armoured vehicles (Oct 2025); El Salvador's 3 medevac helicopters.

Identifiers are invented and marked DEMO (``DEMO-MRAP-01``); so are the exact dates
within the months the sources give, the breakdowns but those of 25 Mar 2025, and
which contingent holds the vehicles given to the GSF (the Kenyan contingent, which
leads it). Idempotent: assets are found by identifier, log entries by asset, date
and reason, jobs by asset and opening date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from konbit.forces.models import Contingent, Unit
from konbit.logistics import services
from konbit.logistics.models import Asset, MaintenanceJob, StatusEntry
from konbit.operations.models import Incident, JointOperation
from konbit.places.models import Commune

if TYPE_CHECKING:
    from konbit.accounts.models import User

ORDER = 260  # after forces (contingents, units) and operations (the 25 Mar 2025 recovery)

D = dt.date
LSA2 = "LSA 2, airport perimeter (demo)"
RECOVERY = "Recovery on the Carrefour Paye-Savien route (25 Mar 2025)"


def _fleet() -> list[dict[str, Any]]:
    """Every demo asset: identifier, kind, make and model, contingent, unit, owner,
    donor, received on, base commune P-code and place."""
    fleet = []
    for n in range(1, 35):
        fleet.append(
            {
                "identifier": f"DEMO-MRAP-{n:02d}",
                "kind": "mrap",
                "make_model": "Navistar MaxxPro MRAP",
                "contingent": "KEN",
                "unit": "Rapid Deployment Unit" if n <= 20 else "General Service Unit",
                "ownership": "donated",
                "donor_country": "USA",
                "received_on": D(2024, 7, 12) if n <= 10 else D(2024, 8, 23),
                "base_commune": "HT0118",
                "base_location": LSA2,
            }
        )
    for n in range(1, 21):
        artibonite = n <= 5
        fleet.append(
            {
                "identifier": f"DEMO-APC-{n:02d}",
                "kind": "apc",
                "make_model": "Armoured personnel carrier (model not in the sources)",
                "contingent": "KEN",
                "unit": "General Service Unit",
                "ownership": "donated",
                "donor_country": "CAN",
                "received_on": D(2025, 10, 15),
                "base_commune": "HT0531" if artibonite else "HT0118",
                "base_location": "Forward base, Artibonite (demo)" if artibonite else LSA2,
            }
        )
    for n in range(1, 21):
        fleet.append(
            {
                "identifier": f"DEMO-AV-{n:02d}",
                "kind": "mrap",
                "make_model": "Armoured vehicle (model not in the sources)",
                "contingent": "KEN",
                "unit": "Rapid Deployment Unit",
                "ownership": "donated",
                "donor_country": "USA",
                "received_on": D(2025, 10, 20),
                "base_commune": "HT0118",
                "base_location": LSA2,
            }
        )
    for n in range(1, 4):
        fleet.append(
            {
                "identifier": f"DEMO-HELI-{n:02d}",
                "kind": "helicopter",
                "make_model": "Medevac helicopter (model not in the sources)",
                "contingent": "SLV",
                "unit": "Salvadoran medevac detachment",
                "ownership": "contingent",
                "donor_country": "",
                "received_on": D(2025, 2, 4),
                "base_commune": "HT0118",
                "base_location": "Airport apron (demo)",
            }
        )
    return fleet


# (identifier, date, status, reason, note, link): link "recovery" names the 25 Mar
# 2025 operation and its incident.
ENTRIES: list[tuple[str, dt.date, str, str, str, str]] = [
    (
        "DEMO-MRAP-02",
        D(2024, 7, 29),
        "non_operational",
        "breakdown",
        "Engine overheating on the road to Ganthier; towed back (demo).",
        "",
    ),
    (
        "DEMO-MRAP-05",
        D(2024, 9, 18),
        "degraded",
        "breakdown",
        "Air conditioning and one radio out; still driven (demo).",
        "",
    ),
    ("DEMO-MRAP-05", D(2024, 10, 2), "operational", "repaired", "Repaired at LSA 2 (demo).", ""),
    (
        "DEMO-MRAP-15",
        D(2025, 3, 25),
        "non_operational",
        "stuck",
        "Stuck while recovering an HNP armoured vehicle from a ditch dug by the gang near "
        "Pont-Sondé; the recovery was ambushed (DOMAIN.md 2.5).",
        "recovery",
    ),
    (
        "DEMO-MRAP-15",
        D(2025, 3, 27),
        "operational",
        "repaired",
        "Pulled out and inspected; fit to drive (demo).",
        "",
    ),
    (
        "DEMO-MRAP-16",
        D(2025, 3, 25),
        "non_operational",
        "breakdown",
        "Broke down during the recovery near Pont-Sondé, under fire (DOMAIN.md 2.5).",
        "recovery",
    ),
    (
        "DEMO-MRAP-24",
        D(2025, 6, 11),
        "non_operational",
        "combat_damage",
        "Tyres and windscreen shot through in Bas-Delmas (demo).",
        "",
    ),
    (
        "DEMO-MRAP-30",
        D(2025, 8, 30),
        "non_operational",
        "accident",
        "Rolled over on the Kenscoff road (demo).",
        "",
    ),
    (
        "DEMO-MRAP-30",
        D(2025, 9, 15),
        "written_off",
        "written_off",
        "Hull cracked: beyond repair (demo).",
        "",
    ),
    (
        "DEMO-APC-03",
        D(2025, 11, 20),
        "non_operational",
        "breakdown",
        "Gearbox failure at the Artibonite forward base (demo).",
        "",
    ),
]

# (identifier, kind, opened on, description, workshop, parts awaited, closed on, note)
JOBS: list[tuple[str, str, dt.date, str, str, str, dt.date | None, str]] = [
    ("DEMO-MRAP-02", "repair", D(2024, 7, 30), "Cooling system overhaul (demo).",
     "LSA 2 workshop (demo)", "Radiator", D(2024, 8, 21), "Radiator replaced (demo)."),
    ("DEMO-MRAP-08", "scheduled", D(2024, 12, 2), "6-month service (demo).",
     "LSA 2 workshop (demo)", "", D(2024, 12, 9), "Serviced (demo)."),
    ("DEMO-MRAP-16", "repair", D(2025, 3, 28), "Recovered to LSA 2: drive train (demo).",
     "LSA 2 workshop (demo)", "Transfer case", D(2025, 4, 24), "Transfer case replaced (demo)."),
    ("DEMO-MRAP-24", "repair", D(2025, 6, 13), "Tyres, run-flat inserts, windscreen (demo).",
     "LSA 2 workshop (demo)", "Armoured windscreen", None, ""),
    ("DEMO-APC-03", "repair", D(2025, 11, 24), "Gearbox replacement (demo).",
     "Saint-Marc forward workshop (demo)", "Gearbox", None, ""),
]  # fmt: skip


def load(*, actor: User, out: Any) -> None:
    contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
    units = {(u.contingent_id, u.name): u for u in Unit.objects.all()}
    communes = {c.pcode: c for c in Commune.objects.filter(pcode__in=["HT0118", "HT0531"])}
    created = 0
    for row in _fleet():
        contingent = contingents.get(row["contingent"])
        if contingent is None or Asset.objects.filter(identifier=row["identifier"]).exists():
            continue
        data = {
            **row,
            "contingent": contingent,
            "unit": units.get((contingent.pk, row["unit"])),
            "base_commune": communes.get(row["base_commune"]),
        }
        services.asset_create(actor=actor, data=data)
        created += 1
    assets = {a.identifier: a for a in Asset.objects.filter(identifier__startswith="DEMO-")}
    recovery = {
        "operation": JointOperation.objects.filter(name=RECOVERY).first(),
        "incident": Incident.objects.filter(event_date=D(2025, 3, 25), location="Pont-Sondé")
        .order_by("source_key")
        .first(),
    }
    # Entries and jobs in date order, so that each asset's log reads as it happened.
    steps: list[tuple[dt.date, int, Any]] = [(e[1], 0, e) for e in ENTRIES]
    steps += [(j[2], 1, j) for j in JOBS]
    steps += [(j[6], 2, j) for j in JOBS if j[6] is not None]
    for _on, step, item in sorted(steps, key=lambda s: (s[0], s[1])):
        asset = assets.get(item[0])
        if asset is None:
            continue
        asset.refresh_from_db()
        if step == 0:
            _entry(actor, asset, item, recovery)
        elif step == 1:
            _open(actor, asset, item)
        else:
            _close(actor, asset, item)
    out.write(f"  logistics: {len(assets)} assets ({created} created)\n")


def _entry(actor: User, asset: Asset, item: tuple[Any, ...], recovery: dict[str, Any]) -> None:
    _identifier, on, status, reason, note, link = item
    if StatusEntry.objects.filter(asset=asset, on=on, reason=reason).exists():
        return
    services.status_record(
        actor=actor,
        asset=asset,
        status=status,
        reason=reason,
        on=on,
        note=note,
        **(recovery if link == "recovery" else {}),
    )


def _open(actor: User, asset: Asset, item: tuple[Any, ...]) -> None:
    _identifier, kind, opened, description, workshop, parts, _closed, _note = item
    if MaintenanceJob.objects.filter(asset=asset, opened_on=opened).exists():
        return
    services.job_open(
        actor=actor,
        asset=asset,
        data={
            "kind": kind,
            "opened_on": opened,
            "description": description,
            "workshop": workshop,
            "parts_awaited": parts,
        },
    )


def _close(actor: User, asset: Asset, item: tuple[Any, ...]) -> None:
    opened, closed, note = item[2], item[6], item[7]
    job = MaintenanceJob.objects.filter(asset=asset, opened_on=opened, closed_on=None).first()
    if job is None:
        return
    services.job_close(actor=actor, job=job, version=job.version, closed_on=closed, note=note)
