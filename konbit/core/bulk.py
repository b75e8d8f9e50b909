"""Loading many rows at once: what both databases' manuals advise for a bulk load,
in one place for every importer.

- ``paused_gc``: Python's cycle collector re-scans every live container each time
  enough new ones are made; a 100,000-row file makes millions, so the collector
  alone can double an import's time. It is paused for the load and resumed after.
- ``bulk_load``: a large load into a small table drops the table's non-unique
  indexes and builds each once at the end: a sorted build is several times faster
  than growing a dozen B-trees a row at a time. Partial indexes stay: they cover
  few rows (a load rarely touches them) and are cheap to keep up. Unique indexes,
  primary keys and foreign keys stay: they check the rows as they arrive. Dropping
  and building indexes is the only DDL a load does (with the incident tally's
  triggers, ``operations.tally.paused``), inside the import's transaction: DDL is
  transactional on both databases, so a failure restores everything. On SQLite
  readers keep the old data and indexes until the commit; on PostgreSQL they wait
  for it (the table is locked for the load, which is why only a load bigger than
  the table does this).
- ``ordered_ids``: new UUIDs that sort in the order they are made, so that a
  primary-key index grows at its end.
- ``update_each``: many rows changed, one UPDATE a row run with ``executemany``
  (Django's ``bulk_update`` builds a CASE of every row per field: its time grows
  with the square of a batch).
- ``copy_text``, ``copy_rows``: PostgreSQL's COPY, its text built column by column.
- ``analyze`` inside the load's transaction, or ``vacuum_after_load`` once it has
  committed: statistics for the planner (and PostgreSQL's visibility map).
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Iterator, Sequence

from django.db import connection
from django.db.models import Model

# A load of at least this many new rows, and more than the table holds, rebuilds.
REBUILD_AFTER = 10_000


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def should_rebuild(new_rows: int, existing_rows: int) -> bool:
    return new_rows >= REBUILD_AFTER and new_rows > existing_rows


@contextlib.contextmanager
def bulk_load(model: type[Model], *, new_rows: int, existing_rows: int) -> Iterator[None]:
    """Rebuild ``model``'s secondary indexes after the block, when the load is big
    enough to gain from it. Call inside a transaction."""
    if not should_rebuild(new_rows, existing_rows):
        yield
        return
    table = model._meta.db_table
    if connection.vendor == "sqlite":
        with _sqlite_rebuild(table):
            yield
    elif connection.vendor == "postgresql":
        with _postgresql_rebuild(table):
            yield
    else:  # pragma: no cover - Konbit runs on these two
        yield


@contextlib.contextmanager
def _sqlite_rebuild(table: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = %s AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%' "
            "AND sql NOT LIKE '%% WHERE %%'",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        # The index builds sort with helper threads.
        cursor.execute("PRAGMA threads = 2")
        for _name, sql in indexes:
            cursor.execute(sql)
        cursor.execute("PRAGMA threads = 0")


@contextlib.contextmanager
def _postgresql_rebuild(table: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary "
            "AND x.indpred IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        # An index cannot be dropped or built while foreign-key checks queued earlier
        # in the transaction wait on its table: they run now, and the load's own at
        # the end of each of its statements.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def ordered_ids(count: int) -> list[str]:
    """``count`` new UUIDs (as 32 hex digits) that sort in the order they are made,
    in the layout of UUID version 7: 48-bit milliseconds, the version, then a 36-bit
    sequence around the variant bits, and 36 random bits. The primary-key index grows
    at its end instead of everywhere at once."""
    millis = f"{int(time.time() * 1000) & ((1 << 48) - 1):012x}"
    noise = os.urandom(5 * count).hex()
    return [
        f"{millis}7{i >> 24 & 0xFFF:03x}{8 | (i >> 22 & 0x3):x}{i & 0x3FFFFF:06x}"
        f"{noise[10 * i + 1 : 10 * i + 10]}"
        for i in range(count)
    ]


# PostgreSQL's COPY text format: a tab between columns, \N for NULL, and a backslash
# before what would end a field or a line.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = ("\\", "\t", "\n", "\r")
# The backslash first, so that the others' backslashes are not doubled.
_COPY_REPLACEMENTS = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def _copy_value(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def copy_text(columns: Sequence[Sequence[object]], constant: tuple[object, ...] = ()) -> str:
    """The rows of ``columns`` (one sequence per column), each followed by the
    ``constant`` values, as the text of a COPY ... FROM STDIN, built column by
    column: a column's distinct values are converted once and the column mapped in
    C; the constant part is written once."""
    if not columns or not columns[0]:
        return ""
    texts: list[Sequence[object]] = []
    for column in columns:
        kinds = set(map(type, column))
        if kinds == {str}:
            joined = "\x00".join(column)  # type: ignore[arg-type]
            if any(special in joined for special in _COPY_SPECIAL):
                # Escaped all at once (NUL cannot be in a PostgreSQL text anyway), with
                # str.replace: translate() is slow when a character becomes two.
                for special, escaped in _COPY_REPLACEMENTS:
                    if special in joined:
                        joined = joined.replace(special, escaped)
                column = joined.split("\x00")
            texts.append(column)
        elif kinds <= {int, float}:
            texts.append(list(map(str, column)))
        else:
            table = {value: _copy_value(value) for value in set(column)}
            texts.append(list(map(table.__getitem__, column)))
    lines = map("\t".join, zip(*texts, strict=True))  # type: ignore[call-overload]
    if constant:
        tail = "\t" + "\t".join(map(_copy_value, constant)) + "\n"
        return tail.join(lines) + tail
    return "\n".join(lines) + "\n"


def copy_rows(
    table: str,
    columns: str,
    values: Sequence[Sequence[object]],
    constant: tuple[object, ...] = (),
) -> None:
    """Insert the rows of ``values`` (one sequence per column, each row followed by
    the ``constant`` values) into ``table`` (``columns``: the quoted column list)
    with PostgreSQL's COPY."""
    if not values or not values[0]:
        return
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(copy_text(values, constant))


def update_each(objects: Sequence[Model], fields: Sequence[str]) -> int:
    """Write ``fields`` of each of ``objects`` (all of one model) to its row: one
    statement, run once a row with ``executemany``. Returns the number of rows."""
    if not objects:
        return 0
    meta = type(objects[0])._meta
    quote = connection.ops.quote_name
    concrete = [meta.get_field(name) for name in fields]
    sets = ", ".join(f"{quote(field.column)} = %s" for field in concrete)  # type: ignore[union-attr,arg-type]
    pk = meta.pk
    assert pk is not None
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"  # noqa: S608
    rows = [
        (
            *(
                field.get_db_prep_save(getattr(obj, field.attname), connection)  # type: ignore[union-attr]
                for field in concrete
            ),
            pk.get_db_prep_save(obj.pk, connection),
        )
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def _columns(model: type[Model], fields: Sequence[str]) -> str:
    columns = [str(model._meta.get_field(f).column) for f in fields]  # type: ignore[union-attr]
    quoted = [connection.ops.quote_name(column) for column in columns]
    return f" ({', '.join(quoted)})" if quoted else ""


def analyze(model: type[Model], fields: Sequence[str] = ()) -> None:
    """Fresh planner statistics after a large load, inside its transaction: SQLite
    has none until ANALYZE (from a sample of each index: enough for the planner, a
    fraction of the time of reading every index whole); PostgreSQL's autovacuum would
    come later. On PostgreSQL only ``fields`` (the columns queries filter and group
    on), not the long texts."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 2000")
            cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute(f"ANALYZE {table}{_columns(model, fields)}")


def settles_after_commit() -> bool:
    """Whether ``vacuum_after_load`` will run once the load commits (PostgreSQL,
    not inside a caller's transaction): then it also does ``analyze``'s work."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def vacuum_after_load(model: type[Model], fields: Sequence[str] = ()) -> bool:
    """After a large load has committed, on PostgreSQL: VACUUM (ANALYZE) the table,
    so that its visibility map lets counts and covering indexes answer from the
    index alone instead of reading every new row (autovacuum would come, later), and
    the planner has statistics of ``fields``. Only outside a transaction (VACUUM
    cannot run in one); returns whether it ran."""
    if not settles_after_commit():
        return False
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {table}{_columns(model, fields)}")
    return True
