from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "konbit.operations"
    label = "operations"
    verbose_name = _("Operations")

    def importers(self) -> list[Any]:
        from konbit.operations.acled_write import AcledImporter

        return [AcledImporter()]

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

    def next_steps(self, user: Any) -> list[Any]:
        """The operations a user's role may start from the front page."""
        from konbit.core.parts import NavItem
        from konbit.core.policies import policy_for
        from konbit.operations.models import Incident, JointOperation

        incidents, operations = policy_for(Incident), policy_for(JointOperation)
        steps = []
        if incidents.can_create(user):
            steps.append(NavItem(_("Record an incident"), "operations:incident_create", 10))
        if operations.can_create(user):
            steps.append(NavItem(_("Plan a joint operation"), "operations:operation_create", 12))
        if incidents.allows(user, "import"):
            steps.append(NavItem(_("Import an ACLED file"), "operations:import", 40))
        if incidents.part_visible(user):
            steps.append(NavItem(_("Filter and export the incidents"), "operations:incidents", 30))
            steps.append(NavItem(_("See the trends"), "operations:trends", 31))
        return steps

    def panels(self, request: Any) -> list[Any]:
        """Incidents of the last 7 days against the 7 before, and the map of the
        last 30 days, from what the user may see; when nothing happened in those 14
        days, the same for the latest 14 days that have incidents (and it says so)."""
        import datetime as dt

        from django.db.models import Count, Max, Q
        from django.utils import timezone

        from konbit.core.parts import Panel
        from konbit.core.policies import policy_for
        from konbit.operations import selectors
        from konbit.operations.models import Incident

        if not policy_for(Incident).part_visible(request.user):
            return []
        visible = selectors.incidents_visible_to(request.user)
        today = end = timezone.localdate()

        def count(end: dt.date) -> dict[str, int]:
            week, fortnight = end - dt.timedelta(days=6), end - dt.timedelta(days=13)
            return visible.filter(event_date__gte=fortnight, event_date__lte=end).aggregate(
                last=Count("pk", filter=Q(event_date__gte=week)),
                before=Count("pk", filter=Q(event_date__lt=week)),
            )

        counts = count(end)
        if not counts["last"] and not counts["before"]:
            latest = visible.filter(event_date__lte=today).aggregate(day=Max("event_date"))["day"]
            if latest is not None:
                end = latest
                counts = count(end)
        context = {
            **counts,
            "change": counts["last"] - counts["before"],
            "map_since": (end - dt.timedelta(days=29)).isoformat(),
            "week_since": (end - dt.timedelta(days=6)).isoformat(),
            "until": end.isoformat(),
            "latest": end if end != today else None,
        }
        return [Panel("operations/_panel_incidents.html", context, order=30)]
