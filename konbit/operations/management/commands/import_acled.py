"""``manage.py import_acled FILE [--country HTI] [--dry-run] [--skip-invalid] [--as USER]``"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from konbit.core.commands import KonbitCommand
from konbit.core.exceptions import DomainError
from konbit.operations.acled import skipped_text
from konbit.operations.acled_write import import_acled

COUNTRY_HELP = (
    "keep only this country's events: ACLED's country name or an ISO 3166 code "
    "(Haiti, HTI or 332); the others are counted and skipped. Default: every event of "
    "the file, whatever its country, because the file is what was chosen on ACLED's "
    "side (its export and API already choose the countries) and an import drops "
    "nothing it was not asked to; events outside Haiti get no commune."
)


class Command(KonbitCommand):
    help = "Import an ACLED CSV file (full export or API subset) into the incidents."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--country", default=None, help=COUNTRY_HELP)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the good rows of a file with errors"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            result = import_acled(
                data,
                actor=self.actor(options),
                file_name=path.name,
                country=options["country"],
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning.line()}")
        for problem in result.problems:
            self.stderr.write(problem.line())
        summary = (
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.refused} refused"
        )
        if result.other_country:
            summary += "; " + skipped_text(result.other_country, result.other_countries)
        if not result.accepted:
            self.stderr.write(f"The file was refused: nothing was written ({summary}).")
            sys.exit(1)
        prefix = "Dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(prefix + summary)
