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

    def importers(self) -> list[Any]:
        from konbit.forces.roster import RosterImporter

        return [RosterImporter()]

    def panels(self, request: Any) -> list[Panel]:
        """The strength today against the ceiling (or the planning figure)."""
        from django.utils import timezone

        from konbit.forces.strength import strength_on, strength_readable

        if not strength_readable(request.user):
            return []
        figures = strength_on(timezone.localdate(), request.user)
        reference = figures["authorized_ceiling"] or figures["planning_figure"]
        figures["percent"] = round(100 * figures["total"] / reference) if reference else None
        return [Panel("forces/_panel_strength.html", figures, order=20)]
