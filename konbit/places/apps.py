from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "konbit.places"
    label = "places"
    verbose_name = _("Places")

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.parts import NavItem
        from konbit.places.selectors import gazetteer_readable

        if not gazetteer_readable(user):
            return []
        return [NavItem(_("Places"), "places:index", order=800)]
