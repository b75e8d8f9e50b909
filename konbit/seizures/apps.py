from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeizuresConfig(AppConfig):
    name = "konbit.seizures"
    label = "seizures"
    verbose_name = _("Seizures")

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.parts import NavItem
        from konbit.seizures import policies

        items = []
        if policies.seizures_readable(user):
            items.append(NavItem(_("Seizures"), "seizures:list", order=300))
        if policies.stats_readable(user):
            items.append(NavItem(_("Seizure statistics"), "seizures:stats", order=301))
        return items

    def panels(self, request: Any) -> list[Any]:
        """The custody transfers and hand-overs waiting for this user's answer."""
        from konbit.core.parts import Panel
        from konbit.seizures import selectors

        waiting = list(selectors.awaiting_answer_from(request.user)[:10])
        if not waiting:
            return []
        return [Panel("seizures/_panel_awaiting.html", {"events": waiting}, order=25)]
