"""The seizures benchmark: ``verify_custody`` over 100,000 items with 10 custody
entries each (1,000,000 hash-chained entries), and the median latency over HTTP of the
seizure list (100 a page, with their items) and of the statistics over those items.

    .venv/bin/python bench/bench_seizures.py [--items 100000] [--entries 10] [--calls 50]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)

The chains are written in bulk (with their real hashes, as the services compute
them), not through the services: the benchmark measures the check, not the writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402

ITEMS_PER_SEIZURE = 4
KINDS = ("firearm", "ammunition", "drug", "cash")


def populate(items: int, entries: int) -> None:
    """``items`` items (4 a seizure) with ``entries`` entries each. Seizures and items
    by ``bulk_create``; the entries, ten times as many, by ``executemany`` of rows
    adapted for the database (the ORM's bulk_create spends most of its time building
    model objects)."""
    from django.db import connection, transaction

    from konbit.accounts.models import User
    from konbit.forces.models import Contingent, Country
    from konbit.seizures import chain
    from konbit.seizures.models import Calibre, CustodyEvent, DrugSubstance, SeizedItem, Seizure

    actor = User.objects.get(username="bench")
    country = Country.objects.create(iso3="KEN", name="Kenya")
    contingent = Contingent.objects.create(country=country, name="Kenya contingent")
    calibres = list(Calibre.objects.all())
    cocaine = DrugSubstance.objects.get(name="cocaine hydrochloride")
    start = dt.datetime(2024, 7, 1, 8, tzinfo=dt.UTC)
    communes = ["HT0111", "HT0112", "HT0113", "HT0117", "HT0532"]
    sqlite = connection.vendor == "sqlite"
    ops = connection.ops

    def db_uuid(value: uuid.UUID | None) -> object:
        return None if value is None else (value.hex if sqlite else value)

    columns = [*chain.HASHED_FIELDS, "hash"]
    table = CustodyEvent._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names are the model's own, quoted by the backend.
    insert = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"  # noqa: S608
    batch = 2000
    for low in range(0, items, batch):
        with transaction.atomic():
            seizures, found, rows = [], [], []
            for n in range(low, min(low + batch, items)):
                if n % ITEMS_PER_SEIZURE == 0:
                    seized_at = start + dt.timedelta(hours=n // ITEMS_PER_SEIZURE)
                    seizure = Seizure(
                        seized_at=seized_at,
                        location=f"Bench place {n}",
                        commune_pcode=communes[n % len(communes)],
                        seizing_contingent=contingent,
                        persons_arrested=n % 3,
                        created_by=actor,
                        updated_by=actor,
                    )
                    seizures.append(seizure)
                kind = KINDS[n % len(KINDS)]
                item = SeizedItem(
                    seizure=seizure,
                    exhibit_number=f"BENCH-{n:07d}",
                    kind=kind,
                    created_by=actor,
                    updated_by=actor,
                    holder=actor,
                    location_now="Bench store",
                )
                if kind == "firearm":
                    item.firearm_type = "pistol"
                    item.make = f"Bench make {n % 7}"
                    item.calibre = calibres[n % len(calibres)]
                    item.serial_number = f"BSN{n:08d}"
                    item.country_of_manufacture = "USA"
                elif kind == "ammunition":
                    item.calibre = calibres[n % len(calibres)]
                    item.count = 50
                elif kind == "drug":
                    item.substance = cocaine
                    item.net_weight_g = Decimal("125.500")
                else:
                    item.currency = "USD"
                    item.amount = Decimal("100.00")
                previous = ""
                for sequence in range(1, entries + 1):
                    values = dict.fromkeys(chain.HASHED_FIELDS, "")
                    values.update(
                        id=uuid.uuid4(),
                        item_id=item.pk,
                        sequence=sequence,
                        kind="seized" if sequence == 1 else "stored",
                        occurred_at=seized_at + dt.timedelta(minutes=sequence),
                        recorded_at=seized_at + dt.timedelta(minutes=sequence, seconds=5),
                        recorded_by_id=actor.pk,
                        from_user_id=None,
                        to_user_id=actor.pk if sequence == 1 else None,
                        location=f"Bench store {sequence}",
                        weight_g=None,
                        answers_id=None,
                        corrects_id=None,
                        previous_hash=previous,
                    )
                    digest = chain.entry_hash(values)
                    row = []
                    for name in chain.HASHED_FIELDS:
                        value = values[name]
                        if name == "id" or name.endswith("_id"):
                            value = db_uuid(value)
                        elif name in ("occurred_at", "recorded_at"):
                            value = ops.adapt_datetimefield_value(value)
                        row.append(value)
                    rows.append([*row, digest])
                    previous = digest
                item.chain_hash = previous
                item.chain_length = entries
                found.append(item)
            Seizure.objects.bulk_create(seizures)
            SeizedItem.objects.bulk_create(found)
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL") or None
    with harness.database(base_url) as db:
        token = harness.prepare(db, demo=False)
        os.environ.update(db.env)
        os.environ["KONBIT_ENV"] = "local"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konbit.settings")
        import django

        django.setup()
        started = time.perf_counter()
        populate(args.items, args.entries)
        populated = time.perf_counter() - started
        if base_url:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        env = {**os.environ, **db.env, "KONBIT_ENV": "local"}
        started = time.perf_counter()
        done = subprocess.run(
            [harness.PYTHON, "manage.py", "verify_custody"],
            cwd=harness.ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        verified = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"verify_custody failed:\n{done.stderr[-2000:]}")
        with harness.serve(db) as server:
            http = harness.latencies(
                server,
                {
                    "list_100": "/api/v1/seizures/?page_size=100",
                    "list_100_filtered": (
                        "/api/v1/seizures/?page_size=100&contingent=KEN&since=2024-08-01"
                    ),
                    "stats": "/api/v1/seizures/stats/",
                },
                token,
                requests=args.calls,
            )
    harness.emit(
        {
            "benchmark": "seizures",
            "database": "postgresql" if base_url else "sqlite",
            "items": args.items,
            "entries_per_item": args.entries,
            "populate_seconds": round(populated, 1),
            "verify_custody_seconds": round(verified, 2),
            "verify_custody_entries_per_s": round(args.items * args.entries / verified),
            "verify_custody_output": done.stdout.strip(),
            "http": http,
        }
    )


if __name__ == "__main__":
    main()
