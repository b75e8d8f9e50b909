"""SQL that a migration runs on one database engine only.

Konbit runs on SQLite and PostgreSQL, and what the database keeps by itself (the
audit trail's append-only trigger, the incident tally's triggers) is written in each
engine's own SQL. A migration gives both, each as a ``RunSQLOn`` of its engine; the
other engine skips it. Everything else about it is Django's ``RunSQL``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """``RunSQL`` on the engine ``vendor`` ("sqlite", "postgresql") only."""

    def __init__(self, vendor: str, sql: Any, reverse_sql: Any = None, **kwargs: Any) -> None:
        self.vendor = vendor
        super().__init__(sql, reverse_sql, **kwargs)

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, *args)

    def describe(self) -> str:
        return f"Raw SQL operation on {self.vendor}"
