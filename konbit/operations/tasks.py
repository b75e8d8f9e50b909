"""The ACLED upload runs as a background task (django-tasks): the page stores the
file under ``var/imports/``, records a pending ImportRun and enqueues the task; the
task parses (the run then says how many rows it is writing), writes in one
transaction and marks the run done or refused. The page follows the run.

While the task writes, its progress goes to a small file beside the upload rather
than to the database: the writing transaction holds the database until it commits,
so nothing written through it would be seen before the end."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from konbit.core.models import ImportRun
from konbit.core.tabular import sha256_of
from konbit.operations.acled import parse
from konbit.operations.acled_write import KIND, write

PREVIEW_ROWS = 20


def upload_path(run_id: Any) -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{run_id}.csv"


def progress_path(run_id: Any) -> Path:
    return upload_path(run_id).with_suffix(".progress.json")


def report_progress(run_id: Any, phase: str, done: int = 0, total: int = 0) -> None:
    """Where the import stands (``phase`` is "checking" or "writing"), replaced
    whole so that a reader never sees half a file."""
    path = progress_path(run_id)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
    os.replace(partial, path)


def read_progress(run_id: Any) -> dict[str, Any]:
    """``{"phase", "done", "total", "percent"}``, or {} when the task has not begun
    or has finished."""
    try:
        found = json.loads(progress_path(run_id).read_text())
    except (OSError, ValueError):
        return {}
    total = int(found.get("total") or 0)
    done = min(int(found.get("done") or 0), total)
    phase = "writing" if found.get("phase") == "writing" else "checking"
    return {
        "phase": phase,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
    }


def start_import(
    data: bytes, *, actor: Any, file_name: str, country: str | None, skip_invalid: bool
) -> ImportRun:
    """Record the run (pending) and enqueue its task once the run is committed."""
    run = ImportRun.objects.create(
        kind=KIND,
        actor=actor,
        file_name=file_name[:255],
        sha256=sha256_of(data),
        status=ImportRun.Status.PENDING,
        skip_invalid=skip_invalid,
    )
    upload_path(run.pk).write_bytes(data)
    transaction.on_commit(
        lambda: import_acled_task.enqueue(str(run.pk), country or "", skip_invalid)
    )
    return run


@task()
def import_acled_task(run_id: str, country: str, skip_invalid: bool) -> None:
    run = ImportRun.objects.select_related("actor").get(pk=run_id)
    path = upload_path(run.pk)
    try:
        report_progress(run.pk, "checking")
        data = path.read_bytes()
        parsed = parse(data, country=country or None, parallel=True)
        # Saved before the writing transaction, so the page can say what is under way.
        run.status = ImportRun.Status.RUNNING
        run.extra = {"rows": parsed.total_rows, "writing": parsed.count}
        run.save(update_fields=["status", "extra"])
        write(
            parsed,
            data=data,
            actor=run.actor,
            file_name=run.file_name,
            skip_invalid=skip_invalid,
            run=run,
            progress=lambda done, total: report_progress(run.pk, "writing", done, total),
        )
    finally:
        path.unlink(missing_ok=True)
        progress_path(run.pk).unlink(missing_ok=True)
