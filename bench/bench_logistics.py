"""The logistics benchmark: 5,000 assets with 20 status entries each; the
availability by kind and contingent on a past date (read from the logs) and the
asset list of 100, in process and over HTTP (``/api/v1/assets/availability/?on=``,
``/api/v1/assets/?page_size=100``). Aims: availability under 200 ms, the list
under 10 ms.

    .venv/bin/python bench/bench_logistics.py [--assets 5000] [--entries 20] [--calls 30]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)

The assets are invented and written in bulk (the benchmark's data, not a demo).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402

STATUSES = ["non_operational", "operational", "degraded", "operational", "in_maintenance",
            "operational"]  # fmt: skip
REASONS = {"non_operational": "breakdown", "operational": "repaired", "degraded": "accident",
           "in_maintenance": "scheduled_maintenance"}  # fmt: skip
DAY = "2025-03-25"


def timed(call: Any, calls: int) -> dict[str, float]:
    call()  # warm up
    samples = []
    for _ in range(calls):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    taken = sorted(samples)
    return {
        "calls": calls,
        "median_ms": round(statistics.median(taken), 2),
        "p95_ms": round(taken[max(int(len(taken) * 0.95) - 1, 0)], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assets", type=int, default=5000)
    parser.add_argument("--entries", type=int, default=20)
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
        from konbit.forces import services as forces
        from konbit.logistics import availability
        from konbit.logistics.models import Asset, Kind, StatusEntry
        from konbit.logistics.policies import ASSETS

        actor = User.objects.get(username="bench")
        contingents = [
            forces.contingent_create(actor=actor, iso3=iso3, data={"name": f"{iso3} contingent"})
            for iso3 in ("KEN", "JAM", "GTM", "SLV")
        ]
        kinds = list(Kind.values)
        start = dt.date(2024, 7, 1)
        started = time.perf_counter()
        with transaction.atomic():
            assets, entries = [], []
            for n in range(args.assets):
                received = start + dt.timedelta(days=n % 60)
                last = STATUSES[(n + args.entries - 2) % len(STATUSES)]
                asset = Asset(
                    kind=kinds[n % len(kinds)],
                    make_model="Bench vehicle",
                    identifier=f"BENCH-{n:06d}",
                    contingent=contingents[n % len(contingents)],
                    ownership="contingent",
                    received_on=received,
                    base_location="Bench base",
                    status=last if args.entries > 1 else "operational",
                    status_since=received,
                    created_by=actor,
                    updated_by=actor,
                )
                assets.append(asset)
                entries.append(StatusEntry(asset=asset, sequence=1, on=received,
                                           status="operational", reason="received",
                                           created_by=actor, updated_by=actor))  # fmt: skip
                for k in range(1, args.entries):
                    status = STATUSES[(n + k - 1) % len(STATUSES)]
                    entries.append(
                        StatusEntry(
                            asset=asset,
                            sequence=k + 1,
                            on=received + dt.timedelta(days=k * 30 + n % 17),
                            status=status,
                            reason=REASONS[status],
                            created_by=actor,
                            updated_by=actor,
                        )
                    )
            Asset.objects.bulk_create(assets, batch_size=2000)
            StatusEntry.objects.bulk_create(entries, batch_size=5000)
        loading = time.perf_counter() - started
        day = dt.date.fromisoformat(DAY)
        figures = availability.on_date(ASSETS.visible(actor), day)
        assert figures["total"]["held"] == args.assets
        on_date = timed(lambda: availability.on_date(ASSETS.visible(actor), day), args.calls)
        listing = timed(
            lambda: list(ASSETS.visible(actor).order_by("kind", "identifier")[:100]), args.calls
        )
        with harness.serve(db) as server:
            http = harness.latencies(
                server,
                {
                    "availability": f"/api/v1/assets/availability/?on={DAY}",
                    "availability_by_month": f"/api/v1/assets/availability/?on={DAY}"
                    "&since=2025-01-01&until=2025-12-31",
                    "list_100": "/api/v1/assets/?page_size=100",
                },
                token,
                requests=args.calls,
            )
    harness.emit(
        {
            "benchmark": "logistics",
            "database": "postgresql" if base_url else "sqlite",
            "assets": args.assets,
            "entries": args.assets * args.entries,
            "loading_seconds": round(loading, 2),
            "availability_on_date_in_process": on_date,
            "list_100_in_process": listing,
            "http": http,
        }
    )


if __name__ == "__main__":
    main()
