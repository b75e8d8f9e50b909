"""The database is what the models declare, on both engines: every index and unique
constraint a migrated database holds is one a model declares (a field's
``db_index``/``unique``, ``Meta.indexes`` with their conditions, ``Meta.constraints``),
and every declared one is there. Nothing is added or dropped behind the models' back."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.db import connections, models, router

pytestmark = pytest.mark.django_db(databases="__all__")

# Each index or unique constraint as (columns, unique, partial).
Signature = tuple[tuple[str, ...], bool, bool]


def _konbit_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("konbit.")
        for model in config.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _pattern_index(field: models.Field[Any, Any], connection: Any) -> bool:
    """PostgreSQL: Django gives an indexed or unique text column a second index
    (``varchar_pattern_ops``/``text_pattern_ops``) for ``LIKE 'prefix%'``."""
    if connection.vendor != "postgresql" or not (field.db_index or field.unique):
        return False
    db_type = field.db_type(connection) or ""
    return "[" not in db_type and db_type.startswith(("varchar", "text"))


def _connection(model: type[models.Model]) -> Any:
    """The database that holds ``model``'s table (import progress has its own)."""
    return connections[router.db_for_write(model)]


def declared(model: type[models.Model]) -> Counter[Signature]:
    meta = model._meta
    connection = _connection(model)
    found: Counter[Signature] = Counter()
    for field in meta.local_concrete_fields:
        column = (str(field.column),)
        if field.primary_key or field.unique:
            found[(column, True, False)] += 1
        elif field.db_index:
            found[(column, False, False)] += 1
        if _pattern_index(field, connection):
            found[(column, False, False)] += 1
    for names in meta.unique_together:
        found[(tuple(meta.get_field(n).column for n in names), True, False)] += 1  # type: ignore[union-attr]
    for index in meta.indexes:
        columns = tuple(meta.get_field(n.lstrip("-")).column for n in index.fields)  # type: ignore[union-attr]
        found[(columns, False, index.condition is not None)] += 1
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            columns = tuple(meta.get_field(n).column for n in constraint.fields)  # type: ignore[union-attr]
            found[(columns, True, constraint.condition is not None)] += 1
    return found


def _partial_names(connection: Any, table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql LIKE %s",
                [table, "% WHERE %"],
            )
        else:
            cursor.execute(
                "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND x.indpred IS NOT NULL",
                [table],
            )
        return {name for (name,) in cursor.fetchall()}


def in_database(model: type[models.Model]) -> tuple[Counter[Signature], dict[str, Any]]:
    table = model._meta.db_table
    connection = _connection(model)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    partial = _partial_names(connection, table)
    found: Counter[Signature] = Counter()
    named = {}
    for name, info in constraints.items():
        if not (info["index"] or info["unique"] or info["primary_key"]):
            continue  # checks and foreign keys
        unique = bool(info["unique"] or info["primary_key"])
        found[(tuple(info["columns"]), unique, name in partial)] += 1
        named[name] = info
    return found, named


@pytest.mark.parametrize("model", _konbit_models(), ids=lambda m: m._meta.label)
def test_the_database_holds_the_indexes_the_model_declares(model: type[models.Model]) -> None:
    found, named = in_database(model)
    assert found == declared(model)
    # The indexes and constraints the models name are there by their names, their
    # columns in their order.
    for index in model._meta.indexes:
        assert index.name in named, index.name
        orders = ["DESC" if n.startswith("-") else "ASC" for n in index.fields]
        assert named[index.name]["orders"] == orders, index.name
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            assert constraint.name in named, constraint.name
