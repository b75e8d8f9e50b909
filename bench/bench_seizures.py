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
import hashlib
import os
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402

ITEMS_PER_SEIZURE = 4
KINDS = ("firearm", "ammunition", "drug", "cash")


def _db_row(obj: object, connection: Any) -> dict[str, object]:
    """``obj``'s columns as the database stores them (as an INSERT of Django would)."""
    return {
        f.column: f.get_db_prep_save(f.pre_save(obj, True), connection)  # type: ignore[attr-defined]
        for f in obj._meta.concrete_fields  # type: ignore[attr-defined]
    }


def _insert(connection: Any, table: str, columns: list[str]) -> str:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names are the models' own, quoted by the backend.
    return f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"  # noqa: S608


def populate(items: int, entries: int) -> None:
    """``items`` items (4 a seizure) with ``entries`` entries each, with valid chains.

    Everything by ``executemany`` of rows as the database stores them: a seizure and
    an item of each kind are made once by the models (every column, defaults
    included), and copied with what differs; an entry's canonical JSON is built as
    the check reads it (``chain.HASHED_FIELDS``' canonical text) and hashed, and the
    same texts are the row (on SQLite ids as 32 hex digits and times without the
    ``T``/``Z``, as Django stores them)."""
    import orjson
    from django.db import connection, transaction

    from konbit.accounts.models import User
    from konbit.core.bulk import paused_gc
    from konbit.forces.models import Contingent, Country
    from konbit.seizures import chain, tally
    from konbit.seizures.models import Calibre, CustodyEvent, DrugSubstance, SeizedItem, Seizure
    from konbit.seizures.services.seizures import month_of

    actor = User.objects.get(username="bench")
    country = Country.objects.create(iso3="KEN", name="Kenya")
    contingent = Contingent.objects.create(country=country, name="Kenya contingent")
    calibres = [
        SeizedItem._meta.get_field("calibre").get_db_prep_save(c.pk, connection)
        for c in Calibre.objects.all()
    ]
    cocaine = DrugSubstance.objects.get(name="cocaine hydrochloride")
    start = dt.datetime(2024, 7, 1, 8, tzinfo=dt.UTC)
    communes = ["HT0111", "HT0112", "HT0113", "HT0117", "HT0532"]
    sqlite = connection.vendor == "sqlite"

    seizure_row = _db_row(
        Seizure(
            seized_at=start,
            seized_month=month_of(start),
            location="Bench place",
            seizing_contingent=contingent,
            created_by=actor,
            updated_by=actor,
        ),
        connection,
    )
    kinds: dict[str, dict[str, object]] = {}
    for kind, extra in (  # type: ignore[assignment]
        ("firearm", {"firearm_type": "pistol", "country_of_manufacture": "USA"}),
        ("ammunition", {"count": 50}),
        ("drug", {"substance": cocaine, "net_weight_g": Decimal("125.500")}),
        ("cash", {"currency": "USD", "amount": Decimal("100.00")}),
    ):
        template = SeizedItem(
            seizure_id=uuid.uuid4(),
            exhibit_number="X",
            kind=kind,
            created_by=actor,
            updated_by=actor,
            holder=actor,
            location_now="Bench store",
            chain_length=entries,
            **extra,
        )
        kinds[kind] = _db_row(template, connection)
    month_field = Seizure._meta.get_field("seized_month")
    seizure_columns = list(seizure_row)
    item_columns = list(kinds["firearm"])
    entry_columns = [*chain._TEXT_KEYS, "hash"]
    entry_columns = [CustodyEvent._meta.get_field(n).column for n in entry_columns]  # type: ignore[union-attr,misc]
    insert_seizure = _insert(connection, Seizure._meta.db_table, seizure_columns)
    insert_item = _insert(connection, SeizedItem._meta.db_table, item_columns)
    insert_entry = _insert(connection, CustodyEvent._meta.db_table, entry_columns)

    def ids() -> tuple[str, object]:
        """A new id: its canonical text, and as the database takes it."""
        value = uuid.uuid4()
        return str(value), (value.hex if sqlite else str(value))

    def when(moment: dt.datetime) -> tuple[str, object]:
        text = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return text, (moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else text)

    actor_text = str(actor.pk)
    empty: dict[str, Any] = dict.fromkeys(chain._TEXT_KEYS, "")
    empty.update(
        recorded_by_id=actor_text,
        from_user_id=None,
        weight_g=None,
        answers_id=None,
        corrects_id=None,
    )
    # On SQLite, where the row's ids and times are (the others are None or the same).
    keys = chain._TEXT_KEYS
    uuid_at = [keys.index(n) for n in ("id", "item_id", "recorded_by_id", "to_user_id")]
    time_at = [keys.index(n) for n in ("occurred_at", "recorded_at")]
    batch = 2000
    with paused_gc():
        for low in range(0, items, batch):
            seizures: list[list[Any]] = []
            found: list[list[Any]] = []
            rows: list[list[Any]] = []
            for n in range(low, min(low + batch, items)):
                if n % ITEMS_PER_SEIZURE == 0:
                    seized_at = start + dt.timedelta(hours=n // ITEMS_PER_SEIZURE)
                    seizure_id = ids()[1]
                    seizure = dict(seizure_row)
                    seizure.update(
                        id=seizure_id,
                        seized_at=when(seized_at)[1],
                        seized_month=month_field.get_db_prep_save(month_of(seized_at), connection),
                        location=f"Bench place {n}",
                        commune_pcode=communes[n % len(communes)],
                        persons_arrested=n % 3,
                    )
                    seizures.append([seizure[c] for c in seizure_columns])
                kind = KINDS[n % len(KINDS)]
                item = dict(kinds[kind])
                item_text, item_db = ids()
                item.update(id=item_db, seizure_id=seizure_id, exhibit_number=f"BENCH-{n:07d}")
                if kind == "firearm":
                    item.update(make=f"Bench make {n % 7}", serial_number=f"BSN{n:08d}")
                if kind in ("firearm", "ammunition"):
                    item["calibre_id"] = calibres[n % len(calibres)]
                previous = ""
                for sequence in range(1, entries + 1):
                    values = dict(empty)
                    values.update(
                        id=ids()[0],
                        item_id=item_text,
                        sequence=sequence,
                        kind="seized" if sequence == 1 else "stored",
                        occurred_at=when(seized_at + dt.timedelta(minutes=sequence))[0],
                        recorded_at=when(seized_at + dt.timedelta(minutes=sequence, seconds=5))[0],
                        to_user_id=actor_text if sequence == 1 else None,
                        location=f"Bench store {sequence}",
                        previous_hash=previous,
                    )
                    digest = hashlib.sha256(orjson.dumps(values)).hexdigest()
                    row = list(values.values())
                    if sqlite:  # the database's own forms of ids and times
                        for at in uuid_at:
                            if row[at] is not None:
                                row[at] = row[at].replace("-", "")
                        for at in time_at:
                            row[at] = row[at][:-1].replace("T", " ")
                    row.append(digest)
                    rows.append(row)
                    previous = digest
                item["chain_hash"] = previous
                found.append([item[c] for c in item_columns])
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(insert_seizure, seizures)
                cursor.executemany(insert_item, found)
                cursor.executemany(insert_entry, rows)
    # The seizures went in without the services: their tallies and counts, as they keep them.
    tally.recount()


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
                # As autovacuum leaves a table after a bulk load: statistics, and the
                # visibility map by which a count reads the index alone.
                cursor.execute("VACUUM ANALYZE")
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
