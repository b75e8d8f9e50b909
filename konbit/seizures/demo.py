"""Demo seizures, tied to the demo's joint operations (operations/demo.py): weapons,
ammunition, drugs and cash in invented, plausible quantities, with full chains of
custody: one hand-over to the HNP's judicial police confirmed by the HNP liaison, one
disposal, and one transfer still waiting for HQ's confirmation (so that the front page
shows it). Serial numbers, officials and documents are invented and marked DEMO.
Loading twice changes nothing (an item's exhibit number is its natural key)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from konbit.accounts.models import User
from konbit.actors.models import ArmedGroup
from konbit.forces.models import Contingent
from konbit.operations.models import JointOperation
from konbit.seizures.models import Calibre, DrugSubstance, SeizedItem
from konbit.seizures.reference import ensure_reference
from konbit.seizures.services import custody
from konbit.seizures.services.seizures import seizure_create

ORDER = 950  # after the demo users (accounts, 900): they hold the items

UTC = dt.UTC


def _at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def _calibre(name: str) -> Calibre:
    return Calibre.objects.get(name=name)


def _substance(name: str) -> DrugSubstance:
    return DrugSubstance.objects.get(name=name)


def _seizures() -> list[dict[str, Any]]:
    return [
        {
            "operation": "Joint operation Delmas / Bel-Air / Solino (Sep 2024)",
            "contingent": "KEN",
            "holder": "ken.commander",
            "data": {
                "seized_at": _at("2024-09-14", 15),
                "location": "House search, Delmas 2 (demo)",
                "latitude": 18.5447,
                "longitude": -72.3270,
                "hnp_unit": "BOID (demo)",
                "persons_arrested": 4,
                "notes": "Demo record.",
            },
            "items": [
                {
                    "exhibit_number": "DEMO-KEN-2024-0001",
                    "seal_number": "DEMO-S-0001",
                    "kind": "firearm",
                    "firearm_type": "assault_rifle",
                    "make": "Demo Arms",
                    "model": "DA-15",
                    "calibre": _calibre("5.56x45mm NATO"),
                    "serial_number": "DEMO-A15-004417",
                    "country_of_manufacture": "USA",
                    "import_marking": "DEMO IMP",
                },
                {
                    "exhibit_number": "DEMO-KEN-2024-0002",
                    "seal_number": "DEMO-S-0002",
                    "kind": "firearm",
                    "firearm_type": "pistol",
                    "make": "Demo Pistols",
                    "model": "DP-9",
                    "calibre": _calibre("9x19mm Parabellum"),
                    "serial_obliterated": True,
                },
                {
                    "exhibit_number": "DEMO-KEN-2024-0003",
                    "kind": "ammunition",
                    "calibre": _calibre("5.56x45mm NATO"),
                    "count": 600,
                    "headstamp": "DEMO 21",
                },
                {
                    "exhibit_number": "DEMO-KEN-2024-0004",
                    "kind": "cash",
                    "currency": "USD",
                    "amount": Decimal("2350.00"),
                },
            ],
        },
        {
            "operation": "Joint operation Delmas / Bel-Air / Solino (Sep 2024)",
            "contingent": "JAM",
            "holder": "jam.commander",
            "data": {
                "seized_at": _at("2024-09-20", 11),
                "location": "Checkpoint, Bel-Air (demo)",
                "latitude": 18.5520,
                "longitude": -72.3390,
                "hnp_unit": "UDMO (demo)",
                "persons_arrested": 2,
                "notes": "Demo record.",
            },
            "items": [
                {
                    "exhibit_number": "DEMO-JAM-2024-0001",
                    "kind": "firearm",
                    "firearm_type": "assault_rifle",
                    "make": "Demo Kalash",
                    "model": "DK-47",
                    "calibre": _calibre("7.62x39mm"),
                    "serial_number": "DEMO-K47-118",
                    "country_of_manufacture": "ROU",
                },
                {
                    "exhibit_number": "DEMO-JAM-2024-0002",
                    "kind": "ammunition",
                    "calibre": _calibre("7.62x39mm"),
                    "count": 400,
                },
                {
                    "exhibit_number": "DEMO-JAM-2024-0003",
                    "seal_number": "DEMO-S-0103",
                    "kind": "drug",
                    "substance": _substance("cannabis"),
                    "drug_form": "plant",
                    "gross_weight_g": Decimal("3620.000"),
                    "net_weight_g": Decimal("3410.500"),
                    "field_test": "positive",
                },
            ],
        },
        {
            "operation": "Operation Savien (23 Feb 2025)",
            "group": "Gran Grif",  # when the actors registry holds it
            "contingent": "KEN",
            "holder": "ken.commander",
            "data": {
                "seized_at": _at("2025-02-23", 13),
                "location": "Ségur-Savien (demo)",
                "latitude": 19.0500,
                "longitude": -72.5500,
                "hnp_unit": "HNP Artibonite department (demo)",
                "persons_arrested": 0,
                "notes": "Demo record.",
            },
            "items": [
                {
                    "exhibit_number": "DEMO-KEN-2025-0001",
                    "kind": "firearm",
                    "firearm_type": "rifle",
                    "make": "Demo Rifles",
                    "model": "DR-308",
                    "calibre": _calibre("7.62x51mm NATO"),
                    "serial_number": "DEMO-R308-2290",
                    "country_of_manufacture": "USA",
                },
                {
                    "exhibit_number": "DEMO-KEN-2025-0002",
                    "kind": "ammunition",
                    "calibre": _calibre("7.62x51mm NATO"),
                    "count": 200,
                },
                {
                    "exhibit_number": "DEMO-KEN-2025-0003",
                    "seal_number": "DEMO-S-0207",
                    "kind": "drug",
                    "substance": _substance("cocaine hydrochloride"),
                    "drug_form": "powder",
                    "gross_weight_g": Decimal("1085.000"),
                    "net_weight_g": Decimal("1002.300"),
                    "field_test": "positive",
                },
            ],
        },
    ]


def _user(username: str, fallback: User) -> User:
    return User.objects.filter(username=username, is_active=True).first() or fallback


def load(*, actor: User, out: Any) -> None:
    ensure_reference(actor=actor)
    contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
    created = 0
    for spec in _seizures():
        numbers = [item["exhibit_number"] for item in spec["items"]]
        contingent = contingents.get(spec["contingent"])
        if contingent is None or SeizedItem.objects.filter(exhibit_number__in=numbers).exists():
            continue
        holder = _user(spec["holder"], actor)
        operation = JointOperation.objects.filter(name=spec["operation"]).first()
        group = ArmedGroup.objects.filter(name__iexact=spec.get("group", "")).first()
        seizure_create(
            actor=holder,
            data={
                **spec["data"],
                "seizing_contingent": contingent,
                "operation": operation,
                "armed_group": group,
            },
            items=spec["items"],
        )
        created += 1
    if created:
        _chains(actor)
    out.write(f"seizures: {created} seizures with their chains of custody\n")


def _item(number: str) -> SeizedItem:
    return SeizedItem.objects.select_related("seizure").get(exhibit_number=number)


def _chains(actor: User) -> None:
    """The custody stories of the demo (only with the demo users: in production the
    demo records are loaded without them, and the chains stop at their seizure)."""
    ken = User.objects.filter(username="ken.commander").first()
    jam = User.objects.filter(username="jam.commander").first()
    hq = User.objects.filter(username="hq").first()
    liaison = User.objects.filter(username="liaison").first()
    if not (ken and jam and hq and liaison):
        return
    store = "MSS evidence store, demo base"
    # A rifle: sealed, transferred to HQ, stored, handed over to the DCPJ, confirmed.
    rifle = _item("DEMO-KEN-2024-0001")
    if rifle.chain_length == 1:
        custody.custody_seal(
            actor=ken, item=rifle, seal_number="DEMO-S-0001B", occurred_at=_at("2024-09-14", 17)
        )
        transfer = custody.custody_transfer(
            actor=ken, item=rifle, to_user=hq, location=store, occurred_at=_at("2024-09-15", 9)
        )
        custody.custody_answer(
            actor=hq, event=transfer, accept=True, location=store, occurred_at=_at("2024-09-15", 10)
        )
        custody.custody_examine(
            actor=hq,
            item=rifle,
            examiner="Mission weapons technician (demo)",
            result="Serviceable; serial intact; US import marking (demo).",
            occurred_at=_at("2024-09-18", 14),
        )
        handover = custody.custody_hand_over(
            actor=hq,
            item=rifle,
            agency="dcpj",
            receiving_official="Commissaire Demo Duval (demo)",
            document_reference="DCPJ/DEMO/2024/017",
            occurred_at=_at("2024-10-02", 10),
        )
        custody.custody_answer(
            actor=liaison, event=handover, accept=True, occurred_at=_at("2024-10-02", 12)
        )
    # Cannabis: sealed, examined, stored, destroyed on a prosecutor's order.
    cannabis = _item("DEMO-JAM-2024-0003")
    if cannabis.chain_length == 1:
        custody.custody_examine(
            actor=jam,
            item=cannabis,
            examiner="HNP BLTS field laboratory (demo)",
            result="Cannabis sativa, positive (demo).",
            weight_g=Decimal("3410.000"),
            occurred_at=_at("2024-09-21", 10),
        )
        custody.custody_store(
            actor=jam, item=cannabis, location=store, occurred_at=_at("2024-09-21", 15)
        )
        custody.custody_dispose(
            actor=jam,
            item=cannabis,
            method="Incineration",
            authority="Port-au-Prince prosecutor's order DEMO-2024-112",
            witnesses="HNP BLTS officer (demo); MSS legal officer (demo)",
            document_reference="PV-DEMO-2024-031",
            occurred_at=_at("2024-11-05", 9),
        )
    # Cocaine: sealed and sent to HQ, waiting for HQ's confirmation.
    cocaine = _item("DEMO-KEN-2025-0003")
    if cocaine.chain_length == 1:
        custody.custody_store(
            actor=ken,
            item=cocaine,
            location="Kenyan contingent armoury (demo)",
            occurred_at=_at("2025-02-23", 20),
        )
        custody.custody_transfer(
            actor=ken, item=cocaine, to_user=hq, location=store, occurred_at=_at("2025-02-25", 8)
        )
