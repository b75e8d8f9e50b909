from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "konbit.logistics"
    label = "logistics"
    verbose_name = _("Logistics")

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.parts import NavItem
        from konbit.logistics import policies

        items = []
        if policies.ASSETS.part_visible(user):
            items.append(NavItem(_("Vehicles and equipment"), "logistics:assets", order=500))
        if policies.figures_readable(user):
            items.append(NavItem(_("Asset availability"), "logistics:availability", order=501))
        return items

    def importers(self) -> list[Any]:
        from konbit.logistics.register import AssetImporter

        return [AssetImporter()]

    def panels(self, request: Any) -> list[Any]:
        """The assets out of service (non-operational or in maintenance) for more than
        7 days, of the contingents the user reads."""
        from konbit.core.parts import Panel
        from konbit.logistics.selectors import long_out_of_service

        found = long_out_of_service(request.user)
        if found is None:
            return []
        assets, total = found
        return [
            Panel(
                "logistics/_panel_out_of_service.html",
                {"assets": assets, "total": total},
                order=70,
            )
        ]
