"""What Konbit's management commands share: ``--as USERNAME`` for the actor in the
audit trail, and importers' problem lines (``row N, column C: reason``)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from konbit.accounts.models import User


class KonbitCommand(BaseCommand):
    """A command that changes data, on behalf of ``--as`` (default: ``system``)."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            default=None,
            help="the user recorded as the actor in the audit trail (default: system)",
        )

    def actor(self, options: dict[str, Any]) -> User:
        from konbit.accounts.models import User
        from konbit.accounts.services import system_user

        username = options.get("as_user")
        if not username:
            return system_user()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("--as: there is no active user named %(u)s.") % {"u": username})
        return user
