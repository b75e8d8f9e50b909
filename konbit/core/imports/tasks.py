"""The pipeline's background task (django-tasks, database backend: no broker)."""

from __future__ import annotations

from django_tasks import task

from konbit.core.imports import pipeline


@task()
def import_task(run_id: str) -> None:
    """Check or import the run's file (``pipeline.execute``)."""
    pipeline.execute(run_id)
