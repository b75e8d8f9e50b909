"""The stability benchmark: ``import_indicators`` of an IOM DTM file of 100,000 rows
(every commune, by displacement reason and origin department, round after round),
the same file again (a no-op), and the choropleth's data for the 140 communes at a
date (in the process, and over HTTP).

    .venv/bin/python bench/bench_stability.py [--rows 100000] [--calls 50]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)

The issue's targets: the import under 10 s, the choropleth's data under 50 ms.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402

REASONS = ("Conflict", "Natural disaster", "Other")
HEADER = [
    "id", "operation", "admin0Name", "admin0Pcode", "admin1Name", "admin1Pcode",
    "admin2Name", "admin2Pcode", "numPresentIdpInd", "reportingDate", "roundNumber",
    "displacementReason", "numberMales", "numberFemales", "idpOriginAdmin1Name",
    "idpOriginAdmin1Pcode",
]  # fmt: skip


def write_dtm(path: Path, rows: int, communes: list[tuple[str, str, str]]) -> None:
    """``rows`` rows of DTM's raw API output: each round gives every commune a figure
    by reason and origin department (one sex count in three left empty)."""
    departments = [f"HT{n:02d}" for n in range(1, 11)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        written, round_number = 0, 0
        while written < rows:
            round_number += 1
            day = dt.date(2022, 1, 31) + dt.timedelta(days=30 * round_number)
            for pcode, name, dept in communes:
                for reason in REASONS:
                    for origin in departments:
                        if written >= rows:
                            return
                        total = 10 + (written * 7919) % 5000
                        males = "" if written % 3 == 0 else str(total // 2)
                        out.writerow(
                            [
                                written, "Displacement due to gang violence", "Haiti", "HTI",
                                "", dept, name, pcode, total, f"{day.isoformat()}T00:00:00",
                                round_number, reason, males, total - total // 2, "", origin,
                            ]
                        )  # fmt: skip
                        written += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
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
        from konbit.places.models import Commune

        communes = list(Commune.objects.values_list("pcode", "name", "department_id"))
        path = Path(tempfile.mkdtemp(prefix="konbit-bench-dtm-")) / "dtm.csv"
        write_dtm(path, args.rows, communes)
        env = {**os.environ, **db.env, "KONBIT_ENV": "local"}

        def import_file() -> tuple[float, str]:
            started = time.perf_counter()
            done = subprocess.run(
                [harness.PYTHON, "manage.py", "import_indicators", str(path), "--format", "dtm"],
                cwd=harness.ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                raise RuntimeError(f"import_indicators failed:\n{done.stderr[-2000:]}")
            return seconds, done.stdout.strip()

        first, first_out = import_file()
        again, again_out = import_file()
        from konbit.core.models import ImportRun

        runs = list(ImportRun.objects.order_by("started_at"))
        in_run = [
            round((r.finished_at - r.started_at).total_seconds(), 2) for r in runs if r.finished_at
        ]
        if base_url:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from konbit.stability import figures
        from konbit.stability.models import Indicator, IndicatorValue

        idps = Indicator.objects.get(code="idps")
        values = IndicatorValue.objects.filter(indicator=idps)
        last = values.order_by("-date").values_list("date", flat=True).first()
        total_values = values.count()
        timings = []
        found = {}
        for _n in range(21):
            started = time.perf_counter()
            found = figures.communes_at(values, last)
            timings.append((time.perf_counter() - started) * 1000)
        with harness.serve(db) as server:
            http = harness.latencies(
                server,
                {"choropleth": f"/api/v1/indicators/{idps.pk}/map/?date={last.isoformat()}"},
                token,
                requests=args.calls,
            )
    harness.emit(
        {
            "benchmark": "stability",
            "database": "postgresql" if base_url else "sqlite",
            "rows": args.rows,
            "import_seconds_command": round(first, 2),
            "import_seconds_in_run": in_run[0] if in_run else None,
            "import_output": first_out,
            "reimport_seconds_command": round(again, 2),
            "reimport_output": again_out,
            "values": total_values,
            "choropleth_communes": len(found),
            "choropleth_ms_median": round(statistics.median(timings), 2),
            "choropleth_ms_max": round(max(timings), 2),
            "http": http,
        }
    )


if __name__ == "__main__":
    main()
