from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "konbit.actors"
    label = "actors"
    verbose_name = _("Armed groups")

    def nav(self, user: Any) -> list[Any]:
        return []

    def panels(self, request: Any) -> list[Any]:
        return []
