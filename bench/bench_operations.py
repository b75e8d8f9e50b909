"""The operations benchmark: the ACLED import of a generated 100,000-row file through
the import pipeline (rows/s, full validation, the fast path; the preview too), then,
on the imported data, the median latency of a list of 100, a filtered list, the
stats and the map data request, and requests/s with 8 clients. On SQLite, and on
PostgreSQL too when BENCH_DATABASE_URL is given.

    .venv/bin/python bench/make_acled.py            # once: bench/data/acled_100k.csv
    .venv/bin/python bench/bench_operations.py [--rows 100000] [--seconds 10]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ...
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402

PATHS = {
    "list_100": "/api/v1/incidents/?page_size=100",
    "filtered_list": (
        "/api/v1/incidents/?event_type=Battles&commune=HT0112&since=2023-01-01&page_size=100"
    ),
    "stats": "/api/v1/incidents/stats/?group_by=month,event_type",
    "map": "/api/v1/incidents/map/?bbox=-72.40,18.50,-72.25,18.60&zoom=13",
}
IMPORT = """
import json, time
from pathlib import Path
from konbit.accounts.models import User
from konbit.core.imports.pipeline import import_now
from konbit.core.tabular import open_table
from konbit.operations.acled import Taxon, check_rows
from konbit.operations.acled_write import CHUNK
path = Path({path!r})
actor = User.objects.get(username="bench")
def run(**options):
    with path.open("rb") as handle:
        return import_now(actor=actor, kind="acled", handle=handle, file_name=path.name,
                          size=path.stat().st_size, options={{"country": ""}}, **options)
# Reading and checking alone, chunk by chunk in one process (the import's first half).
started = time.perf_counter()
with path.open("rb") as handle:
    table = open_table(handle, path.name, size=path.stat().st_size)
    taxon = Taxon()
    for rows in table.chunks(CHUNK):
        check_rows(rows, table.headers, country=None, taxon=taxon)
check_seconds = time.perf_counter() - started
# The preview (a dry run: checked, written and rolled back, for exact counts).
started = time.perf_counter()
preview = run(dry_run=True)
preview_seconds = time.perf_counter() - started
started = time.perf_counter()
result = run()
elapsed = time.perf_counter() - started
started = time.perf_counter()
again = run()
again_elapsed = time.perf_counter() - started
# For scale, the ORM on this machine: bulk_create of 20,000 ready instances (the same
# rows under new keys), rolled back.
import uuid
from django.db import transaction
from konbit.operations.models import Incident
sample = list(Incident.objects.order_by("pk")[:20000])
for number, incident in enumerate(sample):
    incident.pk = uuid.uuid4()
    incident.source_key = f"orm-{{number}}"
    incident.event_id_cnty = f"ORM{{number}}"
    incident._state.adding = True
class Undo(Exception):
    pass
try:
    with transaction.atomic():
        started = time.perf_counter()
        Incident.objects.bulk_create(sample, batch_size=1000)
        orm_elapsed = time.perf_counter() - started
        raise Undo
except Undo:
    pass
print(json.dumps({{"rows": result.created, "seconds": round(elapsed, 2),
    "rows_per_s": round(result.created / elapsed), "problems": result.problem_total,
    "status": result.status,
    "of_which_reading_and_checking_s": round(check_seconds, 2),
    "preview_seconds": round(preview_seconds, 2), "preview_would_create": preview.created,
    "reimport_unchanged": again.unchanged, "reimport_seconds": round(again_elapsed, 2),
    "orm_bulk_create_rows_per_s": round(len(sample) / orm_elapsed)}}))
"""


def source(rows: int) -> Path:
    path = HERE / "data" / f"acled_{rows}.csv"
    if not path.exists():
        subprocess.run(
            [
                harness.PYTHON,
                str(HERE / "make_acled.py"),
                "--rows",
                str(rows),
                "--output",
                str(path),
            ],
            check=True,
            capture_output=True,
        )
    return path


def run(base_url: str | None, path: Path, seconds: float) -> dict[str, Any]:
    with harness.database(base_url) as db:
        token = harness.prepare(db, demo=False)
        out = harness.manage(db, "shell", "-c", IMPORT.format(path=str(path)))
        figures: dict[str, Any] = {"import": json.loads(out.strip().splitlines()[-1])}
        with harness.serve(db) as server:
            figures["latency"] = harness.latencies(server, PATHS, token, requests=200)
            figures["throughput_list_100"] = harness.throughput(
                server, PATHS["list_100"], token, clients=8, seconds=seconds
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    path = source(args.rows)
    result: dict[str, Any] = {"benchmark": "operations", "rows": args.rows}
    result["sqlite"] = run(None, path, args.seconds)
    base_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if base_url:
        result["postgresql"] = run(base_url, path, args.seconds)
    harness.emit(result)


if __name__ == "__main__":
    main()
