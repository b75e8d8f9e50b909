from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "konbit.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.parts import NavItem
        from konbit.core.policies import policy_for
        from konbit.outreach.models import Activity, Referral

        items = []
        if policy_for(Activity).part_visible(user):
            items += [
                NavItem(_("Outreach activities"), "outreach:activities", order=400),
                NavItem(_("Outreach statistics"), "outreach:stats", order=401),
                NavItem(_("Outreach map"), "outreach:map", order=402),
            ]
        if policy_for(Referral).part_visible(user):
            items.append(NavItem(_("Referrals from outreach"), "outreach:referrals", order=405))
        return items
