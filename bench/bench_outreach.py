"""The outreach benchmark: the statistics (by month, commune, kind, topic and
audience) over 50,000 activities, in process and over HTTP
(``/api/v1/outreach-activities/stats/``, unfiltered and filtered). Issue 14's aim:
under 200 ms.

    .venv/bin/python bench/bench_outreach.py [--activities 50000] [--calls 30]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)

The activities are invented and written in bulk (the benchmark's data, not a demo).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402

COMMUNES = ["HT0111", "HT0112", "HT0113", "HT0114", "HT0115", "HT0117", "HT0118", "HT0131",
            "HT0531", "HT0532", "HT0542", "HT0611"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL") or None
    with harness.database(base_url) as db:
        token = harness.prepare(db, demo=False)
        os.environ.update(db.env)
        os.environ["KONBIT_ENV"] = "local"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konbit.settings")
        import django

        django.setup()
        from django.db import transaction

        from konbit.accounts.models import User
        from konbit.core.policies import policy_for
        from konbit.forces import services as forces
        from konbit.outreach.models import Activity, Kind, TopicCode, topics_text
        from konbit.outreach.stats import activity_stats

        actor = User.objects.get(username="bench")
        contingents = [
            forces.contingent_create(actor=actor, iso3=iso3, data={"name": f"{iso3} contingent"})
            for iso3 in ("KEN", "JAM", "GTM")
        ]
        kinds, topics = list(Kind.values), list(TopicCode.values)
        start = dt.date(2024, 7, 1)
        started = time.perf_counter()
        with transaction.atomic():
            rows = [
                Activity(
                    kind=kinds[n % len(kinds)],
                    held_on=start + dt.timedelta(days=n % 700),
                    commune_id=COMMUNES[n % len(COMMUNES)],
                    venue=f"Bench venue {n % 400}",
                    contingent=contingents[n % len(contingents)],
                    girls=n % 40,
                    boys=(n * 7) % 45,
                    women=(n * 3) % 30,
                    men=(n * 5) % 25,
                    topics=topics_text(topics[(n + k) % len(topics)] for k in range(1 + n % 3)),
                    created_by=actor,
                    updated_by=actor,
                )
                for n in range(args.activities)
            ]
            Activity.objects.bulk_create(rows, batch_size=2000)
        loading = time.perf_counter() - started

        visible = policy_for(Activity).visible(actor)
        figures = activity_stats(visible)  # warm up
        assert figures["total"]["activities"] == args.activities
        samples = []
        for _ in range(args.calls):
            began = time.perf_counter()
            activity_stats(policy_for(Activity).visible(actor))
            samples.append((time.perf_counter() - began) * 1000)

        with harness.serve(db) as server:
            http = harness.latencies(
                server,
                {
                    "all": "/api/v1/outreach-activities/stats/",
                    "filtered": "/api/v1/outreach-activities/stats/"
                    "?since=2025-01-01&topic=child_protection",
                },
                token,
                requests=args.calls,
            )
    taken = sorted(samples)
    harness.emit(
        {
            "benchmark": "outreach",
            "database": "postgresql" if base_url else "sqlite",
            "activities": args.activities,
            "topic_links": sum(1 + n % 3 for n in range(args.activities)),
            "loading_seconds": round(loading, 2),
            "stats_in_process": {
                "calls": args.calls,
                "median_ms": round(statistics.median(taken), 2),
                "p95_ms": round(taken[int(len(taken) * 0.95) - 1], 2),
            },
            "stats_http": http,
        }
    )


if __name__ == "__main__":
    main()
