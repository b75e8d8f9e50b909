"""A queryset's rows read straight into JSON-ready values, for the API's big lists.

Reading a page of 100 incidents through ``values()`` makes a ``uuid.UUID`` and a
``datetime.date`` of every id and date, which the JSON encoder then turns back into
text: on a slim list that costs more than the query. ``JsonRows`` runs the same SQL
(the queryset's filters, scoping, order and slice, compiled by Django) on a cursor and
turns each column into what the encoder would have written, with one cheap step per
column: a UUID as its hyphenated text, a date in ISO 8601, a boolean as a boolean,
numbers and text as they come. The JSON is the same as from ``values()``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet


def _uuid_text(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str) and len(value) == 32:
        # SQLite keeps a UUID as its 32 hex digits.
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(uuid.UUID(str(value)))


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# The conversion of each kind of column (by ``Field.get_internal_type()``); None: the
# database's value is already what the encoder writes.
_TO_JSON: dict[str, Callable[[Any], Any] | None] = {
    "UUIDField": _uuid_text,
    "DateField": _date_text,
    "BooleanField": bool,
    "CharField": None,
    "TextField": None,
    "SlugField": None,
    "EmailField": None,
    "URLField": None,
    "FloatField": None,
    "IntegerField": None,
    "SmallIntegerField": None,
    "BigIntegerField": None,
    "PositiveIntegerField": None,
    "PositiveSmallIntegerField": None,
    "PositiveBigIntegerField": None,
    "AutoField": None,
    "BigAutoField": None,
    "SmallAutoField": None,
}


class _Compiled:
    """A values query compiled once: its SQL, the steps of its columns and, when the
    query is plain enough to be counted from the same pieces, the SQL that counts its
    rows and the SQL of a page that counts them too (one round trip)."""

    def __init__(
        self,
        queryset: QuerySet[Any],
        fields: Sequence[str],
        total: tuple[str, list[Any]] | None = None,
    ) -> None:
        values = queryset.values_list(*fields)
        query = values.query
        self.db = values.db
        self.names = tuple(fields)
        self.empty = False
        self.count_sql: tuple[str, list[Any]] | None = None
        self.counted_sql: tuple[str, list[Any]] | None = None
        compiler = query.get_compiler(self.db)
        try:
            self.sql, self.params = compiler.as_sql()
        except EmptyResultSet:
            self.empty = True
            return
        if len(compiler.select) != len(fields):
            raise TypeError("json_rows reads plain fields only.")
        self.steps: list[tuple[int, Callable[[Any], Any]]] = []
        for index, (expression, _sql, _alias) in enumerate(compiler.select):
            kind = expression.output_field.get_internal_type()
            if kind not in _TO_JSON:
                raise TypeError(f"json_rows cannot read {fields[index]} ({kind}).")
            step = _TO_JSON[kind]
            if step is not None:
                self.steps.append((index, step))
        self.sliceable = not (query.combinator or query.select_for_update or query.is_sliced)
        # COUNT(*) over the same FROM and WHERE: the number of rows the list pages
        # through, without compiling a second query. Only for a plain query (no
        # DISTINCT, grouping, HAVING or extra tables) whose tables are all still known.
        plain = (
            self.sliceable
            and not query.distinct
            and query.group_by is None
            and not query.extra_tables
            and compiler.having is None
            and compiler.qualify is None
            and set(query.alias_map) <= set(query.alias_refcount)
        )
        if total is not None:
            count, count_params = total
        elif plain:
            from_, from_params = compiler.get_from_clause()
            try:
                where, where_params = (
                    compiler.compile(compiler.where) if compiler.where is not None else ("", [])
                )
            except FullResultSet:
                where, where_params = "", []
            # Django's compiled pieces; the values stay parameters.
            count = "SELECT COUNT(*) FROM " + " ".join(from_)  # noqa: S608
            if where:
                count += " WHERE " + where
            count_params = [*from_params, *where_params]
        else:
            return
        self.count_sql = (count, count_params)
        if not self.sliceable:
            return
        # The page with the count as one more column, a subquery that does not depend
        # on the row (both databases compute it once): when the SQL starts with the
        # plain columns as Django writes them, the count goes after them.
        quote = connections[self.db].ops.quote_name
        columns = ", ".join(
            f"{column_sql} AS {quote(alias)}" if alias else column_sql
            for _expression, (column_sql, _params), alias in compiler.select
        )
        head = f"SELECT {columns} FROM "  # noqa: S608 (compiled pieces, values are parameters)
        if self.sql.startswith(head) and not any(p for _e, (_s, p), _a in compiler.select):
            self.counted_sql = (
                f"SELECT {columns}, ({count}) FROM {self.sql[len(head) :]}",  # noqa: S608
                [*count_params, *self.params],
            )

    def fetch(
        self, low: int = 0, high: int | None = None, *, counted: bool = False
    ) -> tuple[list[dict[str, Any]], int | None]:
        """The rows from ``low`` to ``high``, and with ``counted`` (when the query
        allows it, see ``counted_sql``) the number of all the rows, None without a row
        to carry it."""
        if self.empty or (high is not None and high <= low):
            return [], None
        connection = connections[self.db]
        sql, params = self.sql, self.params
        counted = counted and self.counted_sql is not None
        if counted:
            sql, params = self.counted_sql  # type: ignore[misc]
        if low or high is not None:
            if not self.sliceable:
                raise TypeError("This query cannot be sliced again.")
            sql += " " + connection.ops.limit_offset_sql(low, high)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        total = None
        if counted and fetched:
            total = int(fetched[0][-1])
            fetched = [row[:-1] for row in fetched]
        names = self.names
        result = [dict(zip(names, row, strict=True)) for row in fetched]
        for index, step in self.steps:
            name = names[index]
            for item in result:
                value = item[name]
                if value is not None:
                    item[name] = step(value)
        return result, total


def json_rows(queryset: QuerySet[Any], fields: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``queryset`` (sliced or not) as ``{field: value}`` with values as the
    JSON encoder would write them. One query. Only the field kinds of ``_TO_JSON``."""
    return _Compiled(queryset, fields).fetch()[0]


class JsonRows:
    """``queryset``'s rows as ``json_rows`` gives them, for a paginator: it counts the
    rows and reads only the slice of a page, from one compilation of the query.

    ``total``, the SQL (one row, one column) and parameters of a number known to be
    the count of the rows (e.g. from a tally kept by the database), counts instead of
    a COUNT(*) over the rows.

    A paginator counts before it reads a page. Told the page it will read
    (``expect_page``), the count reads that page with the count in one query, and the
    page is then served from it."""

    def __init__(
        self,
        queryset: QuerySet[Any],
        fields: Sequence[str],
        total: tuple[str, list[Any]] | None = None,
    ) -> None:
        self.queryset = queryset
        self.fields = tuple(fields)
        self.total = total
        self.ordered = queryset.ordered
        self._compiled: _Compiled | None = None
        self._expected: tuple[int, int] | None = None
        self._read: tuple[int, int, list[dict[str, Any]]] | None = None

    @property
    def compiled(self) -> _Compiled:
        if self._compiled is None:
            self._compiled = _Compiled(self.queryset, self.fields, self.total)
        return self._compiled

    def expect_page(self, low: int, high: int) -> None:
        """The next count will be followed by a read of rows ``low`` to ``high``."""
        self._expected = (low, high)

    def count(self) -> int:
        compiled = self.compiled
        if compiled.empty:
            return 0
        if self._expected is not None and compiled.counted_sql is not None:
            low, high = self._expected
            rows, total = compiled.fetch(low, high, counted=True)
            if total is not None:
                self._read = (low, high, rows)
                return total
        if compiled.count_sql is None:
            return self.queryset.count()
        sql, params = compiled.count_sql
        with connections[compiled.db].cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("JsonRows reads slices only.")
        compiled = self.compiled
        low, high = key.start or 0, key.stop
        if low < 0 or (high is not None and high < 0):
            raise ValueError("Negative indexing is not supported.")
        if self._read is not None and self._read[0] == low:
            # The page read with the count, if it holds the rows asked for: up to the
            # end it read to, or up to the last row when it stopped short of that end
            # (a paginator ends the last page at the count).
            _low, read_high, rows = self._read
            complete = len(rows) < read_high - low
            if high is not None and high <= read_high:
                return rows[: high - low]
            if complete:
                return rows
        if not compiled.empty and not compiled.sliceable:
            return json_rows(self.queryset[key], self.fields)
        return compiled.fetch(low, high)[0]
