from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from konbit.core.parts import NavItem, Panel


class StabilityConfig(AppConfig):
    name = "konbit.stability"
    label = "stability"
    verbose_name = _("Stability")

    def nav(self, user: Any) -> list[NavItem]:
        from konbit.core.policies import policy_for
        from konbit.stability.models import Indicator, IndicatorValue, Milestone

        entries = []
        if policy_for(Milestone).part_visible(user):
            entries.append(NavItem(_("Results tree"), "stability:tree", 60))
        if policy_for(Indicator).part_visible(user):
            entries.append(NavItem(_("Indicators"), "stability:indicators", 61))
            entries.append(NavItem(_("Indicator map"), "stability:map", 62))
        if policy_for(IndicatorValue).part_visible(user):
            entries.append(NavItem(_("Indicator values"), "stability:values", 63))
        if policy_for(IndicatorValue).allows(user, "import"):
            entries.append(NavItem(_("Import indicator values"), "stability:import", 64))
        return entries

    def importers(self) -> list[Any]:
        from konbit.stability.importer import IndicatorImporter

        return [IndicatorImporter()]

    def panels(self, request: Any) -> list[Panel]:
        """The milestones due in the next 30 days."""
        from konbit.stability.selectors import milestones_due

        due = milestones_due(request.user)
        if due is None:
            return []
        return [Panel("stability/_panel_milestones.html", {"milestones": due}, order=60)]
