from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "konbit.actors"
    label = "actors"
    verbose_name = _("Armed groups")

    def nav(self, user: Any) -> list[Any]:
        from konbit.actors import policies
        from konbit.actors.models import ActorName, ArmedGroup, Person
        from konbit.core.parts import NavItem

        items = []
        if policies.policy_for(ArmedGroup).part_visible(user):
            items.append(NavItem(_("Armed groups"), "actors:groups", order=300))
        elif policies.aggregates_readable(user):
            items.append(NavItem(_("Incidents by group"), "actors:counts", order=300))
        if policies.policy_for(Person).part_visible(user):
            items.append(NavItem(_("Persons of interest"), "actors:persons", order=301))
        if policies.policy_for(ActorName).part_visible(user):
            items.append(NavItem(_("Actor names"), "actors:names", order=302))
        return items

    def panels(self, request: Any) -> list[Any]:
        """hq_staff's list of statements past their review date."""
        from django.utils import timezone

        from konbit.actors.selectors import statements_due
        from konbit.actors.views.statements import review_rows, reviews_visible
        from konbit.core.parts import Panel

        if not reviews_visible(request.user):
            return []
        due, total = statements_due(timezone.localdate(), limit=5)
        if not total:
            return []
        return [
            Panel(
                "actors/_panel_reviews.html", {"due": review_rows(due), "total": total}, order=300
            )
        ]
