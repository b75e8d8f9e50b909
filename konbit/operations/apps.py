from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "konbit.operations"
    label = "operations"
    verbose_name = _("Operations")

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
