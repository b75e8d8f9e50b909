"""The reads that pages, the API and the front page share; each starts from the
entity's policy (``policies``), so scoping cannot drift between them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from konbit.logistics.models import OUT_OF_SERVICE, Asset, MaintenanceJob, StatusEntry
from konbit.logistics.policies import ASSETS, ENTRIES, JOBS

# Out of service for longer than this: the front page lists the asset.
LONG_OUT = dt.timedelta(days=7)
PANEL_ROWS = 10


def assets_visible_to(user: Any) -> QuerySet[Asset]:
    """The assets ``user`` reads (a commander: their own contingent's)."""
    return ASSETS.visible(user)


def entries_visible_to(user: Any) -> QuerySet[StatusEntry]:
    return ENTRIES.visible(user)


def jobs_visible_to(user: Any) -> QuerySet[MaintenanceJob]:
    return JOBS.visible(user)


def asset_with_history(user: Any, pk: Any) -> Asset:
    """One asset with its log (latest first) and its jobs, as ``user`` may read it
    (404 otherwise): three queries."""
    entries = StatusEntry.objects.select_related("incident", "operation", "created_by", "job")
    queryset = assets_visible_to(user).prefetch_related(
        Prefetch("log", queryset=entries.order_by("-on", "-sequence")),
        Prefetch("jobs", queryset=MaintenanceJob.objects.order_by("-opened_on", "-created_at")),
    )
    return ASSETS.get_for(user, pk, queryset=queryset)


def long_out_of_service(user: Any) -> tuple[list[Asset], int] | None:
    """The assets ``user`` reads that have been non-operational or in maintenance
    for more than seven days, longest first (at most ``PANEL_ROWS``) and their
    number; None for a user without the part."""
    if not ASSETS.part_visible(user):
        return None
    from konbit.logistics.services import today

    found = assets_visible_to(user).filter(
        status__in=OUT_OF_SERVICE, status_since__lt=today() - LONG_OUT
    )
    rows = list(found.order_by("status_since", "identifier")[:PANEL_ROWS])
    if not rows:
        return None
    total = len(rows) if len(rows) < PANEL_ROWS else found.count()
    return rows, total
