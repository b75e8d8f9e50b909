from __future__ import annotations

import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from konbit.accounts import affiliations, services
from konbit.accounts.roles import ROLES
from konbit.core.commands import KonbitCommand
from konbit.core.exceptions import DomainError


class Command(KonbitCommand):
    help = "Create a user with a role. The password is read from standard input."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=", ".join(ROLES))
        # What a user may belong to comes from the parts that keep it: forces adds
        # --contingent ISO3.
        for affiliation in affiliations.registered():
            parser.add_argument(
                f"--{affiliation.name}", metavar=affiliation.metavar, help=affiliation.help
            )
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = {}
        for affiliation in affiliations.registered():
            code = options.get(affiliation.name)
            if not code:
                continue
            try:  # an unknown code is refused before the password is asked for
                affiliation.find(code)
            except DomainError as exc:
                raise CommandError(f"--{affiliation.name}: {exc.message}") from None
            codes[affiliation.name] = code
        password = self._read_password()
        try:
            user = services.user_create(
                actor=self.actor(options),
                username=options["username"],
                password=password,
                role=options["role"],
                affiliations=codes,
                email=options["email"],
            )
        except DomainError as exc:
            details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())
            raise CommandError(f"{exc.message}" + (f" ({details})" if details else "")) from None
        self.stdout.write(
            _("Created %(username)s (%(role)s).")
            % {"username": user.username, "role": options["role"]}
        )

    def _read_password(self) -> str:
        if sys.stdin is not None and sys.stdin.isatty():
            first = getpass.getpass(_("Password: "))
            if first != getpass.getpass(_("Password (again): ")):
                raise CommandError(_("The two passwords differ."))
            return first
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not password:
            raise CommandError(_("Give the password on standard input."))
        return password
