"""Where a running import stands, readable from any web process.

The import writes its records in one transaction on the default database, so
anything it wrote there would be seen only at the end (and on SQLite that
transaction holds the file's write lock). Progress therefore goes through a
database alias of its own, ``progress``: on PostgreSQL a second connection to the
same database, on SQLite a second file (settings.py). Each write commits at once.
The same row carries the user's request to cancel, which the import reads between
chunks.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

from konbit.core.models import ImportProgress

ALIAS = "progress"


class ProgressRouter:
    """``ImportProgress`` lives on the ``progress`` alias and nothing else does. Its
    table is created by ``migrate`` on the database that holds it: the default one
    on PostgreSQL (the alias is the same database), the second file on SQLite, which
    ``migrate`` of the default database brings up to date too
    (``migrate_with_default``)."""

    def _is_progress(self, model: Any) -> bool:
        return model is ImportProgress or getattr(model, "_meta", None) is ImportProgress._meta

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return ALIAS if self._is_progress(model) else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return ALIAS if self._is_progress(model) else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        if app_label == "core" and model_name == "importprogress":
            return db == (ALIAS if separate() else DEFAULT_DB_ALIAS)
        return db != ALIAS


def separate() -> bool:
    """Whether progress lives in a database of its own (SQLite's second file)."""
    return connections[DEFAULT_DB_ALIAS].vendor == "sqlite"


def migrate_with_default(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate`` of core: a ``migrate`` of the default database also migrates
    the progress file on SQLite, so that one command sets up both and no import
    finds its progress table missing."""
    if using == DEFAULT_DB_ALIAS and separate():
        call_command("migrate", database=ALIAS, interactive=False, verbosity=0)


def report(run_id: Any, phase: str, *, rows: int = 0, percent: int = 0) -> None:
    """Record where the run stands (``phase``: checking, writing)."""
    updated = ImportProgress.objects.filter(run_id=run_id).update(
        phase=phase, rows=rows, percent=max(0, min(percent, 100))
    )
    if not updated:
        ImportProgress.objects.get_or_create(
            run_id=run_id, defaults={"phase": phase, "rows": rows, "percent": percent}
        )


def read(run_id: Any) -> dict[str, Any]:
    """``{"phase", "rows", "percent", "cancel_requested"}``, or {} before the work
    began and after it ended."""
    found = (
        ImportProgress.objects.filter(run_id=run_id)
        .values("phase", "rows", "percent", "cancel_requested")
        .first()
    )
    return dict(found) if found else {}


def request_cancel(run_id: Any) -> None:
    if not ImportProgress.objects.filter(run_id=run_id).update(cancel_requested=True):
        ImportProgress.objects.get_or_create(run_id=run_id, defaults={"cancel_requested": True})


def cancel_requested(run_id: Any) -> bool:
    return ImportProgress.objects.filter(run_id=run_id, cancel_requested=True).exists()


def clear(run_id: Any) -> None:
    ImportProgress.objects.filter(run_id=run_id).delete()
