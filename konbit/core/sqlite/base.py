"""Django's SQLite backend, with one difference: ``flush`` (the test suite between
transactional tests, ``manage.py flush``) may empty the audit trail.

On SQLite the audit trail refuses UPDATE and DELETE by trigger (core migrations 0002
and 0003), as on PostgreSQL. PostgreSQL's flush is a TRUNCATE, which row triggers do
not see; SQLite's is a DELETE per table, which they do. So the flush that empties
every table lifts the DELETE trigger for its own statements and puts it back, and
nothing else can delete an entry.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations

from konbit.core.audit_sql import (
    AUDIT_TABLE,
    SQLITE_DROP_NO_DELETE,
    SQLITE_NO_DELETE,
)


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = super().sql_flush(style, tables, **kwargs)
        if AUDIT_TABLE not in tables:
            return statements
        return [SQLITE_DROP_NO_DELETE, *statements, SQLITE_NO_DELETE]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
