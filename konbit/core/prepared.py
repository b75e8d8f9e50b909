"""Queries compiled once per process, run on every request with that request's values.

Django compiles a queryset into SQL each time it runs one. For the few queries that
run on every API request (the token and its user) the compilation costs ten times
the query. A ``PreparedQuery`` builds its ``values_list`` queryset once per database
with a placeholder for each value, keeps the SQL and Django's converters of its
columns, and then only executes: the rows are what the queryset would give.

Values are text only (a placeholder must come through to the SQL as it was given,
which text does; a UUID or a date would be turned into the database's form first).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

Converter = Callable[[Any, Any, Any], Any]


class PreparedQuery:
    """``build(**values)`` gives a ``values_list`` queryset of ``model``; ``rows(**values)``
    runs its SQL with ``values`` (text) in the placeholders' places."""

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any]], *names: str):
        self.model = model
        self.build = build
        self.names = names
        # Per database alias: the SQL, its parameters (a name where a value goes) and
        # the converters of each column that has any. Two threads may compile at once;
        # both compile the same thing.
        self._compiled: dict[str, tuple[str, list[Any], list[tuple[int, list[Any], Any]]]] = {}

    def _compile(self, alias: str) -> tuple[str, list[Any], list[tuple[int, list[Any], Any]]]:
        marks = {name: f"konbit-placeholder-{name}-{secrets.token_hex(8)}" for name in self.names}
        queryset = self.build(**marks).using(alias)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        by_mark = {mark: name for name, mark in marks.items()}
        slots = [_Slot(by_mark[p]) if isinstance(p, str) and p in by_mark else p for p in params]
        if {s.name for s in slots if isinstance(s, _Slot)} != set(self.names) or any(
            mark in sql for mark in marks.values()
        ):
            raise TypeError("Each value of a prepared query must be a parameter of its SQL.")
        columns = [column for column, _sql, _alias in compiler.select]
        steps = [
            (index, list(funcs), expression)
            for index, (funcs, expression) in compiler.get_converters(columns).items()
        ]
        compiled = (sql, slots, steps)
        self._compiled[alias] = compiled
        return compiled

    def sql(self, **values: str) -> tuple[str, list[Any]]:
        """The SQL and parameters with ``values``, to run or to use as a subquery
        (where the columns come back as the database gives them, unconverted)."""
        alias = router.db_for_read(self.model)
        sql, slots, _steps = self._compiled.get(alias) or self._compile(alias)
        return sql, [values[p.name] if isinstance(p, _Slot) else p for p in slots]

    def rows(self, **values: str) -> list[tuple[Any, ...]]:
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias) or self._compile(alias)
        sql, slots, steps = compiled
        params = [values[p.name] if isinstance(p, _Slot) else p for p in slots]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if not steps:
            return [tuple(row) for row in fetched]
        rows = []
        for row in fetched:
            converted = list(row)
            for index, funcs, expression in steps:
                value = converted[index]
                for func in funcs:
                    value = func(value, expression, connection)
                converted[index] = value
            rows.append(tuple(converted))
        return rows


class _Slot:
    """Where a value goes among a compiled query's parameters."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name
