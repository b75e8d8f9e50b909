"""The facts the forces demo is built from (DOMAIN.md 1.3 and 2.1-2.3).

Dates and counts of the waves are the sources'; everything about individual people
is invented. The Bahamas' six have no sourced date: the demo places them on
22 Dec 2024 (when the Bahamas' pledged patrols began), flagged as assumed, so that
the 4 Jan 2025 total of 590 comes out of the data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date

MANDATES: list[dict[str, Any]] = [
    {
        "resolution": "2699 (2023)",
        "title": "Multinational Security Support Mission (MSS)",
        "adopted_on": D(2023, 10, 2),
        "starts_on": D(2023, 10, 2),
        "ends_on": D(2024, 10, 2),
        "authorized_ceiling": None,
        "planning_figure": 2500,
        "notes": "No numeric ceiling; planning figure about 2,500.",
    },
    {
        "resolution": "2751 (2024)",
        "title": "Renewal of the MSS mandate",
        "adopted_on": D(2024, 9, 30),
        "starts_on": D(2024, 10, 2),
        "ends_on": D(2025, 10, 2),
        "authorized_ceiling": None,
        "planning_figure": 2500,
        "notes": "Extends the mandate of resolution 2699 until 2 October 2025.",
    },
    {
        "resolution": "2793 (2025)",
        "title": "Gang Suppression Force (GSF) and UN Support Office in Haiti (UNSOH)",
        "adopted_on": D(2025, 9, 30),
        "starts_on": D(2025, 10, 2),
        "ends_on": D(2026, 10, 2),
        "authorized_ceiling": 5550,
        "planning_figure": None,
        "notes": "5,500 uniformed personnel and 50 civilians; initial period of 12 months.",
    },
]

_DEPLOYMENT_SECTIONS = ["personnel deployed", "equipment deployed", "next deployments"]

# resolution, title, fields (DOMAIN.md 1.3; "confirmed" False where the text is unverified)
OBLIGATIONS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "2699 (2023)",
        "Progress of deployment",
        {
            "reporting_party": "mss_leadership",
            "addressee": "security_council",
            "trigger": "periodic",
            "interval_days": 90,
            "content_sections": _DEPLOYMENT_SECTIONS,
            "confirmed": True,
            "notes": "The text says 'regularly'; 90 days is a working assumption. "
            "The Government of Haiti shares the duty; also to the Secretary-General.",
        },
    ),
    (
        "2699 (2023)",
        "Urgent temporary measures",
        {
            "reporting_party": "mss_leadership",
            "addressee": "security_council",
            "trigger": "event",
            "event": "An urgent temporary measure is adopted (e.g. an arrest or detention)",
            "content_sections": ["measure", "legal basis", "persons concerned", "handover"],
            "confirmed": True,
        },
    ),
    (
        "2699 (2023)",
        "Notification of participation",
        {
            "reporting_party": "contributing_states",
            "addressee": "secretary_general",
            "trigger": "event",
            "event": "A State decides to contribute to the mission",
            "content_sections": ["contribution"],
            "confirmed": True,
            "notes": "Also to the Security Council.",
        },
    ),
    (
        "2699 (2023)",
        "Pre-deployment report",
        {
            "paragraph": "10-16?",
            "reporting_party": "lead_nation",
            "addressee": "security_council",
            "trigger": "event",
            "event": "Before deployment",
            "content_sections": [
                "goals",
                "rules of engagement",
                "concept of operations",
                "financial needs",
            ],
            "confirmed": False,
            "notes": "Unverified: check S/RES/2699(2023) paragraphs 10-16.",
        },
    ),
    (
        "2699 (2023)",
        "Periodic written report",
        {
            "reporting_party": "lead_nation",
            "addressee": "security_council",
            "trigger": "periodic",
            "interval_days": 90,
            "content_sections": [*_DEPLOYMENT_SECTIONS, "operations", "human rights"],
            "confirmed": False,
            "notes": "Unverified: first about 90 days after deployment, then quarterly.",
        },
    ),
    (
        "2751 (2024)",
        "Progress of deployment",
        {
            "reporting_party": "mss_leadership",
            "addressee": "security_council",
            "trigger": "periodic",
            "interval_days": 90,
            "content_sections": _DEPLOYMENT_SECTIONS,
            "confirmed": True,
            "notes": "Reiterated by resolution 2751.",
        },
    ),
    (
        "2793 (2025)",
        "GSF periodic report",
        {
            "reporting_party": "standing_group",
            "addressee": "security_council",
            "trigger": "periodic",
            "interval_days": 90,
            "content_sections": [*_DEPLOYMENT_SECTIONS, "operations", "human rights"],
            "confirmed": False,
            "notes": "Expected, not confirmed: through the Secretary-General.",
        },
    ),
    (
        "2793 (2025)",
        "Report on UNSOH",
        {
            "reporting_party": "secretary_general",
            "addressee": "security_council",
            "trigger": "periodic",
            "interval_days": 120,
            "content_sections": ["support delivered", "equipment reimbursement"],
            "confirmed": False,
            "notes": "Expected, not confirmed.",
        },
    ),
]

# ISO3, lead nation, pledged strength (None when not confirmed), languages of its people
CONTRIBUTORS: list[tuple[str, bool, int | None, str]] = [
    ("KEN", True, 1000, "en, sw"),
    ("JAM", False, 200, "en"),
    ("GTM", False, 150, "es"),
    ("SLV", False, 78, "es"),
    ("BHS", False, None, "en"),
    ("BLZ", False, 50, "en, es"),
]

# ISO3, unit name, unit type
UNITS: list[tuple[str, str, str]] = [
    ("KEN", "Rapid Deployment Unit", "formed_police"),
    ("KEN", "General Service Unit", "formed_police"),
    ("KEN", "Anti-Stock Theft Unit", "formed_police"),
    ("KEN", "Border Patrol Unit", "border_patrol"),
    ("KEN", "Lioness Commandos SWAT team", "swat"),
    ("KEN", "Kenya medical team", "medical"),
    ("KEN", "Kenya support team", "support"),
    ("JAM", "Jamaica Defence Force staff", "staff_officers"),
    ("JAM", "Jamaica Constabulary Force team", "staff_officers"),
    ("BLZ", "Belize Defence Force staff officers", "staff_officers"),
    ("BHS", "Royal Bahamas detachment", "other"),
    ("GTM", "Guatemalan military police company", "military_police"),
    ("SLV", "Salvadoran medevac detachment", "aviation"),
]

# A wave: ISO3, arrival, count announced, description, date assumed, and who came:
# [(unit name, specialty, count, all women)] adding up to the count.
Wave = tuple[str, dt.date, int, str, bool, list[tuple[str, str, int, bool]]]
WAVES: list[Wave] = [
    ("KEN", D(2024, 6, 25), 200, "First contingent (200 of the 400 trained)", False, [
        ("General Service Unit", "police_officer", 100, False),
        ("Rapid Deployment Unit", "police_officer", 100, False),
    ]),
    ("KEN", D(2024, 7, 16), 200, "Second group, bringing Kenya to about 400", False, [
        ("Rapid Deployment Unit", "police_officer", 100, False),
        ("Anti-Stock Theft Unit", "police_officer", 60, False),
        ("Border Patrol Unit", "police_officer", 40, False),
    ]),
    ("JAM", D(2024, 9, 12), 24, "Advance team: 20 Jamaica Defence Force, 4 Jamaica "
     "Constabulary Force", False, [
        ("Jamaica Defence Force staff", "staff_officer", 20, False),
        ("Jamaica Constabulary Force team", "police_officer", 4, False),
    ]),
    ("BLZ", D(2024, 9, 12), 2, "Two senior officers, via Jamaica (9 Sep 2024)", False, [
        ("Belize Defence Force staff officers", "staff_officer", 2, False),
    ]),
    ("BHS", D(2024, 12, 22), 6, "Six Bahamians present by January 2025", True, [
        ("Royal Bahamas detachment", "police_officer", 6, False),
    ]),
    ("GTM", D(2025, 1, 3), 75, "First 75 military police", False, [
        ("Guatemalan military police company", "military_police", 75, False),
    ]),
    ("SLV", D(2025, 1, 3), 8, "Medevac and casualty-care team", False, [
        ("Salvadoran medevac detachment", "medical", 4, False),
        ("Salvadoran medevac detachment", "pilot", 4, False),
    ]),
    ("GTM", D(2025, 1, 4), 75, "Second 75 military police (one report says 77)", False, [
        ("Guatemalan military police company", "military_police", 75, False),
    ]),
    ("KEN", D(2025, 1, 18), 217, "Rapid Deployment Unit with medical personnel, mechanics, "
     "communications officers and support staff", False, [
        ("Rapid Deployment Unit", "police_officer", 150, False),
        ("Kenya medical team", "medical", 25, False),
        ("Kenya support team", "mechanic", 20, False),
        ("Kenya support team", "communications", 15, False),
        ("Kenya support team", "logistics", 7, False),
    ]),
    ("KEN", D(2025, 2, 6), 144, "Including the all-female SWAT team", False, [
        ("Lioness Commandos SWAT team", "police_officer", 44, True),
        ("Rapid Deployment Unit", "police_officer", 100, False),
    ]),
    ("KEN", D(2025, 12, 8), 230, "Rotation (230 per the UN)", False, [
        ("Rapid Deployment Unit", "police_officer", 230, False),
    ]),
]  # fmt: skip

# The December 2025 rotation relieves the first contingent; the overlap is assumed.
ROTATIONS: list[tuple[str, dt.date, dt.date, dt.date, dt.date, str]] = [
    (
        "KEN",
        D(2025, 12, 8),
        D(2024, 6, 25),
        D(2025, 12, 8),
        D(2025, 12, 15),
        "Which wave the December 2025 rotation relieved, and the overlap, are assumed.",
    ),
]

# Rank as the country names it, and the mission-wide grade (invented scale 1-10).
RANKS: dict[str, list[tuple[str, int]]] = {
    "KEN": [("Constable", 2), ("Constable", 2), ("Corporal", 3), ("Sergeant", 4), ("Inspector", 6)],
    "JAM": [("Captain", 7), ("Major", 8), ("Lieutenant", 6)],
    "BLZ": [("Major", 8), ("Lieutenant Colonel", 9)],
    "BHS": [("Constable", 2), ("Sergeant", 4)],
    "GTM": [("Soldado", 1), ("Cabo", 3), ("Sargento", 4)],
    "SLV": [("Sargento", 4), ("Teniente", 6), ("Capitán", 7)],
}

# Obviously invented given names (the NATO alphabet).
GIVEN_NAMES = [
    "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
    "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
    "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "X-ray", "Yankee", "Zulu",
]  # fmt: skip
