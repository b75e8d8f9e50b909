"""Who may see and do what with assets, their status log and their maintenance jobs
(DESIGN.md "Who sees what"), asked by pages, the API, exports, the figures and the
services alike.

- Assets, entries and jobs are contingent-scoped (forces' ``ContingentScoped``): a
  commander reads and writes their own contingent's only, HQ and the mission
  administrator every contingent's (``forces.any_contingent``).
- Nothing is deleted: an asset is written off (a status), a log entry is corrected
  by a new entry, a job is closed.
- The availability figures are aggregates (counts, shares, days; no identifier):
  ``logistics.view_availability`` ("aggregate"), the analyst's only access, over
  every asset for a reader without record access, over the assets they read for
  the others (``scope_for_figures``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from konbit.core.policies import policy_for, register
from konbit.forces.policies import ContingentScoped, in_own_contingent
from konbit.logistics.models import Asset, MaintenanceJob, StatusEntry


@register
class AssetPolicy(ContingentScoped[Asset]):
    model = Asset
    read_label = "own"
    actions: ClassVar[dict[str, str]] = {
        "import": "logistics.import_asset",
        "aggregate": "logistics.view_availability",
    }

    def base_queryset(self) -> models.QuerySet[Asset]:
        return Asset.objects.select_related("contingent__country", "unit", "base_commune")

    def can_delete(self, user: Any, obj: Asset) -> bool:
        return False

    def allows_extra(self, user: Any, action: str, obj: Asset | None, **ctx: Any) -> bool:
        if action == "aggregate":  # counts only: the permission is the whole rule
            return True
        return super().allows_extra(user, action, obj, **ctx)


class _OfAsset(ContingentScoped[Any]):
    """An asset's entry or job: read and written with the asset (``asset=`` names
    the asset a new one is for)."""

    contingent_path = "asset__contingent_id"
    read_label = "own"

    def in_scope(self, user: Any, obj: Any = None, **ctx: Any) -> bool:
        asset = ctx.get("asset")
        if obj is None and asset is not None:
            return in_own_contingent(user, asset.contingent_id)
        return super().in_scope(user, obj, **ctx)

    def can_delete(self, user: Any, obj: Any) -> bool:
        return False


@register
class StatusEntryPolicy(_OfAsset):
    """Entries are appended, never changed or deleted."""

    model = StatusEntry

    def base_queryset(self) -> models.QuerySet[StatusEntry]:
        return StatusEntry.objects.select_related(
            "asset__contingent__country", "incident", "operation", "created_by"
        )

    def can_change(self, user: Any, obj: Any) -> bool:
        return False


@register
class MaintenanceJobPolicy(_OfAsset):
    model = MaintenanceJob

    def base_queryset(self) -> models.QuerySet[MaintenanceJob]:
        return MaintenanceJob.objects.select_related("asset__contingent__country")


ASSETS: AssetPolicy = policy_for(Asset)  # type: ignore[assignment]
ENTRIES: StatusEntryPolicy = policy_for(StatusEntry)  # type: ignore[assignment]
JOBS: MaintenanceJobPolicy = policy_for(MaintenanceJob)  # type: ignore[assignment]


def figures_readable(user: Any) -> bool:
    return ASSETS.allows(user, "aggregate")


def scope_for_figures(user: Any, assets: models.QuerySet[Asset]) -> models.QuerySet[Asset]:
    """The assets counted in ``user``'s figures: every asset for an aggregate reader
    without record access (the analyst), else the assets they read."""
    if not figures_readable(user):
        return assets.none()
    if ASSETS.part_visible(user):
        return ASSETS.scope(user, assets)
    return assets
