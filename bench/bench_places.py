"""The gazetteer's benchmark: point-in-polygon for an importer (``communes_at`` on
100,000 rows, all distinct and with repeats) and the API's places endpoints (lookup,
search, the communes GeoJSON) against a server of its own.

    .venv/bin/python bench/bench_places.py [--requests 200]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

# Run inside the project (manage.py shell): 100,000 points over Haiti's bounding box
# (a third at sea), first all distinct, then drawn from 5,000 distinct points.
LOOKUP = """
import json, time, random
from konbit.places import geo
rng = random.Random(7)
def pts(n):
    return [(round(rng.uniform(18.0, 20.1), 5), round(rng.uniform(-74.5, -71.6), 5))
            for _ in range(n)]
t = time.perf_counter(); geo.commune_at(18.58, -72.33); build = time.perf_counter() - t
out = {"index_build_s": round(build, 3)}
pool = pts(5_000)
for label, points in (("distinct", pts(100_000)),
                      ("repeated", [rng.choice(pool) for _ in range(100_000)])):
    t = time.perf_counter(); found = geo.communes_at(points); s = time.perf_counter() - t
    out[label] = {"rows": len(points), "distinct_points": len(found), "seconds": round(s, 3),
                  "rows_per_s": round(len(points) / s),
                  "inside": sum(1 for m in found.values() if m.distance_km == 0),
                  "nearest_used": sum(1 for m in found.values() if m.pcode and m.distance_km),
                  "none": sum(1 for m in found.values() if m.pcode is None)}
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL") or None
    with harness.database(base_url) as db:
        token = harness.prepare(db, demo=False)
        lookup = json.loads(harness.manage(db, "shell", "-c", LOOKUP).strip().splitlines()[-1])
        with harness.serve(db) as server:
            paths = [
                "/api/v1/places/lookup/?lat=18.58&lon=-72.33",
                "/api/v1/places/communes/?q=cite%20soleil",
                "/api/v1/places/sections/?page_size=500",
                "/api/v1/places/communes/geojson/",
            ]
            api = [harness.latency(server, p, token, requests=args.requests) for p in paths]
    harness.emit(
        {
            "benchmark": "places",
            "database": "postgresql" if base_url else "sqlite",
            "communes_at": lookup,
            "api": api,
        }
    )


if __name__ == "__main__":
    main()
