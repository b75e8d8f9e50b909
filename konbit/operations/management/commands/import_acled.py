"""``manage.py import_acled FILE [--country C] [--dry-run] [--skip-invalid] [--as USER]``"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _

from konbit.core.commands import ImportCommand
from konbit.core.models import ImportRun
from konbit.operations.acled import skipped_text
from konbit.operations.acled_write import KIND

COUNTRY_HELP = (
    "keep only this country's events: ACLED's country name or an ISO 3166 code "
    "(Haiti, HTI or 332); the others are counted and skipped. Default: every event of "
    "the file, whatever its country, because the file is what was chosen on ACLED's "
    "side (its export and API already choose the countries) and an import drops "
    "nothing it was not asked to; events outside Haiti get no commune."
)


class Command(ImportCommand):
    help = (
        "Import an ACLED file (full export or API subset, CSV or XLSX) into the incidents, "
        "through the import pipeline. Every country of the file unless --country."
    )
    kind = KIND

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--country", default="", help=COUNTRY_HELP)

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"country": (options["country"] or "").strip()}

    def refused_to(self, actor: Any, options: dict[str, Any]) -> str:
        return _("%(u)s may not import ACLED files.") % {"u": actor.username}

    def report(self, run: ImportRun) -> str:
        skipped = run.extra.get("other_country", 0)
        if not skipped:
            return ""
        return "; " + skipped_text(skipped, run.extra.get("other_countries", []))
