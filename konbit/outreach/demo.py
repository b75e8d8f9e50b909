"""The demo's outreach: activities in the communes the statement's operations touched
(DOMAIN.md 2.5 and 4.3-4.4: Delmas, Bel-Air and Solino in Port-au-Prince, Savien in
Petite-Rivière-de-l'Artibonite, Pont-Sondé in Saint-Marc), with invented audience
counts and partners, and one concern referred to oversight. Idempotent: each
activity is found again by its date, commune, kind and venue."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from konbit.core.services import record_upsert
from konbit.forces.models import Contingent, Unit
from konbit.outreach import services
from konbit.outreach.models import Activity, Concern, topics_text
from konbit.places.models import Commune

if TYPE_CHECKING:
    from konbit.accounts.models import User

ORDER = 250  # after forces (contingents, units) and operations

D = dt.date
# (date, commune P-code, kind, venue, contingent, unit, partners, topics,
#  girls, boys, women, men, follow-up)
ACTIVITIES: list[tuple[Any, ...]] = [
    (
        D(2024, 9, 19),
        "HT0112",
        "community_forum",
        "Delmas 6 community hall (demo)",
        "KEN",
        "Rapid Deployment Unit",
        "HNP community policing (demo)",
        ["lawful_behaviour", "community_policing", "mission_conduct"],
        0,
        0,
        46,
        61,
        "Second forum with the HNP commissariat in October.",
    ),
    (
        D(2024, 10, 2),
        "HT0112",
        "school_visit",
        "Demo National School, Delmas",
        "KEN",
        "General Service Unit",
        "Ministry of Education (demo), UNICEF (demo)",
        ["education", "explosives", "child_protection"],
        118,
        104,
        9,
        6,
        "Patrol timing around the school gate agreed with the director.",
    ),
    (
        D(2024, 10, 3),
        "HT0111",
        "child_protection",
        "Bel-Air parish centre (demo)",
        "KEN",
        "Rapid Deployment Unit",
        "UNICEF (demo), Demo Child Rights NGO",
        ["child_protection", "gang_recruitment", "gbv_prevention"],
        64,
        58,
        21,
        4,
        "Referral pathway leaflets to be reprinted in Creole.",
    ),
    (
        D(2024, 10, 15),
        "HT0111",
        "sports_civic",
        "Solino football ground (demo)",
        "JAM",
        None,
        "Demo Youth Sports League",
        ["gang_recruitment", "lawful_behaviour"],
        37,
        85,
        12,
        30,
        "A monthly match with the HNP team.",
    ),
    (
        D(2024, 11, 8),
        "HT0111",
        "medical",
        "Bel-Air health post (demo)",
        "KEN",
        "Rapid Deployment Unit",
        "Ministry of Public Health (demo)",
        ["health"],
        41,
        39,
        77,
        35,
        "Return visit with the medical team in December.",
    ),
    (
        D(2024, 12, 12),
        "HT0112",
        "school_visit",
        "Demo Lycée, Delmas 33",
        "KEN",
        "General Service Unit",
        "Ministry of Education (demo)",
        ["education", "human_rights"],
        96,
        88,
        7,
        5,
        "",
    ),
    (
        D(2025, 1, 22),
        "HT0111",
        "community_forum",
        "Solino community square (demo)",
        "GTM",
        None,
        "HNP community policing (demo), Demo Residents' Committee",
        ["community_policing", "mission_conduct", "human_rights"],
        0,
        0,
        58,
        49,
        "Residents' committee to meet the contingent monthly.",
    ),
    (
        D(2025, 2, 14),
        "HT0531",
        "community_forum",
        "Saint-Marc town hall (demo)",
        "KEN",
        "General Service Unit",
        "Demo Displaced Families' Committee",
        ["lawful_behaviour", "mission_conduct"],
        0,
        0,
        63,
        52,
        "Forward the committee's request for lighting at the Pont-Sondé shelter.",
    ),
    (
        D(2025, 2, 27),
        "HT0531",
        "medical",
        "Pont-Sondé shelter (demo)",
        "SLV",
        None,
        "Demo Medical NGO",
        ["health", "child_protection"],
        52,
        47,
        66,
        24,
        "Vaccination follow-up with the health ministry.",
    ),
    (
        D(2025, 3, 6),
        "HT0542",
        "child_protection",
        "Petite-Rivière primary school (demo)",
        "KEN",
        "General Service Unit",
        "UNICEF (demo)",
        ["child_protection", "explosives", "gang_recruitment"],
        73,
        69,
        11,
        3,
        "Unexploded ordnance awareness session to repeat after the rains.",
    ),
    (
        D(2025, 3, 20),
        "HT0542",
        "sports_civic",
        "Savien road civic day (demo)",
        "KEN",
        "Rapid Deployment Unit",
        "Demo Civic Education NGO",
        ["lawful_behaviour", "community_policing"],
        28,
        34,
        40,
        45,
        "",
    ),
    (
        D(2025, 4, 10),
        "HT0112",
        "child_protection",
        "Demo Girls' School, Delmas",
        "KEN",
        "Rapid Deployment Unit",
        "UNICEF (demo), Demo Women's Network",
        ["gbv_prevention", "child_protection"],
        141,
        0,
        18,
        0,
        "Female officers of the specialist team to hold the next session.",
    ),
]
# (activity index, category, summary): community concerns kept on the activity.
CONCERNS = [
    (0, "security", "Residents ask for night patrols on the main road (demo)."),
    (7, "services", "The shelter needs lighting and a water point (demo)."),
]
# (activity index, category, account): concerns referred to oversight.
REFERRALS = [
    (
        2,
        "child_safety",
        "Demo account: a parent reported that a boy of about 12 is pressed to run "
        "errands for an armed group near the parish centre. Invented for the demo.",
    ),
]


def load(*, actor: User, out: Any) -> None:
    contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
    communes = {c.pcode: c for c in Commune.objects.filter(pcode__in={a[1] for a in ACTIVITIES})}
    activities: list[Activity | None] = []
    created = 0
    for (held_on, pcode, kind, venue, iso3, unit_name, partners, topics,
         girls, boys, women, men, follow_up) in ACTIVITIES:  # fmt: skip
        contingent = contingents.get(iso3)
        commune = communes.get(pcode)
        if contingent is None or commune is None:
            activities.append(None)
            continue
        unit = (
            Unit.objects.filter(contingent=contingent, name=unit_name).first()
            if unit_name
            else None
        )
        activity, state = record_upsert(
            actor=actor,
            model=Activity,
            lookup={"held_on": held_on, "commune": commune, "kind": kind, "venue": venue},
            data={
                "contingent": contingent,
                "unit": unit,
                "partners": partners,
                "girls": girls,
                "boys": boys,
                "women": women,
                "men": men,
                "follow_up": follow_up,
                "topics": topics_text(topics),
            },
        )
        created += state == "created"
        activities.append(activity)
    for index, category, summary in CONCERNS:
        found = activities[index]
        if (
            found is not None
            and not Concern.objects.filter(activity=found, summary=summary).exists()
        ):
            services.concern_raise(actor=actor, activity=found, category=category, summary=summary)
    for index, category, account in REFERRALS:
        found = activities[index]
        if (
            found is not None
            and not Concern.objects.filter(activity=found, category=category)
            .exclude(referral_reference="")
            .exists()
        ):
            services.concern_refer(actor=actor, activity=found, category=category, account=account)
    out.write(f"  outreach: {len(ACTIVITIES)} activities ({created} created)\n")
