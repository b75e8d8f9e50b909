from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from konbit.core.commands import KonbitCommand
from konbit.forces.models import Contingent
from konbit.forces.services import roster_import


class Command(KonbitCommand):
    help = (
        "Import a contingent's roster (CSV or XLSX). A file with any problem writes "
        "nothing unless --skip-invalid; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", help="the roster, .csv or .xlsx")
        parser.add_argument("--contingent", required=True, metavar="ISO3")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the good rows, report the rest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        iso3 = options["contingent"].strip().upper()
        contingent = Contingent.objects.select_related("country").filter(country__iso3=iso3).first()
        if contingent is None:
            raise CommandError(_("There is no contingent of %(c)s.") % {"c": iso3})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from None
        try:
            result = roster_import(
                actor=actor,
                contingent=contingent,
                data=data,
                file_name=path.name,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
            )
        except PermissionDenied:
            raise CommandError(
                _("%(u)s may not import the roster of %(c)s.") % {"u": actor.username, "c": iso3}
            ) from None
        plan = result.plan
        for problem in plan.problems:
            self.stderr.write(problem.line())
        for person in plan.absent_list():
            self.stdout.write(
                _("not in the roster (left unchanged): %(n)s %(name)s")
                % {"n": person["service_number"], "name": person["name"]}
            )
        summary = _(
            "%(c)s created, %(u)s updated, %(s)s unchanged, %(r)s refused, "
            "%(a)s absent from the roster"
        ) % {
            "c": len(plan.creates),
            "u": len(plan.updates),
            "s": plan.unchanged,
            "r": plan.refused,
            "a": len(plan.absent),
        }
        if options["dry_run"]:
            self.stdout.write(_("Dry run, nothing written: %(s)s") % {"s": summary})
            if plan.problems and not options["skip_invalid"]:
                raise CommandError(_("The roster has problems; importing it would write nothing."))
            return
        if not result.written:
            raise CommandError(
                _("Roster refused, nothing written (%(n)s problems).") % {"n": len(plan.problems)}
            )
        self.stdout.write(summary)
