"""Generate an ACLED-format file (the full 31 columns) of N events in Haiti into
``bench/data/`` (git-ignored; never committed), for the operations benchmark.

    .venv/bin/python bench/make_acled.py [--rows 100000] [--output bench/data/acled_100k.csv]

Events are invented from the shapes of the 22-row sample: ACLED's taxonomy, the
communes of Ouest and Artibonite with jittered coordinates (about 2,000 distinct
points, as in real files), multi-line notes, a deterministic seed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
TAXONOMY = HERE.parent / "konbit" / "operations" / "data" / "acled_taxonomy.json"
PLACES = [
    ("Ouest", "Port-au-Prince", "Port-au-Prince", "Port-au-Prince", 18.5435, -72.3388),
    ("Ouest", "Port-au-Prince", "Delmas", "Port-au-Prince - Delmas", 18.5447, -72.3028),
    ("Ouest", "Port-au-Prince", "Cite Soleil", "Port-au-Prince - Cite Soleil", 18.5796, -72.3312),
    ("Ouest", "Port-au-Prince", "Tabarre", "Port-au-Prince - Tabarre", 18.5838, -72.2703),
    ("Ouest", "Port-au-Prince", "Petion-Ville", "Petion-Ville", 18.5125, -72.2853),
    ("Ouest", "Port-au-Prince", "Kenscoff", "Kenscoff", 18.4500, -72.2870),
    ("Ouest", "Croix Des Bouquets", "Croix Des Bouquets", "Croix-des-Bouquets", 18.5768, -72.2263),
    ("Artibonite", "Saint Marc", "Saint Marc", "Saint-Marc", 19.1082, -72.6934),
    ("Artibonite", "Saint Marc", "Saint Marc", "Pont-Sonde", 19.1540, -72.6130),
    ("Artibonite", "Dessalines", "Petite Riviere de l'Artibonite", "Savien", 19.1270, -72.4770),
]
ACTORS = [
    ("Viv Ansanm", 3),
    ("Gran Grif Gang", 3),
    ("Kraze Baryè Gang", 3),
    ("Police Forces of Haiti (2017-)", 1),
    ("Multinational Security Support Mission in Haiti (2024-)", 8),
    ("Civilians (Haiti)", 7),
    ("Protesters (Haiti)", 6),
    ("Bwa Kale", 4),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--output", default=str(HERE / "data" / "acled_100k.csv"))
    args = parser.parse_args()
    taxonomy = json.loads(TAXONOMY.read_text())
    subs = [
        (event, entry["sub_event_type"], entry["disorder_type"])
        for event, entries in taxonomy["event_types"].items()
        for entry in entries
    ]
    rng = random.Random(2699)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    start = dt.date(2021, 1, 1)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(taxonomy["csv_columns_31"])
        for n in range(args.rows):
            event, sub, disorder = rng.choice(subs)
            admin1, admin2, admin3, location, lat, lon = rng.choice(PLACES)
            actor1, inter1 = rng.choice(ACTORS)
            actor2, inter2 = rng.choice([*ACTORS, ("", 0)])
            interaction = 10 * min(inter1, inter2) + max(inter1, inter2) if inter2 else inter1 * 10
            date = start + dt.timedelta(days=rng.randrange(1800))
            fatalities = rng.choice([0, 0, 0, 1, 2, 3, 5, 12])
            writer.writerow(
                [
                    f"HTI{100000 + n}",
                    date.isoformat(),
                    date.year,
                    rng.choice([1, 1, 1, 2, 3]),
                    disorder,
                    event,
                    sub,
                    actor1,
                    "",
                    inter1,
                    actor2,
                    "",
                    inter2 or "",
                    interaction,
                    rng.choice(["", "", "Civilian targeting"]),
                    332,
                    "Caribbean",
                    "Haiti",
                    admin1,
                    admin2,
                    admin3,
                    location,
                    round(lat + rng.randrange(-20, 21) * 0.002, 4),
                    round(lon + rng.randrange(-10, 11) * 0.002, 4),
                    rng.choice([1, 1, 2]),
                    "Le Nouvelliste",
                    "National",
                    f"On {date:%d %B %Y}, in {location}, {admin1}, an invented event {n}.\n"
                    f"{fatalities} fatalities.",
                    fatalities,
                    "",
                    1700000000 + n,
                ]
            )
    print(output)


if __name__ == "__main__":
    main()
