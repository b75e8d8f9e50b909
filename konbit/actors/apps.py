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
        elif policies.policy_for(ArmedGroup).allows(user, "aggregate"):
            items.append(NavItem(_("Incidents by group"), "actors:counts", order=300))
        if policies.policy_for(Person).part_visible(user):
            items.append(NavItem(_("Persons of interest"), "actors:persons", order=301))
        if policies.policy_for(ActorName).part_visible(user):
            items.append(NavItem(_("Actor names"), "actors:names", order=302))
        return items

    def incidents_imported(self, *, actor: Any) -> None:
        """An import added or changed incidents: their actor names resolve to groups
        (confirmed names link the new events; new names are matched or suggested)."""
        from konbit.actors.services.resolver import actor_names_refresh

        actor_names_refresh(actor=actor)

    def incidents_saved(self, *, actor: Any, ids: list[Any]) -> None:
        """Incidents were entered or changed by hand (a form, the API): the group
        names they carry resolve now, not at the next import."""
        from konbit.actors.services.resolver import incidents_saved

        incidents_saved(actor=actor, ids=ids)

    def actions(self, user: Any) -> list[Any]:
        """What awaits hq_staff: statements past their review date, suggested names."""
        from django.urls import reverse
        from django.utils import timezone

        from konbit.actors import policies
        from konbit.actors.models import ActorName
        from konbit.actors.selectors import statements_due
        from konbit.actors.views.statements import reviews_visible
        from konbit.core.parts import ActionItem

        items = []
        if reviews_visible(user):
            _due, total = statements_due(timezone.localdate(), limit=0)
            if total:
                items.append(
                    ActionItem(
                        _("Armed groups: statements to review"), reverse("actors:reviews"), total
                    )
                )
        names = policies.policy_for(ActorName)
        if names.allows(user, "resolve"):
            suggested = names.visible(user).filter(ActorName.state_q("suggested")).count()
            if suggested:
                items.append(
                    ActionItem(
                        _("Actor names to confirm"),
                        reverse("actors:names") + "?status=suggested",
                        suggested,
                    )
                )
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
