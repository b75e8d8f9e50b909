"""``manage.py access_table``: DESIGN.md's "Who sees what", from the live policies
(Markdown; docs/access.md is this command's output)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from konbit.core.access_table import as_markdown


class Command(BaseCommand):
    help = "Print the role x entity access table computed from the policies (Markdown)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(as_markdown(), ending="")
