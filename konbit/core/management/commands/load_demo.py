from __future__ import annotations

from typing import Any

from django.db import transaction

from konbit.core.commands import KonbitCommand
from konbit.core.parts import konbit_apps, part_module


class Command(KonbitCommand):
    help = (
        "Load the demo data (the MSS facts of DOMAIN.md) of every part. Running it "
        "again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        loaders = []
        for config in konbit_apps():
            module = part_module(config, "demo")
            if module is not None:
                loaders.append((getattr(module, "ORDER", 100), config.label, module))
        for _order, _label, module in sorted(loaders, key=lambda item: item[0]):
            with transaction.atomic():
                module.load(actor=actor, out=self.stdout)
