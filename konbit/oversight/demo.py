"""The demo's complaints: a handful of invented cases across the three CRM categories
(DOMAIN.md 1.4, 6.3: serious misconduct, minor misconduct, SEA) and the statuses,
from the CRM's opening in February 2025. Invented people ("DEMO complainant n"),
no real case; the SEA one is a neutral one-line summary. Idempotent: each complaint
is found again by its fixed demo reference code."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from konbit.forces.models import Contingent
from konbit.oversight import services
from konbit.oversight.models import Complaint
from konbit.places.models import Commune

if TYPE_CHECKING:
    from konbit.accounts.models import User

ORDER = 260  # after forces (contingents), places and outreach


def _at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


# reference, facts, then the status moves (status, date, note, referred to, with whom, ref)
COMPLAINTS: list[tuple[str, dict[str, Any], list[tuple[Any, ...]]]] = [
    (
        "CRM-DEMX-2222",
        {
            "received_at": _at("2025-02-10"),
            "channel": "hotline",
            "category": "serious",
            "nature": "use_of_force",
            "occurred_on": dt.date(2025, 2, 8),
            "pcode": "HT0112",
            "place": "Checkpoint near a market (demo)",
            "contingent": "KEN",
            "description": "DEMO: a street vendor says he was struck with a baton at a checkpoint.",
            "complainant_name": "DEMO complainant 1",
            "complainant_contact": "+509 0000 0001 (demo)",
            "consent_to_contact": True,
            "victim_sex": "male",
            "victim_age_group": "adult",
        },
        [
            ("assessment", _at("2025-02-11"), "Receivable: within the mission's mandate."),
            ("investigation", _at("2025-02-20"), "Witnesses to be heard (demo)."),
        ],
    ),
    (
        "CRM-DEMX-3333",
        {
            "received_at": _at("2025-03-03"),
            "channel": "in_person",
            "category": "minor",
            "nature": "conduct",
            "occurred_on": dt.date(2025, 3, 1),
            "pcode": "HT0111",
            "place": "Patrol base gate (demo)",
            "contingent": "JAM",
            "description": "DEMO: rude language from a patrol towards residents queuing for water.",
            "complainant_name": "DEMO complainant 2",
            "victim_sex": "unknown",
            "victim_age_group": "unknown",
        },
        [
            ("assessment", _at("2025-03-04"), ""),
            ("unsubstantiated", _at("2025-04-15"), "No witness confirmed the account (demo)."),
        ],
    ),
    (
        "CRM-DEMX-4444",
        {
            "received_at": _at("2025-04-22"),
            "channel": "in_person",
            "category": "sea",
            "nature": "sea",
            "occurred_on": None,
            "pcode": "HT0142",
            "place": "",
            "contingent": None,
            "description": (
                "DEMO: allegation of sexual exploitation; details held by the PSEA focal point."
            ),
            "victim_sex": "female",
            "victim_age_group": "child",
        },
        [
            ("assessment", _at("2025-04-22", 15), "Survivor referred to assistance (demo)."),
            ("referred", _at("2025-04-25"), "", "ohchr", "OHCHR Haiti (demo)", "DEMO-OHCHR-001"),
        ],
    ),
    (
        "CRM-DEMX-5555",
        {
            "received_at": _at("2025-05-12"),
            "channel": "ohchr_ngo",
            "category": "serious",
            "nature": "detention",
            "occurred_on": dt.date(2025, 5, 6),
            "pcode": "HT0112",
            "place": "",
            "contingent": "KEN",
            "description": "DEMO: a man held for a night without being handed to the HNP.",
            "complainant_name": "DEMO NGO focal point",
            "complainant_contact": "demo-ngo@example.org",
            "consent_to_contact": True,
            "victim_sex": "male",
            "victim_age_group": "adult",
        },
        [
            ("assessment", _at("2025-05-13"), ""),
            (
                "referred",
                _at("2025-05-30"),
                "",
                "tcc",
                "Contributing country's inspector (demo)",
                "",
            ),
        ],
    ),
    (
        "CRM-DEMX-6666",
        {
            "received_at": _at("2025-06-02"),
            "channel": "web",
            "category": "serious",
            "nature": "human_rights",
            "occurred_on": dt.date(2025, 5, 30),
            "pcode": "HT0111",
            "place": "Near a school (demo)",
            "contingent": None,
            "description": "DEMO: shots fired near a school during an operation, no one hurt.",
            "victim_sex": "unknown",
            "victim_age_group": "unknown",
        },
        [],
    ),
    (
        "CRM-DEMX-7777",
        {
            "received_at": _at("2025-06-10"),
            "channel": "internal",
            "category": "minor",
            "nature": "other",
            "occurred_on": dt.date(2025, 6, 9),
            "pcode": "HT0112",
            "place": "",
            "contingent": None,
            "description": (
                "DEMO: a dispute over a traffic accident, not involving mission personnel."
            ),
            "complainant_name": "DEMO complainant 3",
            "victim_sex": "unknown",
            "victim_age_group": "unknown",
        },
        [("not_receivable", _at("2025-06-12"), "Not mission personnel: referred to the HNP.")],
    ),
]


def load(*, actor: User, out: Any) -> None:
    contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
    created = 0
    for reference, facts, moves in COMPLAINTS:
        if Complaint.objects.filter(reference=reference).exists():
            continue
        data = dict(facts)
        data["commune"] = Commune.objects.filter(pcode=data.pop("pcode")).first()
        data["contingent"] = contingents.get(data["contingent"] or "")
        complaint = services._create(
            actor=actor, data=services.check_facts(data), reference=reference
        )
        for status, at, note, *referral in moves:
            to, whom, ref = [*referral, "", "", ""][:3]
            services._move(
                actor=actor,
                complaint=complaint,
                status=status,
                version=complaint.version,
                note=note,
                changed_at=at,
                referred_to=to,
                referred_to_whom=whom,
                referred_reference=ref,
            )
            complaint.refresh_from_db()
        created += 1
    out.write(f"  oversight: {len(COMPLAINTS)} demo complaints ({created} created)\n")
