"""The forces benchmark: importing a roster of 10,000 generated rows (rows/s and peak
memory), re-importing it (a no-op), and the strength at a date with those 10,000
people deployed (median latency of 50 calls, in process and over HTTP).

    .venv/bin/python bench/bench_forces.py [--rows 10000] [--calls 50]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)

The generated roster goes to bench/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402

UNITS = ["Rapid Deployment Unit", "General Service Unit", "Border Patrol Unit", "Medical team"]
SPECIALTIES = ["police_officer", "medical", "mechanic", "communications", "logistics"]


def generate(path: Path, rows: int) -> None:
    """An invented roster: BENCH- service numbers, arrivals over a year."""
    path.parent.mkdir(parents=True, exist_ok=True)
    start = dt.date(2024, 6, 25)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["service_number", "rank", "given_name", "family_name", "sex", "date_of_birth",
             "specialty", "unit", "languages", "arrival_date"]
        )  # fmt: skip
        for n in range(1, rows + 1):
            writer.writerow(
                [
                    f"BENCH-{n:06d}",
                    "Constable" if n % 5 else "Sergeant",
                    "Bench",
                    f"Person-{n:06d}",
                    "F" if n % 6 == 0 else "M",
                    (dt.date(1975, 1, 1) + dt.timedelta(days=n % 9000)).strftime("%d/%m/%Y"),
                    SPECIALTIES[n % len(SPECIALTIES)],
                    UNITS[n % len(UNITS)].upper() if n % 10 else "",
                    "en, sw",
                    (start + dt.timedelta(days=n % 365)).isoformat(),
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL") or None
    roster_path = HERE / "data" / f"roster-{args.rows}.csv"
    generate(roster_path, args.rows)
    with harness.database(base_url) as db:
        token = harness.prepare(db, demo=False)
        os.environ.update(db.env)
        os.environ["KONBIT_ENV"] = "local"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konbit.settings")
        import django

        django.setup()
        from konbit.accounts.models import User
        from konbit.forces import services
        from konbit.forces.strength import strength_on

        actor = User.objects.get(username="bench")
        kenya = services.contingent_create(
            actor=actor, iso3="KEN", data={"name": "Kenya contingent", "is_lead_nation": True}
        )
        for name in UNITS:
            services.unit_create(
                actor=actor, data={"contingent": kenya, "name": name, "unit_type": "other"}
            )
        data = roster_path.read_bytes()

        # Timed without tracemalloc (it slows Python several times over); the memory
        # is measured by a dry run of the same file under tracemalloc, and the peak
        # resident size of the process is reported too.
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        result = services.roster_import(
            actor=actor, contingent=kenya, data=data, file_name=roster_path.name
        )
        elapsed = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if not result.written or len(result.plan.creates) != args.rows:
            raise RuntimeError(f"import failed: {result.plan.problems[:5]}")
        tracemalloc.start()
        services.roster_import(
            actor=actor, contingent=kenya, data=data, file_name=roster_path.name, dry_run=True
        )
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        started = time.perf_counter()
        again = services.roster_import(
            actor=actor, contingent=kenya, data=data, file_name=roster_path.name
        )
        reimport = time.perf_counter() - started
        assert again.plan.unchanged == args.rows

        day = dt.date(2025, 1, 4)
        strength_on(day, actor)  # warm up
        samples = []
        for _ in range(args.calls):
            started = time.perf_counter()
            figures = strength_on(day, actor)
            samples.append((time.perf_counter() - started) * 1000)
        total = strength_on(dt.date(2025, 12, 31), actor)["total"]

        with harness.serve(db) as server:
            http = harness.latency(
                server, "/api/v1/strength/?date=2025-01-04", token, requests=args.calls
            )
    harness.emit(
        {
            "benchmark": "forces",
            "database": "postgresql" if base_url else "sqlite",
            "roster_import": {
                "rows": args.rows,
                "seconds": round(elapsed, 2),
                "rows_per_s": round(args.rows / elapsed, 1),
                "peak_python_memory_mb_check_and_plan": round(peak / 1024 / 1024, 1),
                "peak_rss_mb": round(rss_after / 1024, 1),
                "rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
                "reimport_no_op_seconds": round(reimport, 2),
            },
            "strength": {
                "personnel": total,
                "deployed_on_2025_01_04": figures["total"],
                "calls": args.calls,
                "in_process_median_ms": round(statistics.median(samples), 2),
                "http": http,
            },
        }
    )


if __name__ == "__main__":
    main()
