"""Samples of core's own records for the generated access matrix."""

from __future__ import annotations

from typing import Any

from konbit.core import audit
from konbit.core.models import AuditAction, AuditEntry, ImportRun


def _entry(contingents: dict[str, Any]) -> AuditEntry:
    return audit.record(actor=None, action=AuditAction.OTHER, target=contingents["KEN"])


def _run(contingents: dict[str, Any]) -> ImportRun:
    from konbit.accounts.services import system_user

    return ImportRun.objects.create(
        kind="acled", actor=system_user(), file_name="roster.csv", sha256="0" * 64
    )


SAMPLES = {AuditEntry: _entry, ImportRun: _run}
