"""The ACLED upload runs as a background task (django-tasks): the page stores the
file under ``var/imports/``, records a pending ImportRun and enqueues the task; the
task parses (the run then says how many rows it is writing), writes in one
transaction and marks the run done or refused. The page follows the run."""

from __future__ import annotations

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
        data = path.read_bytes()
        parsed = parse(data, country=country or None)
        # Saved before the writing transaction, so the page can say what is under way.
        run.status = ImportRun.Status.RUNNING
        run.extra = {"rows": parsed.total_rows, "writing": len(parsed.rows)}
        run.save(update_fields=["status", "extra"])
        write(
            parsed,
            data=data,
            actor=run.actor,
            file_name=run.file_name,
            skip_invalid=skip_invalid,
            run=run,
        )
    finally:
        path.unlink(missing_ok=True)
