"""Access to complaints: oversight officers only, every read audited.

Complaints are never deleted (``delete_complaint`` is held by nobody) and their
status history is append-only: a status change is a new ``StatusChange``, made by
``services.complaint_change_status``. The audit entries of this part are in core's
restricted domain "oversight" (``core.policies.RESTRICTED_AUDIT_DOMAINS``): readable
by oversight officers only.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from konbit.core.policies import Policy, register
from konbit.oversight.models import Complaint, StatusChange


@register
class ComplaintPolicy(Policy[Complaint]):
    model = Complaint
    audit_reads = True  # every read: the complainant, the victim, what happened

    def base_queryset(self) -> models.QuerySet[Complaint]:
        return Complaint.objects.select_related("commune", "contingent__country")

    def can_delete(self, user: Any, obj: Complaint) -> bool:
        return False


@register
class StatusChangePolicy(Policy[StatusChange]):
    """Read with its complaint (whose read is audited); appended, never changed."""

    model = StatusChange

    def base_queryset(self) -> models.QuerySet[StatusChange]:
        return StatusChange.objects.select_related("created_by")

    def can_change(self, user: Any, obj: StatusChange) -> bool:
        return False

    def can_delete(self, user: Any, obj: StatusChange) -> bool:
        return False
