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

from django.core.exceptions import EmptyResultSet
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


def json_rows(queryset: QuerySet[Any], fields: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``queryset`` (sliced or not) as ``{field: value}`` with values as the
    JSON encoder would write them. One query. Only the field kinds of ``_TO_JSON``."""
    values = queryset.values_list(*fields)
    compiler = values.query.get_compiler(values.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    if len(compiler.select) != len(fields):
        raise TypeError("json_rows reads plain fields only.")
    steps: list[tuple[int, Callable[[Any], Any]]] = []
    for index, (expression, _sql, _alias) in enumerate(compiler.select):
        kind = expression.output_field.get_internal_type()
        if kind not in _TO_JSON:
            raise TypeError(f"json_rows cannot read {fields[index]} ({kind}).")
        step = _TO_JSON[kind]
        if step is not None:
            steps.append((index, step))
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = tuple(fields)
    result = [dict(zip(names, row, strict=True)) for row in rows]
    for index, step in steps:
        name = names[index]
        for item in result:
            value = item[name]
            if value is not None:
                item[name] = step(value)
    return result


class JsonRows:
    """``queryset``'s rows as ``json_rows`` gives them, for a paginator: it counts with
    the queryset's ``count()`` and reads only the slice of a page."""

    def __init__(self, queryset: QuerySet[Any], fields: Sequence[str]) -> None:
        self.queryset = queryset
        self.fields = tuple(fields)
        self.ordered = queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        if not isinstance(key, slice):
            raise TypeError("JsonRows reads slices only.")
        return json_rows(self.queryset[key], self.fields)
