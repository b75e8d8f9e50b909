"""``manage.py resolve_actor_names [--as USERNAME]``: bring the actor-name table and
the incidents' links to groups in line with the incidents and the registry (after an
import made outside Konbit's importer, or after adding aliases)."""

from __future__ import annotations

from typing import Any

from konbit.actors.services.resolver import actor_names_refresh
from konbit.core.commands import KonbitCommand


class Command(KonbitCommand):
    help = "Resolve the actor names of every incident to armed groups."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = actor_names_refresh(actor=self.actor(options))
        self.stdout.write(
            f"{counts['names']} names ({counts['new']} new, {counts['linked']} linked); "
            f"links: {counts['links_added']} added, {counts['links_removed']} removed"
        )
