from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from konbit.core.parts import NavItem


class TrainingConfig(AppConfig):
    name = "konbit.training"
    label = "training"
    verbose_name = _("Training")

    def nav(self, user: Any) -> list[NavItem]:
        from konbit.core.policies import policy_for
        from konbit.training import models as m

        entries = [
            (m.Cohort, "view", _("Cohorts"), "training:cohorts_list", 60),
            (m.Trainee, "view", _("Trainees"), "training:trainees_list", 61),
            (m.Programme, "view", _("Programmes"), "training:programmes_list", 62),
            (m.Enrolment, "import", _("Import attendance and results"), "training:import", 63),
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
        from konbit.training.importer import ResultsImporter

        return [ResultsImporter()]
