"""``manage.py export_incidents --fmt acled|hxl|geojson|xlsx [--output FILE] [--as USER]``

The same files as the API's export, with the reader's role rules (``--as``)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.http import QueryDict

from konbit.core.commands import KonbitCommand
from konbit.core.policies import policy_for
from konbit.operations import exports, selectors
from konbit.operations.filters import IncidentFilter
from konbit.operations.models import Incident


class Command(KonbitCommand):
    help = "Export incidents as ACLED CSV, HXL CSV, GeoJSON or XLSX."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--fmt", choices=sorted(exports.FORMATS), default="acled")
        parser.add_argument("--output", default=None, help="file to write (default: stdout)")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="a filter of the list, e.g. --filter since=2025-01-01 (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.actor(options)
        if not policy_for(Incident).part_visible(user):
            raise CommandError("This user may not read incidents.")
        params = QueryDict(mutable=True)
        for item in options["filter"]:
            name, _sep, value = item.partition("=")
            params.appendlist(name, value)
        found = IncidentFilter(params, queryset=selectors.incidents_visible_to(user), user=user)
        if not found.is_valid():
            raise CommandError(
                "; ".join(
                    f"--filter {name}: {' '.join(str(m) for m in messages)}"
                    for name, messages in found.errors.items()
                )
            )
        queryset = found.qs
        fmt = options["fmt"]
        sensitive = exports.export_audited(user, queryset, fmt, f"fmt={fmt} (command)")
        chunks: Any
        if fmt == "xlsx":
            chunks = [exports.xlsx(queryset, sensitive=sensitive)]
        elif fmt == "acled":
            chunks = exports.acled_csv(queryset, sensitive=sensitive)
        elif fmt == "hxl":
            chunks = exports.hxl_csv(queryset)
        else:
            chunks = exports.geojson(queryset, sensitive=sensitive)
        if options["output"]:
            with open(options["output"], "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        else:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk if isinstance(chunk, bytes) else chunk.encode())
