"""``manage.py import_acled FILE [--country Haiti] [--dry-run] [--skip-invalid] [--as USER]``"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _

from konbit.core.commands import ImportCommand
from konbit.core.models import ImportRun
from konbit.operations.acled_write import KIND


class Command(ImportCommand):
    help = (
        "Import an ACLED file (full export or API subset, CSV or XLSX) into the incidents, "
        "through the import pipeline. Every country of the file unless --country."
    )
    kind = KIND

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--country", default="", help="keep only this country's rows")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"country": options["country"].strip()}

    def refused_to(self, actor: Any, options: dict[str, Any]) -> str:
        return _("%(u)s may not import ACLED files.") % {"u": actor.username}

    def report(self, run: ImportRun) -> str:
        return ", " + _("%(n)s of another country") % {"n": run.extra.get("other_country", 0)}
