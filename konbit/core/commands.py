"""What Konbit's management commands share: ``--as USERNAME`` for the actor in the
audit trail, and importers' runs (``ImportCommand``) with their problem lines
(``row N, column C: reason``)."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.models import ImportRun
from konbit.core.parts import konbit_apps
from konbit.core.tabular import Problem

if TYPE_CHECKING:
    # The user model (AUTH_USER_MODEL) as core knows it: core imports no other app.
    from django.contrib.auth.models import AbstractUser as User


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

    def actor(self, options: dict[str, Any]) -> Any:
        """The user (AUTH_USER_MODEL) recorded as the actor; typed ``Any`` because
        parts pass it on to services typed with their user model."""
        username = options.get("as_user")
        if not username:
            return system_user()
        user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("--as: there is no active user named %(u)s.") % {"u": username})
        return user


class ImportCommand(KonbitCommand):
    """An importer's command: the pipeline's run in the foreground (stored, checked
    and written as from the pages), problems on standard error as ``row N, column
    C: reason``, and an exit status of 1 when the file is refused (with
    ``--dry-run``: when the real run would refuse it)."""

    kind: str

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", help="the file to import")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the good rows, report the rest"
        )

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """The importer's options (``ImportRun.options``) from the command line."""
        return {}

    def refused_to(self, actor: User, options: dict[str, Any]) -> str:
        return _("%(u)s may not import this file.") % {"u": actor.username}

    def report(self, run: ImportRun) -> str:
        """Lines the importer adds to standard output; returns an addition to the
        summary."""
        return ""

    def handle(self, *args: Any, **options: Any) -> None:
        from konbit.core.imports import pipeline

        actor = self.actor(options)
        importer = pipeline.importer_for(self.kind)
        chosen = self.importer_options(options)
        if not importer.may_import(actor, chosen):
            raise CommandError(self.refused_to(actor, chosen))
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            handle = path.open("rb")
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        with handle:
            try:
                run = pipeline.start(
                    actor=actor,
                    importer=importer,
                    handle=handle,
                    file_name=path.name,
                    size=size,
                    options=chosen,
                    skip_invalid=options["skip_invalid"],
                    dry_run=options["dry_run"],
                    queue=False,
                )
            except DomainError as exc:
                self.stderr.write(str(exc.message))
                raise CommandError(str(exc.message)) from None
        run = pipeline.run_now(run)
        for warning in run.warnings:
            self.stderr.write("warning: " + Problem(**warning).line())
        for problem in run.problems:
            self.stderr.write(Problem(**problem).line())
        if run.problem_total > len(run.problems):
            more = run.problem_total - len(run.problems)
            self.stderr.write(_("... and %(n)s more problems") % {"n": more})
        summary = _("%(c)s created, %(u)s updated, %(s)s unchanged, %(r)s refused") % {
            "c": run.created,
            "u": run.updated,
            "s": run.unchanged,
            "r": run.refused,
        }
        summary += self.report(run)
        if run.status != ImportRun.Status.DONE:
            raise CommandError(
                _("Refused, nothing written (%(n)s problems): %(s)s")
                % {"n": run.problem_total, "s": summary}
            )
        if run.dry_run:
            self.stdout.write(_("Dry run, nothing written: %(s)s") % {"s": summary})
        else:
            self.stdout.write(summary)


def system_user() -> User:
    """The actor of what no person did (a command run without ``--as``). The part that
    keeps users provides it from its AppConfig (``AccountsConfig.system_user``), as
    parts provide ``nav`` and ``panels``: core imports no other app."""
    for config in konbit_apps():
        provide: Callable[[], User] | None = getattr(config, "system_user", None)
        if provide is not None:
            return provide()
    raise ImproperlyConfigured("No installed part provides the system user.")
