"""Shared reads of core's own tables (the audit trail and imports): their policies
(``core.policies``) say who sees what."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from konbit.core.models import AuditEntry, ImportRun
from konbit.core.policies import policy_for


def audit_visible_to(user: Any) -> QuerySet[AuditEntry]:
    return policy_for(AuditEntry).visible(user)


def imports_visible_to(user: Any) -> QuerySet[ImportRun]:
    return policy_for(ImportRun).visible(user)
