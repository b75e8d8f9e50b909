"""``manage.py import_roster FILE --contingent ISO3 [--dry-run] [--skip-invalid] [--as USER]``"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from konbit.core.commands import ImportCommand
from konbit.core.models import ImportRun
from konbit.forces.models import Contingent
from konbit.forces.roster import KIND


class Command(ImportCommand):
    help = (
        "Import a contingent's roster (CSV or XLSX) through the import pipeline. A file "
        "with any problem writes nothing unless --skip-invalid; importing the same file "
        "again changes nothing."
    )
    kind = KIND

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--contingent", required=True, metavar="ISO3")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        iso3 = options["contingent"].strip().upper()
        contingent = Contingent.objects.filter(country__iso3=iso3).first()
        if contingent is None:
            raise CommandError(_("There is no contingent of %(c)s.") % {"c": iso3})
        return {"contingent": str(contingent.pk), "iso3": iso3}

    def refused_to(self, actor: Any, options: dict[str, Any]) -> str:
        return _("%(u)s may not import the roster of %(c)s.") % {
            "u": actor.username,
            "c": options["iso3"],
        }

    def report(self, run: ImportRun) -> str:
        for person in run.extra.get("absent", []):
            self.stdout.write(
                _("not in the roster (left unchanged): %(n)s %(name)s")
                % {"n": person["service_number"], "name": person["name"]}
            )
        return ", " + _("%(a)s absent from the roster") % {"a": run.extra.get("absent_total", 0)}
