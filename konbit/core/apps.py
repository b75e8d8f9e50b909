from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "konbit.core"
    label = "core"
    verbose_name = _("Core")
    nav_label = _("Imports and audit")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from konbit.core.imports.progress import migrate_with_default

        post_migrate.connect(migrate_with_default, sender=self, dispatch_uid="core.progress")

    def actions(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from konbit.core.models import ImportRun
        from konbit.core.parts import ActionItem

        pending = ImportRun.objects.filter(actor=user, status=ImportRun.Status.PENDING).count()
        return [ActionItem(_("Imports to review and confirm"), reverse("core:imports"), pending)]

    def nav(self, user: Any) -> list[Any]:
        from konbit.core.models import AuditEntry
        from konbit.core.parts import NavItem
        from konbit.core.policies import policy_for

        items = [NavItem(_("Imports"), "core:imports", order=900)]
        from django.contrib.auth.models import Group

        if policy_for(Group).part_visible(user):
            items.append(NavItem(_("Who sees what"), "core:access_table", order=905))
        if policy_for(AuditEntry).part_visible(user):
            items.append(NavItem(_("Audit trail"), "core:audit", order=910))
        return items
