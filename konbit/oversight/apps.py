from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "konbit.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.parts import NavItem
        from konbit.core.policies import policy_for
        from konbit.oversight.models import Complaint

        policy = policy_for(Complaint)
        if not policy.part_visible(user):
            return []
        items = [
            NavItem(_("Complaints"), "oversight:complaints", order=450),
            NavItem(_("Complaint figures"), "oversight:figures", order=451),
        ]
        if policy.can_create(user):
            items.append(NavItem(_("Referrals to open"), "oversight:referrals", order=452))
        return items

    def panels(self, request: Any) -> list[Any]:
        """Oversight officers: the complaints awaiting assessment (counts, no record)."""
        from konbit.core.parts import Panel
        from konbit.oversight.selectors import awaiting_assessment

        counts = awaiting_assessment(request.user)
        if counts is None:
            return []
        return [Panel("oversight/_panel.html", counts, order=45)]
