from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "konbit.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from konbit.operations.tally import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="operations-tally")

    def importers(self) -> list[Any]:
        from konbit.operations.acled_write import AcledImporter

        return [AcledImporter()]

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.parts import NavItem
        from konbit.operations import selectors

        items = []
        if selectors.incidents_readable(user):
            items += [
                NavItem(_("Incidents"), "operations:incidents", order=200),
                NavItem(_("Incident map"), "operations:map", order=201),
                NavItem(_("Trends"), "operations:trends", order=202),
            ]
        if selectors.operations_readable(user):
            items.append(NavItem(_("Joint operations"), "operations:operations", order=210))
        return items

    def panels(self, request: Any) -> list[Any]:
        """Incidents of the last 7 days against the 7 before, and the map of the
        last 30 days, from what the user may see."""
        import datetime as dt

        from django.db.models import Count, Q
        from django.utils import timezone

        from konbit.core.parts import Panel
        from konbit.operations import selectors

        if not selectors.incidents_readable(request.user):
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
