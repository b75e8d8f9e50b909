"""The registry's demo facts, from DOMAIN.md section 3 (public facts, each with its
source and grade) and 4.5 (the HNP). Nothing about a real person beyond what the
sheet says; what the sheet marks [memory] is graded F6 and due for review.

Grades: official texts (UN, Federal Register, EUR-Lex) A1; analyses (GI-TOC) and a
law firm's note (Willkie) B2; news C2/C3; the statement of Kenya's Ministry of
Interior B3; [memory] F6.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date
REVIEW = D(2027, 6, 30)
REVIEW_SOON = D(2026, 6, 30)  # [memory] facts: to check first

GITOC = "GI-TOC risk bulletin, https://riskbulletins.globalinitiative.net/ht-obs-001/"
FIDES = "Fides, https://fides.org/en/news/74725"
RUETIR = "ruetir.com, 14 Mar 2024"
WILLKIE = "Willkie Compliance Concourse, UN designates 4 Haitian gang leaders (Dec 2023)"
SC16195 = "UN press SC/16195 (Res 2794), via globalsecurity.org"
EURLEX = "EUR-Lex, Council Decision (CFSP) 2024/2756"
FEDREG = "Federal Register 2025-07464 (FTO designations of Viv Ansanm and Gran Grif)"
KENYA = "Statement of Kenya's Ministry of Interior (early 2025)"
MEMORY = "DOMAIN.md [memory]: unconfirmed"
DOMAIN_HNP = "https://fr.m.wikipedia.org/wiki/Police_nationale_d'Ha%C3%AFti"

A1 = {"reliability": "A", "credibility": 1, "review_on": REVIEW}
B2 = {"reliability": "B", "credibility": 2, "review_on": REVIEW}
B3 = {"reliability": "B", "credibility": 3, "review_on": REVIEW}
C3 = {"reliability": "C", "credibility": 3, "review_on": REVIEW}
F6 = {"reliability": "F", "credibility": 6, "review_on": REVIEW_SOON}

# name: kind, base communes (P-codes), founded_on, precision, operational_on, description
GROUPS: list[dict[str, Any]] = [
    {
        "name": "Viv Ansanm",
        "kind": "coalition",
        "communes": ["HT0111", "HT0112"],
        "founded_on": D(2023, 9, 22),
        "operational_on": D(2024, 2, 29),
        "description": "Alliance of G9 an Fanmi e Alye and G-Pèp, announced around "
        "22 Sep 2023; coordinated attacks from 29 Feb 2024 (the GI-TOC dates its "
        "formation to that day).",
        "aliases": [
            ("Vivre Ensemble", "fr", "spelling", GITOC, B2),
            ("Living Together", "en", "spelling", GITOC, B2),
        ],
    },
    {
        "name": "G9 an Fanmi e Alye",
        "kind": "coalition",
        "communes": ["HT0112", "HT0111"],
        "founded_on": D(2020, 6, 1),
        "founded_precision": "month",
        "description": "Federation of nine gangs founded in June 2020 by Jimmy Chérizier; "
        "base Delmas 6 / Lower Delmas. Extortion, kidnapping, control of water and "
        "electricity services.",
        "aliases": [
            ("G9 Family and Allies", "en", "acled", FIDES, C3),
            ("G9", "ht", "nickname", FIDES, C3),
        ],
    },
    {
        "name": "G-Pèp",
        "kind": "coalition",
        "communes": ["HT0117"],
        "description": "Led by Gabriel Jean-Pierre “Ti Gabriel”; rival of G9 until 2023.",
        "aliases": [
            ("G-People", "en", "spelling", RUETIR, C3),
            ("G-Pep", "en", "acled", RUETIR, C3),
        ],
    },
    {
        "name": "Delmas 6",
        "kind": "gang",
        "communes": ["HT0112", "HT0111"],
        "description": "Chérizier's base: Delmas 6, Lower Delmas, La Saline, Bel-Air fringe.",
        "aliases": [
            ("Delmas 6 Gang", "en", "acled", FIDES, C3),
            ("Delma 6", "ht", "spelling", MEMORY, F6),
        ],
    },
    {
        "name": "Nan Brooklyn",
        "kind": "gang",
        "communes": ["HT0117"],
        "description": "Ti Gabriel's gang in Brooklyn, Cité Soleil.",
        "aliases": [("Brooklyn", "ht", "nickname", RUETIR, C3)],
    },
    {
        "name": "5 Segonn",
        "kind": "gang",
        "communes": ["HT0111"],
        "description": "Village de Dieu, downtown Port-au-Prince. Heavily armed (FN FAL "
        "rifles); branded itself a “security force” in 2024.",
        "aliases": [
            ("5 Secondes", "fr", "spelling", WILLKIE, B2),
            ("5 Segond", "en", "spelling", WILLKIE, B2),
            ("Gang 5 Segond", "en", "spelling", "EU listing of 15 Dec 2025", B2),
            ("Village de Dieu", "fr", "nickname", WILLKIE, C3),
        ],
    },
    {
        "name": "Grand Ravine",
        "kind": "gang",
        "communes": ["HT0111"],
        "description": "Grand Ravine / Martissant, Port-au-Prince.",
        "aliases": [("Gran Ravin", "ht", "spelling", WILLKIE, B2)],
    },
    {
        "name": "Kraze Baryè",
        "kind": "gang",
        "communes": ["HT0118", "HT0131"],
        "description": "Tabarre, Torcelle, Croix-des-Bouquets; raids into the Kenscoff "
        "and Pétion-Ville hills.",
        "aliases": [
            ("Kraze Barye", "en", "acled", WILLKIE, B2),
            ("Casse Barrière", "fr", "spelling", MEMORY, F6),
        ],
    },
    {
        "name": "400 Mawozo",
        "kind": "gang",
        "communes": ["HT0131", "HT0133"],
        "description": "Croix-des-Bouquets, Ganthier, Plaine du Cul-de-Sac. Mass "
        "kidnappings, including 17 people of a US religious group in Oct 2021.",
        "aliases": [("400 Mawozo Gang", "en", "acled", "ACLED sample (acledR), 2022", B2)],
    },
    {
        "name": "Canaan",
        "kind": "gang",
        "communes": ["HT0131", "HT0142"],
        "description": "Canaan (north of Port-au-Prince), the Cabaret axis, the Centre. "
        "Named for the Mirebalais attack of 31 Mar 2025.",
        "aliases": [("Taliban", "ht", "nickname", MEMORY, {**F6, "credibility": 5})],
    },
    {
        "name": "Bel Air gang",
        "kind": "gang",
        "communes": ["HT0111"],
        "description": "Bel-Air, downtown Port-au-Prince: extortion, kidnappings, "
        "“illicit taxation”.",
        "aliases": [("Gang Bel-Air", "fr", "spelling", SC16195, A1)],
    },
    {
        "name": "Ti Bwa",
        "kind": "gang",
        "communes": [],
        "description": "Port-au-Prince south / Carrefour area [memory, low confidence]; "
        "supported by Dimitri Hérard.",
        "aliases": [("Ti Bois", "fr", "spelling", MEMORY, F6)],
    },
    {
        "name": "Wharf Jérémie",
        "kind": "gang",
        "communes": ["HT0111"],
        "description": "Near Cité Soleil. Ordered the early-December 2024 massacre of at "
        "least 207 people. Its leader's name is uncertain in the sources.",
        "aliases": [("Wharf Jeremie", "en", "spelling", MEMORY, F6)],
    },
    {
        "name": "Gran Grif",
        "kind": "gang",
        "communes": ["HT0542"],
        "description": "Savien / Ségur-Savien, Pont-Sondé, Bas-Artibonite. Created about "
        "a decade ago when ex-deputy Prophane Victor armed youths. Pont-Sondé massacre, "
        "3 Oct 2024.",
        "aliases": [
            ("Gran Grif Gang", "en", "acled", "ACLED", B2),
            ("Grand Griffe", "fr", "spelling", MEMORY, F6),
        ],
    },
    {
        "name": "Kokorat San Ras",
        "kind": "gang",
        "communes": [],
        "description": "Rural gang of Artibonite along National Road 5 (La Plate, "
        "Odigé, Bera, Pendu): bus kidnappings, ambushes on police.",
        "aliases": [("Kokorat Sans Ras", "fr", "spelling", MEMORY, F6)],
    },
    {
        "name": "Haitian National Police",
        "kind": "state_force",
        "communes": ["HT0118"],
        "founded_on": D(1995, 6, 12),
        "description": "Created 12 Jun 1995 under the law of 29 Nov 1994; HQ Tabarre 25.",
        "aliases": [
            ("Police nationale d'Haïti", "fr", "spelling", DOMAIN_HNP, A1),
            ("PNH", "fr", "nickname", DOMAIN_HNP, A1),
            ("HNP", "en", "nickname", DOMAIN_HNP, A1),
            ("Police Forces of Haiti", "en", "acled", "ACLED actor list", B2),
        ],
    },
    {
        "name": "Forces Armées d'Haïti",
        "kind": "state_force",
        "communes": [],
        "description": "Re-established in 2017 [memory].",
        "aliases": [
            ("FAd'H", "fr", "nickname", MEMORY, F6),
            ("Military Forces of Haiti", "en", "acled", MEMORY, F6),
        ],
    },
    {
        "name": "Multinational Security Support Mission",
        "kind": "other",
        "communes": [],
        "founded_on": D(2023, 10, 2),
        "description": "The mission authorized by Res 2699 (2023); the Gang Suppression "
        "Force from October 2025 (Res 2793).",
        "aliases": [
            ("Multinational Security Support Mission in Haiti", "en", "acled", "ACLED", B2),
            ("MSS", "en", "nickname", "S/RES/2699 (2023)", A1),
            ("Mission multinationale d'appui à la sécurité", "fr", "spelling", "S/RES/2699", A1),
            ("Gang Suppression Force", "en", "spelling", "S/RES/2793 (2025)", A1),
        ],
    },
]

# (group, status, on, reason, source, grade, evidence incidents (demo slugs),
#  evidence operations (names))
STATUS: list[tuple[Any, ...]] = [
    (
        "Viv Ansanm",
        "active",
        D(2024, 2, 29),
        "Coordinated attacks on prisons, police stations, government buildings and the airport.",
        GITOC,
        B2,
        [],
        [],
    ),
    (
        "G9 an Fanmi e Alye",
        "active",
        D(2020, 6, 1),
        "Founded by Jimmy Chérizier.",
        FIDES,
        C3,
        [],
        [],
    ),
    ("Delmas 6", "active", D(2020, 6, 1), "At the base of the G9 federation.", FIDES, C3, [], []),
    (
        "Delmas 6",
        "destabilized",
        D(2024, 9, 30),
        "Named as destabilized in the statement "
        "of Kenya's Ministry of Interior (early 2025); dated here by the end of the joint "
        "operation in Delmas, Bel-Air and Solino.",
        KENYA,
        B3,
        ["delmas-clash-2024-09"],
        ["Joint operation Delmas / Bel-Air / Solino (Sep 2024)"],
    ),
    (
        "Kraze Baryè",
        "active",
        D(2023, 12, 8),
        "Its leader UN-listed for the gang's violence.",
        WILLKIE,
        B2,
        [],
        [],
    ),
    (
        "Kraze Baryè",
        "destabilized",
        D(2025, 2, 3),
        "Named as destabilized in the statement "
        "of Kenya's Ministry of Interior (early 2025); dated here by the Kenscoff attack "
        "that followed its raids in the hills.",
        KENYA,
        B3,
        ["kenscoff-attack-2025-02"],
        [],
    ),
    (
        "Gran Grif",
        "active",
        D(2024, 10, 3),
        "Pont-Sondé massacre (at least 70 killed per the UN).",
        "https://haitialaune.com/2024/10/03/",
        C3,
        [],
        [],
    ),
    (
        "Gran Grif",
        "destabilized",
        D(2025, 2, 23),
        "Named as destabilized in the statement "
        "of Kenya's Ministry of Interior (early 2025); dated here by Operation Savien.",
        KENYA,
        B3,
        ["segur-savien-2025-02-23", "pont-sonde-ambush-2025-03-25"],
        ["Operation Savien (23 Feb 2025)"],
    ),
]

# name: born_on, precision, aliases [(alias, language)], source, grade
PERSONS: list[dict[str, Any]] = [
    {
        "name": "Jimmy Chérizier",
        "born_on": D(1977, 1, 1),
        "born_precision": "year",
        "aliases": [("Barbecue", "ht"), ("Jimmy Cherizier", "en")],
        "source": FIDES,
        "grade": C3,
        "description": "Former police officer, dismissed in December 2018 over the La Saline "
        "massacre. US indictment unsealed 12 Aug 2025; $5M reward (INL).",
    },
    {
        "name": "Gabriel Jean-Pierre",
        "aliases": [("Ti Gabriel", "ht")],
        "source": RUETIR,
        "grade": C3,
    },
    {"name": "Johnson André", "aliases": [("Izo", "ht")], "source": MEMORY, "grade": F6},
    {"name": "Renel Destina", "aliases": [("Ti Lapli", "ht")], "source": MEMORY, "grade": F6},
    {"name": "Vitel'Homme Innocent", "aliases": [], "source": MEMORY, "grade": F6},
    {
        "name": "Wilson Joseph",
        "aliases": [("Lanmò Sanjou", "ht"), ("Lanmò San Jou", "ht")],
        "source": MEMORY,
        "grade": F6,
    },
    {
        "name": "Jeff Larose",
        "aliases": [("Gwo Lwa", "ht")],
        "source": "https://www.devdiscourse.com/article/law-order/3329152",
        "grade": C3,
    },
    {"name": "Kempes Sanon", "aliases": [], "source": SC16195, "grade": A1},
    {
        "name": "Dimitri Hérard",
        "aliases": [],
        "source": SC16195,
        "grade": A1,
        "description": "Former head of President Moïse's palace security unit (USGPN); arms "
        "trafficker.",
    },
    {
        "name": "Luckson Elan",
        "born_on": D(1988, 1, 6),
        "aliases": [("Général Luckson", "fr")],
        "source": EURLEX,
        "grade": A1,
    },
    {
        "name": "Prophane Victor",
        "aliases": [],
        "source": EURLEX,
        "grade": A1,
        "description": "Former deputy for Petite-Rivière-de-l'Artibonite; the first former "
        "Haitian parliamentarian on the UN list.",
    },
]

# (kind, subject: ("person"|"group", name), group, role, starts_on, ends_on, source, grade, note)
RELATIONS: list[tuple[Any, ...]] = [
    ("membership", ("group", "G9 an Fanmi e Alye"), "Viv Ansanm", "", None, None, GITOC, B2, ""),
    ("membership", ("group", "G-Pèp"), "Viv Ansanm", "", None, None, GITOC, B2, ""),
    (
        "membership",
        ("group", "Delmas 6"),
        "G9 an Fanmi e Alye",
        "",
        D(2020, 6, 1),
        None,
        FIDES,
        C3,
        "",
    ),
    ("membership", ("group", "Nan Brooklyn"), "G-Pèp", "", None, None, RUETIR, C3, ""),
    ("membership", ("group", "5 Segonn"), "Viv Ansanm", "", None, None, WILLKIE, B2, ""),
    ("membership", ("group", "Grand Ravine"), "Viv Ansanm", "", None, None, WILLKIE, B2, ""),
    ("membership", ("group", "Kraze Baryè"), "Viv Ansanm", "", None, None, WILLKIE, B2, ""),
    (
        "membership",
        ("group", "Canaan"),
        "Viv Ansanm",
        "",
        None,
        None,
        "https://www.devdiscourse.com/article/law-order/3329152",
        C3,
        "",
    ),
    (
        "rivalry",
        ("group", "G-Pèp"),
        "G9 an Fanmi e Alye",
        "",
        None,
        D(2023, 9, 22),
        RUETIR,
        C3,
        "Rivals until 2023; allied in Viv Ansanm from its announcement.",
    ),
    (
        "alliance",
        ("group", "G-Pèp"),
        "G9 an Fanmi e Alye",
        "",
        D(2023, 9, 22),
        None,
        GITOC,
        B2,
        "Allied in Viv Ansanm.",
    ),
    (
        "membership",
        ("person", "Jimmy Chérizier"),
        "G9 an Fanmi e Alye",
        "leader",
        D(2020, 6, 1),
        None,
        FIDES,
        C3,
        "",
    ),
    ("membership", ("person", "Jimmy Chérizier"), "Delmas 6", "leader", None, None, FIDES, C3, ""),
    (
        "membership",
        ("person", "Jimmy Chérizier"),
        "Viv Ansanm",
        "leader",
        None,
        None,
        GITOC,
        B2,
        "Its figurehead.",
    ),
    (
        "membership",
        ("person", "Gabriel Jean-Pierre"),
        "G-Pèp",
        "leader",
        None,
        None,
        RUETIR,
        C3,
        "",
    ),
    (
        "membership",
        ("person", "Gabriel Jean-Pierre"),
        "Nan Brooklyn",
        "leader",
        None,
        None,
        RUETIR,
        C3,
        "",
    ),
    ("membership", ("person", "Johnson André"), "5 Segonn", "leader", None, None, WILLKIE, B2, ""),
    (
        "membership",
        ("person", "Renel Destina"),
        "Grand Ravine",
        "leader",
        None,
        None,
        WILLKIE,
        B2,
        "",
    ),
    (
        "membership",
        ("person", "Vitel'Homme Innocent"),
        "Kraze Baryè",
        "leader",
        None,
        None,
        WILLKIE,
        B2,
        "",
    ),
    (
        "membership",
        ("person", "Wilson Joseph"),
        "400 Mawozo",
        "leader",
        None,
        None,
        WILLKIE,
        B2,
        "",
    ),
    (
        "membership",
        ("person", "Jeff Larose"),
        "Canaan",
        "leader",
        None,
        None,
        "https://www.devdiscourse.com/article/law-order/3329152",
        C3,
        "",
    ),
    (
        "membership",
        ("person", "Kempes Sanon"),
        "Bel Air gang",
        "leader",
        None,
        None,
        SC16195,
        A1,
        "",
    ),
    ("membership", ("person", "Dimitri Hérard"), "Ti Bwa", "sponsor", None, None, SC16195, A1, ""),
    ("membership", ("person", "Luckson Elan"), "Gran Grif", "leader", None, None, EURLEX, A1, ""),
    (
        "membership",
        ("person", "Prophane Victor"),
        "Gran Grif",
        "sponsor",
        None,
        None,
        EURLEX,
        A1,
        "Armed the youths the gang grew from.",
    ),
]

# (group, commune P-code, section P-code, control, starts_on, ends_on, source, grade)
TERRITORIES: list[tuple[Any, ...]] = [
    ("Delmas 6", "HT0112", None, "controls", D(2020, 6, 1), None, FIDES, C3),
    ("Nan Brooklyn", "HT0117", None, "controls", None, None, RUETIR, C3),
    ("5 Segonn", "HT0111", None, "controls", None, None, WILLKIE, B2),
    ("Grand Ravine", "HT0111", None, "contests", None, None, WILLKIE, B2),
    ("Bel Air gang", "HT0111", None, "contests", None, None, SC16195, A1),
    ("Viv Ansanm", "HT0111", None, "controls", D(2024, 2, 29), None, GITOC, B2),
    (
        "Viv Ansanm",
        "HT0621",
        None,
        "contests",
        D(2025, 3, 31),
        None,
        "https://noticias.uol.com.br/ultimas-noticias/afp/2025/08/12/",
        C3,
    ),
    ("Kraze Baryè", "HT0118", None, "controls", None, None, WILLKIE, B2),
    ("Kraze Baryè", "HT0115", None, "contests", None, None, WILLKIE, B2),
    ("Kraze Baryè", "HT0114", None, "contests", None, None, WILLKIE, B2),
    ("400 Mawozo", "HT0131", None, "controls", None, None, WILLKIE, B2),
    ("400 Mawozo", "HT0133", None, "controls", None, None, WILLKIE, B2),
    (
        "Canaan",
        "HT0131",
        None,
        "controls",
        None,
        None,
        "https://www.devdiscourse.com/article/law-order/3329152",
        C3,
    ),
    (
        "Canaan",
        "HT0142",
        None,
        "contests",
        None,
        None,
        "https://www.devdiscourse.com/article/law-order/3329152",
        C3,
    ),
    (
        "Gran Grif",
        "HT0542",
        None,
        "controls",
        None,
        None,
        "https://euro.dayfr.com/world/2163830.html",
        C3,
    ),
    (
        "Gran Grif",
        "HT0531",
        None,
        "contests",
        D(2024, 10, 3),
        None,
        "https://haitialaune.com/2024/10/03/",
        C3,
    ),
]

# (target: ("person"|"group", name), authority, programme, instrument, listed_on,
#  reference, source, grade)
DESIGNATIONS: list[tuple[Any, ...]] = [
    (
        ("person", "Jimmy Chérizier"),
        "un",
        "Res 2653",
        "S/RES/2653 (2022), annex",
        D(2022, 10, 21),
        "",
        "news.yahoo.com",
        B2,
    ),
    (
        ("person", "Jimmy Chérizier"),
        "us",
        "Global Magnitsky",
        "OFAC (December 2020; the day is not in the sources)",
        D(2020, 12, 1),
        "",
        FIDES,
        C3,
    ),
    (
        ("person", "Johnson André"),
        "un",
        "Res 2653",
        "Committee decision",
        D(2023, 12, 8),
        "",
        WILLKIE,
        B2,
    ),
    (
        ("person", "Renel Destina"),
        "un",
        "Res 2653",
        "Committee decision",
        D(2023, 12, 8),
        "",
        WILLKIE,
        B2,
    ),
    (
        ("person", "Vitel'Homme Innocent"),
        "un",
        "Res 2653",
        "Committee decision",
        D(2023, 12, 8),
        "",
        WILLKIE,
        B2,
    ),
    (
        ("person", "Wilson Joseph"),
        "un",
        "Res 2653",
        "Committee decision",
        D(2023, 12, 8),
        "",
        WILLKIE,
        B2,
    ),
    (
        ("person", "Prophane Victor"),
        "un",
        "Res 2653",
        "Committee decision",
        D(2024, 9, 27),
        "",
        EURLEX,
        A1,
    ),
    (
        ("person", "Luckson Elan"),
        "un",
        "Res 2653",
        "Committee decision",
        D(2024, 9, 27),
        "",
        EURLEX,
        A1,
    ),
    (
        ("person", "Prophane Victor"),
        "us",
        "OFAC SDN",
        "OFAC designation",
        D(2024, 9, 25),
        "",
        "menafn 1108716153",
        C3,
    ),
    (
        ("person", "Luckson Elan"),
        "us",
        "OFAC SDN",
        "OFAC designation",
        D(2024, 9, 25),
        "",
        "menafn 1108716153",
        C3,
    ),
    (
        ("person", "Dimitri Hérard"),
        "un",
        "Res 2653",
        "S/RES/2794 (2025), annex",
        D(2025, 10, 17),
        "",
        SC16195,
        A1,
    ),
    (
        ("person", "Kempes Sanon"),
        "un",
        "Res 2653",
        "S/RES/2794 (2025), annex",
        D(2025, 10, 17),
        "",
        SC16195,
        A1,
    ),
    (
        ("person", "Dimitri Hérard"),
        "us",
        "OFAC SDN",
        "US designation",
        D(2025, 10, 17),
        "",
        "menafn 1110213291",
        C3,
    ),
    (
        ("person", "Kempes Sanon"),
        "us",
        "OFAC SDN",
        "US designation",
        D(2025, 10, 17),
        "",
        "menafn 1110213291",
        C3,
    ),
    (
        ("group", "Viv Ansanm"),
        "us",
        "FTO",
        "State Department, Federal Register notice",
        D(2025, 5, 2),
        "2025-07464",
        FEDREG,
        A1,
    ),
    (
        ("group", "Viv Ansanm"),
        "us",
        "SDGT",
        "State Department, E.O. 13224",
        D(2025, 5, 2),
        "2025-07464",
        FEDREG,
        A1,
    ),
    (
        ("group", "Gran Grif"),
        "us",
        "FTO",
        "State Department, Federal Register notice",
        D(2025, 5, 2),
        "2025-07464",
        FEDREG,
        A1,
    ),
    (
        ("group", "Gran Grif"),
        "us",
        "SDGT",
        "State Department, E.O. 13224",
        D(2025, 5, 2),
        "2025-07464",
        FEDREG,
        A1,
    ),
    (
        ("group", "5 Segonn"),
        "eu",
        "CFSP 2022/2319",
        "Council listing of 15 Dec 2025",
        D(2025, 12, 15),
        "Gang 5 Segond",
        "stage.internationaltradetoday.com",
        C3,
    ),
]

# (group, on, low, high, source, grade)
STRENGTHS: list[tuple[Any, ...]] = [
    ("Gran Grif", D(2024, 10, 3), 100, 100, "https://haitiinfospro.com/ (about 100 members)", C3),
]
