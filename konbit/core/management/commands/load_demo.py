from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from konbit.core.commands import KonbitCommand
from konbit.core.parts import konbit_apps, part_module


class Command(KonbitCommand):
    help = (
        "Load the demo data (the MSS facts of DOMAIN.md) of every part. Running it "
        "again changes nothing. Refused under KONBIT_ENV=production unless --force; "
        "even then no demo user is created, since the demo users share one password."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="load the demo records into a production database (never the demo users)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                _(
                    "load_demo is refused under KONBIT_ENV=production: the demo is invented "
                    "data. Add --force to load its records anyway (no demo user is created)."
                )
            )
        actor = self.actor(options)
        loaders = []
        for config in konbit_apps():
            module = part_module(config, "demo")
            if module is not None:
                loaders.append((getattr(module, "ORDER", 100), config.label, module))
        for _order, _label, module in sorted(loaders, key=lambda item: item[0]):
            with transaction.atomic():
                module.load(actor=actor, out=self.stdout)
