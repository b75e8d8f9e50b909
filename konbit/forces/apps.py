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
        entries = [
            ("forces.view_strength", _("Strength"), "forces:strength", 20),
            ("forces.view_personnel", _("Personnel"), "forces:personnel_list", 21),
            ("forces.view_contingent", _("Contingents"), "forces:contingents_list", 22),
            ("forces.view_unit", _("Units"), "forces:units_list", 23),
            ("forces.view_deployment", _("Deployments"), "forces:deployments_list", 24),
            ("forces.view_deploymentwave", _("Deployment waves"), "forces:waves_list", 25),
            ("forces.view_mandate", _("Mandates"), "forces:mandates_list", 26),
            ("forces.import_roster", _("Import a roster"), "forces:roster_upload", 27),
        ]
        return [
            NavItem(label, url_name, order)
            for perm, label, url_name, order in entries
            if user.has_perm(perm)
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
