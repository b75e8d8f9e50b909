"""The operations benchmark: the ACLED import of a generated 100,000-row file through
the import pipeline (rows/s, full validation, the fast path; the preview too; the
CPU seconds it took, here and on the PostgreSQL server; the actors hook, which
resolves the actor names at the end of the import, timed apart), then,
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
import os
from django.db import connection
import konbit.operations.acled_write as acled_write
path = Path({path!r})
actor = User.objects.get(username="bench")
TICK = os.sysconf("SC_CLK_TCK")
def cpu():
    # Seconds of CPU of this process and, on PostgreSQL, of its server process: the
    # work of the import whatever else loads the machine.
    own = time.process_time()
    if connection.vendor != "postgresql":
        return own
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{{pid}}/stat").read_text().rsplit(")", 1)[1].split()
    return own + (int(fields[11]) + int(fields[12])) / TICK
# The hooks the import runs at its end (actors resolves the actor names), timed apart.
hook_seconds = [0.0, 0.0]
part_hooks = acled_write.part_hooks
def timed_hooks(name):
    for hook in part_hooks(name):
        def timed(*args, _hook=hook, **kwargs):
            started, used = time.perf_counter(), cpu()
            try:
                return _hook(*args, **kwargs)
            finally:
                hook_seconds[0] += time.perf_counter() - started
                hook_seconds[1] += cpu() - used
        yield timed
acled_write.part_hooks = timed_hooks
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
hook_seconds[:] = [0.0, 0.0]
started, used = time.perf_counter(), cpu()
result = run()
elapsed, used = time.perf_counter() - started, cpu() - used
hook_elapsed, hook_cpu = hook_seconds
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
    "cpu_seconds": round(used, 2), "rows_per_cpu_s": round(result.created / used),
    "of_which_actors_hook_s": round(hook_elapsed, 2),
    "of_which_actors_hook_cpu_s": round(hook_cpu, 2),
    "rows_per_s_without_hook": round(result.created / (elapsed - hook_elapsed)),
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
        load = os.getloadavg()[0]
        out = harness.manage(db, "shell", "-c", IMPORT.format(path=str(path)))
        figures: dict[str, Any] = {"import": json.loads(out.strip().splitlines()[-1])}
        # The machine's load (1-minute average) before and after: the figures are
        # wall-clock times, which a loaded machine stretches (cpu_seconds less so).
        figures["import"]["load_average"] = [round(load, 2), round(os.getloadavg()[0], 2)]
        with harness.serve(db) as server:
            load = os.getloadavg()[0]
            figures["latency"] = harness.latencies(server, PATHS, token, requests=200)
            figures["latency"]["load_average"] = [round(load, 2), round(os.getloadavg()[0], 2)]
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
