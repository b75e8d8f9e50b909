from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from konbit.accounts.services import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    name = "konbit.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Groups follow the parts' permission tables after every migrate (setup, not
        # business logic).
        post_migrate.connect(_sync_roles, dispatch_uid="konbit.accounts.roles_sync")
        from konbit.accounts import schema  # noqa: F401  (registers the OpenAPI extension)

    def system_user(self) -> Any:
        """The actor of management commands run without ``--as`` (asked for by
        ``core.commands``, which imports no other app)."""
        from konbit.accounts.services import system_user

        return system_user()
