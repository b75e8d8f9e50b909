"""``manage.py import_indicators FILE [--format hapi|dtm|binuh] [--publish] [--dry-run]
[--skip-invalid] [--as USER]``"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _

from konbit.core.commands import ImportCommand
from konbit.core.models import ImportRun
from konbit.stability.importer import FORMATS, KIND


class Command(ImportCommand):
    help = (
        "Import indicator values (the HDX HAPI IDP file, IOM DTM's API output or the BINUH "
        "figures) through the import pipeline. Rows of other countries or unknown P-codes "
        "are reported and skipped; a file with any problem writes nothing unless "
        "--skip-invalid; importing the same file again changes nothing."
    )
    kind = KIND

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="",
            help="the file's format (default: recognised from its header)",
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the values (the public API shows them)"
        )

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"format": options["format"] or "", "publish": bool(options["publish"])}

    def refused_to(self, actor: Any, options: dict[str, Any]) -> str:
        return _("%(u)s may not import indicator values.") % {"u": actor.username}

    def report(self, run: ImportRun) -> str:
        skipped = (run.extra or {}).get("skipped", 0)
        fmt = (run.extra or {}).get("format", "")
        return _(" (format %(f)s; %(n)s rows skipped)") % {"f": fmt, "n": skipped}
