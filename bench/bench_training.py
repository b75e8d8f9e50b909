"""The training benchmark, on the demo's 34th class (747 cadets): the cohort's page
and its API (median latency), the funnel's query alone, and importing a results file
of a few thousand rows (new sessions' attendance and changed scores), then the same
file again (a no-op).

    .venv/bin/python bench/bench_training.py [--calls 50]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)

The generated file goes to bench/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
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

NEW_SESSIONS = [
    dt.date(2024, 9, 2),
    dt.date(2024, 9, 9),
    dt.date(2024, 9, 23),
    dt.date(2024, 9, 30),
]
MODULES = ["Human rights", "Road safety", "Tactical combat", "Firearms"]


def generate(path: Path, cadets: list[str]) -> int:
    """One row a cadet and new session, each carrying a (changed) score of a module."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["registration_number", "session", "present", "assessment", "score"])
        for n, number in enumerate(cadets):
            for i, day in enumerate(NEW_SESSIONS):
                writer.writerow(
                    [number, day.isoformat(), "no" if (n + i) % 17 == 0 else "yes",
                     MODULES[i], f"{61 + (n * 7 + i) % 39}.25"]
                )  # fmt: skip
                rows += 1
    return rows


def timed(call: Any, calls: int) -> float:
    call()  # warm up
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL") or None
    with harness.database(base_url) as db:
        token = harness.prepare(db, demo=True)
        os.environ.update(db.env)
        os.environ["KONBIT_ENV"] = "local"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konbit.settings")
        import django

        django.setup()
        from django.test import Client

        from konbit.accounts.models import User
        from konbit.core.imports import pipeline
        from konbit.training import selectors
        from konbit.training.demo import COHORT_NAME
        from konbit.training.importer import KIND
        from konbit.training.models import Cohort, Enrolment

        actor = User.objects.get(username="bench")
        cohort = Cohort.objects.get(name=COHORT_NAME)
        cadets = list(
            Enrolment.objects.filter(cohort=cohort, status="graduated")
            .order_by("trainee__registration_number")
            .values_list("trainee__registration_number", flat=True)
        )
        path = HERE / "data" / "training-results.csv"
        rows = generate(path, cadets)

        def run_import() -> tuple[Any, float]:
            started = time.perf_counter()
            with path.open("rb") as handle:
                run = pipeline.start(
                    actor=actor,
                    importer=pipeline.importer_for(KIND),
                    handle=handle,
                    file_name=path.name,
                    size=path.stat().st_size,
                    options={"cohort": str(cohort.pk)},
                    queue=False,
                )
            run = pipeline.run_now(run)
            return run, time.perf_counter() - started

        first, seconds = run_import()
        if first.status != "done" or first.problem_total:
            raise RuntimeError(f"import refused: {first.problems[:5]}")
        again, reimport = run_import()
        assert again.unchanged == rows and not again.created and not again.updated

        figures_ms = timed(lambda: selectors.cohort_figures([cohort.pk]), args.calls)
        figures = selectors.cohort_figures([cohort.pk])[cohort.pk]
        browser = Client()
        browser.force_login(User.objects.get(username="liaison"))
        page = f"/training/cohorts/{cohort.pk}/"
        assert browser.get(page).status_code == 200
        page_ms = timed(lambda: browser.get(page), args.calls)
        size = len(browser.get(page).content)

        with harness.serve(db) as server:
            http = harness.latencies(
                server,
                {
                    "cohort": f"/api/v1/training-cohorts/{cohort.pk}/",
                    "cohorts": "/api/v1/training-cohorts/",
                    "trainees_page_500": "/api/v1/trainees/?page_size=500",
                },
                token,
                requests=args.calls,
            )
    harness.emit(
        {
            "benchmark": "training",
            "database": "postgresql" if base_url else "sqlite",
            "cohort": {
                "enrolled": figures["enrolled"]["total"],
                "graduated": figures["graduated"]["total"],
                "graduated_by_sex": {
                    "female": figures["graduated"]["female"],
                    "male": figures["graduated"]["male"],
                },
                "funnel_query_median_ms": figures_ms,
                "page_in_process_median_ms": page_ms,
                "page_bytes": size,
                "http": http,
            },
            "results_import": {
                "rows": rows,
                "created": first.created,
                "updated": first.updated,
                "seconds": round(seconds, 2),
                "rows_per_s": round(rows / seconds, 1),
                "reimport_no_op_seconds": round(reimport, 2),
            },
        }
    )


if __name__ == "__main__":
    main()
