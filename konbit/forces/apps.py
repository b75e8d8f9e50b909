from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from konbit.core.parts import NavItem, Panel


class ForcesConfig(AppConfig):
    name = "konbit.forces"
    label = "forces"
    verbose_name = _("Forces")

    def ready(self) -> None:
        # accounts asks the registry, never forces, for a user's contingent (the
        # foundation imports no domain part).
        from konbit.accounts import affiliations
        from konbit.forces.membership import ContingentAffiliation

        affiliations.register(ContingentAffiliation())

    def nav(self, user: Any) -> list[NavItem]:
        from konbit.core.policies import policy_for
        from konbit.forces import models as m

        entries = [
            (m.Deployment, "aggregate", _("Strength"), "forces:strength", 20),
            (m.Personnel, "view", _("Personnel"), "forces:personnel_list", 21),
            (m.Contingent, "view", _("Contingents"), "forces:contingents_list", 22),
            (m.Unit, "view", _("Units"), "forces:units_list", 23),
            (m.Deployment, "view", _("Deployments"), "forces:deployments_list", 24),
            (m.DeploymentWave, "view", _("Deployment waves"), "forces:waves_list", 25),
            (m.Mandate, "view", _("Mandates"), "forces:mandates_list", 26),
            (m.Personnel, "import", _("Import a roster"), "forces:roster_upload", 27),
        ]
        return [
            NavItem(label, url_name, order)
            for model, action, label, url_name, order in entries
            if (
                policy_for(model).part_visible(user)
                if action == "view"
                else policy_for(model).allows(user, action)
            )
        ]

    def next_steps(self, user: Any) -> list[NavItem]:
        """What a role may start in forces from the front page."""
        from konbit.core.policies import policy_for
        from konbit.forces import models as m

        steps = []
        if policy_for(m.Personnel).can_create(user):
            steps.append(NavItem(_("Add a person"), "forces:personnel_create", 20))
        if policy_for(m.Deployment).can_create(user):
            steps.append(NavItem(_("Record a deployment"), "forces:deployments_create", 21))
        if policy_for(m.Personnel).allows(user, "import"):
            steps.append(NavItem(_("Import a roster"), "forces:roster_upload", 22))
        return steps

    def importers(self) -> list[Any]:
        from konbit.forces.roster import RosterImporter

        return [RosterImporter()]

    def panels(self, request: Any) -> list[Panel]:
        """The strength today against the ceiling (or the planning figure), and
        whether a mandate is in force: the one in force and its end, or, when none is,
        the last one and the day it ended (so an absent ceiling is explained)."""
        from django.utils import timezone

        from konbit.forces.models import Mandate
        from konbit.forces.selectors import mandate_in_force
        from konbit.forces.strength import strength_on, strength_readable

        if not strength_readable(request.user):
            return []
        today = timezone.localdate()
        figures = strength_on(today, request.user)
        figures["mandate"] = mandate_in_force(today)
        figures["last_mandate"] = (
            None
            if figures["mandate"]
            else Mandate.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
        )
        figures["next_mandate"] = (
            None
            if figures["mandate"]
            else Mandate.objects.filter(starts_on__gt=today).order_by("starts_on").first()
        )
        reference = figures["authorized_ceiling"] or figures["planning_figure"]
        figures["percent"] = round(100 * figures["total"] / reference) if reference else None
        return [Panel("forces/_panel_strength.html", figures, order=20)]
