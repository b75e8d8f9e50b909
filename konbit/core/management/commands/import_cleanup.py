"""``manage.py import_cleanup``: delete abandoned import previews (older than a day)
and the files that ended runs left behind. Run it daily beside the task worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from konbit.core.imports.pipeline import cleanup


class Command(BaseCommand):
    help = "Delete abandoned import previews and their files (older than a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{cleanup()} abandoned import(s) cleaned up")
