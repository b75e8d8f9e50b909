"""Demo incidents and joint operations: the 22 ACLED sample events (through the
importer) and invented mission reports and operations in the places DOMAIN.md names
(Delmas, Bel-Air, Cité Soleil, Kenscoff, Pont-Sondé / Saint-Marc, Ségur-Savien),
with the operations of 23 Feb and 25 Mar 2025 (DOMAIN.md 2.5). Every person in
them is invented and marked as demo data. Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from konbit.core.imports.pipeline import import_now
from konbit.core.services import record_upsert
from konbit.forces.models import Contingent, Unit
from konbit.operations.acled_write import KIND
from konbit.operations.models import Incident, JointOperation, Origin
from konbit.operations.taxonomy import DATA_DIR, interaction_for
from konbit.places.geo import commune_at
from konbit.places.models import Commune

if TYPE_CHECKING:
    from konbit.accounts.models import User

ORDER = 200  # after forces (contingents and units)
SAMPLE = DATA_DIR / "acled_haiti_2022_sample.csv"
_NAMESPACE = uuid.UUID("5f0c2e58-7c47-4a8e-9f61-2a0c3f7d2699")

OPERATIONS: list[dict[str, Any]] = [
    {
        "name": "Joint operation Delmas / Bel-Air / Solino (Sep 2024)",
        "objective": "Joint MSS-HNP patrols and operations against the gangs of Delmas, "
        "Bel-Air and Solino; calls on gang members to surrender (DOMAIN.md 2.5).",
        "legal_basis": "S/RES/2699 (2023), in support of the HNP",
        "starts_on": dt.date(2024, 9, 10),
        "ends_on": dt.date(2024, 9, 30),
        "status": "completed",
        "communes": ["Delmas", "Port-au-Prince"],
        "contingents": ["KEN", "JAM"],
        "mission_units": "Rapid Deployment Unit (demo)",
        "hnp_units": "BOID, UDMO (demo)",
        "arrests": 6,
        "seizures": "4 rifles, 1,200 rounds (demo figures)",
        "after_action_notes": "Demo record.",
    },
    {
        "name": "Operation Savien (23 Feb 2025)",
        "objective": "Joint operation against Gran Grif in Ségur-Savien, Artibonite.",
        "legal_basis": "S/RES/2751 (2024), in support of the HNP",
        "starts_on": dt.date(2025, 2, 23),
        "ends_on": dt.date(2025, 2, 23),
        "status": "completed",
        "communes": ["Petite-Rivière-de-l'Artibonite"],
        "contingents": ["KEN"],
        "mission_units": "General Service Unit",
        "hnp_units": "HNP Artibonite department (demo)",
        "mission_killed": 1,
        "after_action_notes": "A Kenyan constable was shot in the head and died at the "
        "Aspen Level 2 hospital (DOMAIN.md 2.5). Names in this demo are not recorded.",
    },
    {
        "name": "Recovery on the Carrefour Paye-Savien route (25 Mar 2025)",
        "objective": "Recover an HNP armoured vehicle fallen into a ditch dug by the gang "
        "near Pont-Sondé.",
        "legal_basis": "S/RES/2751 (2024), in support of the HNP",
        "starts_on": dt.date(2025, 3, 25),
        "ends_on": dt.date(2025, 3, 25),
        "status": "completed",
        "communes": ["Saint-Marc"],
        "contingents": ["KEN"],
        "mission_units": "Two MRAPs of the Kenyan contingent (one stuck, one broken down)",
        "hnp_units": "HNP armoured vehicle crew (demo)",
        "mission_killed": 1,
        "after_action_notes": "Gangs ambushed the recovery; a Kenyan officer was reported "
        "missing, later declared dead (DOMAIN.md 2.5).",
    },
]

# "operation" is the index in OPERATIONS; "fields" the rest of the record.
INCIDENTS: list[dict[str, Any]] = [
    {
        "slug": "delmas-clash-2024-09",
        "event_date": dt.date(2024, 9, 14),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Police Forces of Haiti (2017-)",
        "inter1": 1,
        "actor2": "Delmas 6 Gang",
        "inter2": 3,
        "location": "Delmas",
        "latitude": 18.5447,
        "longitude": -72.3028,
        "category": "ARMED_CLASH_SECURITY_FORCES",
        "perpetrator": "gang",
        "armed_group": "Delmas 6 (Viv Ansanm)",
        "contingent": "KEN",
        "operation": 0,
        "fields": {"injured_adult_male": 2, "source_identity": "Patrol report (demo)"},
    },
    {
        "slug": "bel-air-arrests-2024-09",
        "event_date": dt.date(2024, 9, 20),
        "event_type": "Strategic developments",
        "sub_event_type": "Arrests",
        "actor1": "Police Forces of Haiti (2017-)",
        "inter1": 1,
        "actor2": "",
        "inter2": None,
        "location": "Bel-Air, Port-au-Prince",
        "latitude": 18.5466,
        "longitude": -72.3356,
        "category": "ARREST_DETENTION",
        "perpetrator": "",
        "armed_group": "",
        "contingent": "JAM",
        "operation": 0,
        "fields": {"released_to_hnp": True},
    },
    {
        "slug": "cite-soleil-kidnapping-2024-11",
        "event_date": dt.date(2024, 11, 5),
        "event_type": "Violence against civilians",
        "sub_event_type": "Abduction/forced disappearance",
        "actor1": "Unidentified Gang (Haiti)",
        "inter1": 3,
        "actor2": "Civilians (Haiti)",
        "inter2": 7,
        "location": "Cité Soleil",
        "latitude": 18.5796,
        "longitude": -72.3312,
        "category": "KIDNAPPING",
        "perpetrator": "gang",
        "armed_group": "",
        "contingent": "KEN",
        "operation": None,
        "fields": {
            "kidnapped_adult_female": 2,
            "kidnapped_child_male": 1,
            "sensitive": True,
            "victim_details": "Two women (demo), 30s; one boy (demo), 12.",
            "notes": "Bus passengers taken on the road north of Cité Soleil (demo).",
        },
    },
    {
        "slug": "kenscoff-attack-2025-02",
        "event_date": dt.date(2025, 2, 3),
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "actor1": "Viv Ansanm",
        "inter1": 3,
        "actor2": "Civilians (Haiti)",
        "inter2": 7,
        "location": "Kenscoff",
        "latitude": 18.4500,
        "longitude": -72.2870,
        "category": "KILLING",
        "perpetrator": "gang",
        "armed_group": "Viv Ansanm",
        "contingent": "KEN",
        "operation": None,
        "fields": {
            "fatalities": 4,
            "killed_adult_male": 3,
            "killed_adult_female": 1,
            "injured_child_female": 1,
        },
    },
    {
        "slug": "segur-savien-2025-02-23",
        "event_date": dt.date(2025, 2, 23),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Gran Grif Gang",
        "inter1": 3,
        "actor2": "Multinational Security Support Mission in Haiti (2024-)",
        "inter2": 8,
        "location": "Ségur-Savien",
        "latitude": 19.1270,
        "longitude": -72.4770,
        "category": "ATTACK_ON_MISSION",
        "perpetrator": "gang",
        "armed_group": "Gran Grif (Luckson Elan)",
        "contingent": "KEN",
        "operation": 1,
        "fields": {
            "fatalities": 1,
            "killed_adult_male": 1,
            "verification": "verified",
            "victim_details": "MSS constable (Kenya), 27 (demo record, no name).",
        },
    },
    {
        "slug": "pont-sonde-ambush-2025-03-25",
        "event_date": dt.date(2025, 3, 25),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Gran Grif Gang",
        "inter1": 3,
        "actor2": "Multinational Security Support Mission in Haiti (2024-)",
        "inter2": 8,
        "location": "Pont-Sondé",
        "latitude": 19.1540,
        "longitude": -72.6130,
        "category": "ATTACK_ON_MISSION",
        "perpetrator": "gang",
        "armed_group": "Gran Grif",
        "contingent": "KEN",
        "operation": 2,
        "fields": {
            "kidnapped_adult_male": 1,
            "verification": "verified",
            "victim_details": "MSS officer (Kenya) missing, later declared dead (demo, no name).",
            "notes": "Ambush on the Carrefour Paye-Savien supply route during a recovery.",
        },
    },
]


def _import_sample(actor: User, out: Any) -> None:
    already = Incident.objects.filter(origin=Origin.ACLED, event_id_cnty__startswith="HTI").count()
    if already >= 22:
        return  # a re-import would change nothing but still record a run
    with open(SAMPLE, "rb") as handle:
        run = import_now(
            actor=actor,
            kind=KIND,
            handle=handle,
            file_name=SAMPLE.name,
            size=SAMPLE.stat().st_size,
            options={"country": "Haiti"},
        )
    out.write(f"  ACLED sample: {run.created} created, {run.unchanged} unchanged\n")


def _communes(names: list[str]) -> list[Commune]:
    return [c for name in names for c in Commune.objects.filter(name=name)[:1]]


def load(*, actor: User, out: Any) -> None:
    _import_sample(actor, out)
    contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
    operations = []
    for spec in OPERATIONS:
        data = {k: v for k, v in spec.items() if k not in {"name", "communes", "contingents"}}
        m2m: dict[str, list[Any]] = {
            "communes": _communes(spec["communes"]),
            "contingents": [contingents[c] for c in spec["contingents"] if c in contingents],
        }
        operation, _state = record_upsert(
            actor=actor, model=JointOperation, lookup={"name": spec["name"]}, data=data, m2m=m2m
        )
        operations.append(operation)
    for spec in INCIDENTS:
        contingent = contingents.get(spec["contingent"])
        unit = (
            Unit.objects.filter(contingent=contingent, name="General Service Unit").first()
            if spec["slug"].startswith("segur")
            else None
        )
        fields = dict(spec["fields"])
        data = {
            "origin": Origin.MISSION,
            "event_date": spec["event_date"],
            "time_precision": 1,
            "disorder_type": "Political violence"
            if spec["event_type"] != "Strategic developments"
            else "Strategic developments",
            "event_type": spec["event_type"],
            "sub_event_type": spec["sub_event_type"],
            "actor1": spec["actor1"],
            "inter1": spec["inter1"],
            "actor2": spec["actor2"],
            "inter2": spec["inter2"],
            "interaction": interaction_for(spec["inter1"], spec["inter2"]),
            "country": "Haiti",
            "location": spec["location"],
            "latitude": spec["latitude"],
            "longitude": spec["longitude"],
            "commune_pcode": commune_at(spec["latitude"], spec["longitude"]).pcode or "",
            "category": spec["category"],
            "perpetrator": spec["perpetrator"],
            "armed_group": spec["armed_group"],
            "reporting_contingent": contingent,
            "reporting_unit": unit,
            "operation": operations[spec["operation"]] if spec["operation"] is not None else None,
            "source": "Mission report (demo)",
            **fields,
        }
        key = f"mission:{uuid.uuid5(_NAMESPACE, spec['slug'])}"
        record_upsert(actor=actor, model=Incident, lookup={"source_key": key}, data=data)
