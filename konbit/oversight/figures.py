"""A period's figures of the complaints (the figures page, ``/api/v1/complaints/stats/``):
counts by category, nature, status and month, open against closed, the median days
to close and how many were referred. Counts only: no complaint is read."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from konbit.oversight.models import (
    CLOSED,
    Category,
    Complaint,
    Nature,
    Status,
    StatusChange,
)


def _by(queryset: QuerySet[Complaint], field: str, choices: Any) -> list[dict[str, Any]]:
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("id")))
    return [
        {"code": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in choices
    ]


def complaint_figures(queryset: QuerySet[Complaint]) -> dict[str, Any]:
    """The figures of ``queryset`` (the complaints a reader may see, filtered)."""
    by_status = _by(queryset, "status", Status.choices)
    closed = sum(row["count"] for row in by_status if row["code"] in CLOSED)
    total = sum(row["count"] for row in by_status)
    months = (
        queryset.order_by()
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    durations = [
        (changed - received).total_seconds() / 86400
        for received, changed in queryset.filter(status__in=CLOSED)
        .order_by()
        .values_list("received_at", "status_changed_at")
    ]
    referred = (
        StatusChange.objects.filter(status=Status.REFERRED, complaint__in=queryset.values("pk"))
        .values("complaint")
        .distinct()
        .count()
    )
    return {
        "total": total,
        "open": total - closed,
        "closed": closed,
        "referred": referred,
        "median_days_to_close": (round(statistics.median(durations), 1) if durations else None),
        "by_category": _by(queryset, "category", Category.choices),
        "by_nature": _by(queryset, "nature", Nature.choices),
        "by_status": by_status,
        "by_month": [
            {"month": row["month"].strftime("%Y-%m"), "count": row["n"]}
            for row in months
            if row["month"] is not None
        ],
    }
