from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "konbit.operations"
    label = "operations"
    verbose_name = _("Operations")

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.parts import NavItem
        from konbit.core.policies import policy_for
        from konbit.operations.models import Incident, JointOperation

        items = []
        if policy_for(Incident).part_visible(user):
            items += [
                NavItem(_("Incidents"), "operations:incidents", order=200),
                NavItem(_("Incident map"), "operations:map", order=201),
                NavItem(_("Trends"), "operations:trends", order=202),
            ]
        if policy_for(JointOperation).part_visible(user):
            items.append(NavItem(_("Joint operations"), "operations:operations", order=210))
        return items

    def panels(self, request: Any) -> list[Any]:
        """Incidents of the last 7 days against the 7 before, and the map of the
        last 30 days, from what the user may see."""
        import datetime as dt

        from django.db.models import Count, Q
        from django.utils import timezone

        from konbit.core.parts import Panel
        from konbit.core.policies import policy_for
        from konbit.operations import selectors
        from konbit.operations.models import Incident

        if not policy_for(Incident).part_visible(request.user):
            return []
        today = timezone.localdate()
        week, fortnight = today - dt.timedelta(days=6), today - dt.timedelta(days=13)
        counts = (
            selectors.incidents_visible_to(request.user)
            .filter(event_date__gte=fortnight, event_date__lte=today)
            .aggregate(
                last=Count("pk", filter=Q(event_date__gte=week)),
                before=Count("pk", filter=Q(event_date__lt=week)),
            )
        )
        context = {
            **counts,
            "change": counts["last"] - counts["before"],
            "map_since": (today - dt.timedelta(days=29)).isoformat(),
            "week_since": week.isoformat(),
        }
        return [Panel("operations/_panel_incidents.html", context, order=30)]
