"""Shared reads of core's own tables (the audit trail and imports)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from konbit.accounts import roles
from konbit.core.models import AuditEntry, ImportRun

# Parts whose audit entries only their own officers may read: nobody outside
# oversight reads about a complaint, not even the mission administrator.
RESTRICTED_DOMAINS: dict[str, frozenset[str]] = {
    "oversight": frozenset({roles.OVERSIGHT_OFFICER}),
}


def audit_readable(user: Any) -> bool:
    return bool(user.has_perm("core.view_auditentry"))


def audit_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """The entries ``user`` may read: the audit trail obeys the access rules of the
    records it describes."""
    entries = AuditEntry.objects.all()
    if not audit_readable(user):
        return entries.none()
    user_roles = roles.roles_of(user)
    readable_restricted = [d for d, allowed in RESTRICTED_DOMAINS.items() if allowed & user_roles]
    if roles.MISSION_ADMIN in user_roles:
        hidden = [d for d in RESTRICTED_DOMAINS if d not in readable_restricted]
        return entries.exclude(domain__in=hidden)
    return entries.filter(domain__in=readable_restricted)


def imports_visible_to(user: Any) -> QuerySet[ImportRun]:
    """Imports a user may review: all for mission_admin, their own for others."""
    runs = ImportRun.objects.select_related("actor")
    if user.has_perm("core.view_importrun"):
        return runs
    if not user.is_authenticated:
        return runs.none()
    return runs.filter(actor=user)
