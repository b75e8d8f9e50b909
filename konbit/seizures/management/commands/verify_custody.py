"""``manage.py verify_custody [--item EXHIBIT]``: check every custody chain (or one
item's), name each broken item and entry, exit 1 if any is broken."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from konbit.seizures import chain
from konbit.seizures.models import SeizedItem


class Command(BaseCommand):
    help = "Check the hash chain of every item's custody log; exit 1 naming what is broken."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--item", metavar="EXHIBIT", help="check only the item with this exhibit number"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        items = None
        if options.get("item"):
            item = SeizedItem.objects.filter(exhibit_number=options["item"]).first()
            if item is None:
                raise CommandError(
                    _("There is no item with exhibit number %(n)s.") % {"n": options["item"]}
                )
            items = [item]
        checked = broken = 0
        for result in chain.verify(items):
            checked += 1
            if result.ok:
                continue
            broken += 1
            for problem in result.breaks:
                self.stderr.write(
                    _("item %(n)s (%(id)s): %(problem)s")
                    % {"n": result.exhibit_number, "id": result.item_id, "problem": problem}
                )
        if broken:
            self.stderr.write(
                _("%(b)s of %(n)s items have a broken chain of custody.")
                % {"b": broken, "n": checked}
            )
            sys.exit(1)
        self.stdout.write(_("%(n)s items: every chain of custody verifies.") % {"n": checked})
