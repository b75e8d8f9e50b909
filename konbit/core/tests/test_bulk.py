"""core.bulk: the COPY text and the index rebuild of large loads."""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from typing import Any

import pytest
from django.db import connection, transaction

from konbit.core import bulk
from konbit.operations.models import Incident
from konbit.operations.tests.factories import IncidentFactory


def test_copy_text_escapes_and_converts_each_type() -> None:
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    rows = [
        ("plain", None, True, 3, 1.5, dt.date(2025, 1, 2), key),
        ("tab\there\nnew\\line\r", "x", False, None, None, None, None),
    ]
    assert bulk.copy_text(list(zip(*rows, strict=True))) == (
        "plain\t\\N\tt\t3\t1.5\t2025-01-02\t12345678-1234-5678-1234-567812345678\n"
        "tab\\there\\nnew\\\\line\\r\tx\tf\t\\N\t\\N\t\\N\t\\N\n"
    )
    assert bulk.copy_text([]) == ""
    assert bulk.copy_text([("a", "b\n")], constant=(None, 7, "x\ty")) == (
        "a\t\\N\t7\tx\\ty\nb\\n\t\\N\t7\tx\\ty\n"
    )


def test_paused_gc_restores_the_collector() -> None:
    assert gc.isenabled()
    with bulk.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def _schema() -> dict[str, Any]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Incident._meta.db_table)
    return {
        name: (tuple(info["columns"]), info["unique"], info["foreign_key"], info["index"])
        for name, info in found.items()
    }


@pytest.mark.django_db(transaction=True)
def test_bulk_load_rebuilds_indexes_and_keeps_foreign_keys() -> None:
    before = _schema()
    assert any(info[3] and not info[1] for info in before.values())  # secondary indexes
    with transaction.atomic(), bulk.bulk_load(Incident, new_rows=20_000, existing_rows=0):
        during = _schema()
        IncidentFactory.create_batch(3)
    assert _schema() == before
    # Only indexes go for the load: the foreign keys check every row as it arrives.
    assert {n: i for n, i in during.items() if i[2]} == {n: i for n, i in before.items() if i[2]}
    assert Incident.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_bulk_load_keeps_partial_indexes_and_drops_the_others_while_it_runs() -> None:
    before = _schema()
    with transaction.atomic(), bulk.bulk_load(Incident, new_rows=20_000, existing_rows=0):
        during = _schema()
    # Partial: the mission's reports, their contingent, unit and operation.
    assert {"incident_mission_released", "incident_unit", "incident_operation"} <= set(during)
    assert "incident_date_id" in before
    assert "incident_date_id" not in during
    assert _schema() == before


@pytest.mark.django_db(transaction=True)
def test_a_failed_bulk_load_restores_the_schema_and_writes_nothing() -> None:
    before = _schema()
    with (
        pytest.raises(RuntimeError),
        transaction.atomic(),
        bulk.bulk_load(Incident, new_rows=20_000, existing_rows=0),
    ):
        IncidentFactory.create_batch(2)
        raise RuntimeError("the load failed")
    assert _schema() == before
    assert not Incident.objects.exists()


def test_only_a_load_bigger_than_the_table_rebuilds() -> None:
    assert bulk.should_rebuild(10_000, 0)
    assert not bulk.should_rebuild(9_999, 0)
    assert not bulk.should_rebuild(20_000, 50_000)


@pytest.mark.django_db(transaction=True)
def test_vacuum_runs_on_postgresql_outside_a_transaction_only() -> None:
    IncidentFactory()
    with transaction.atomic():
        assert bulk.vacuum_after_load(Incident) is False
    assert bulk.vacuum_after_load(Incident) is (connection.vendor == "postgresql")


@pytest.mark.django_db
def test_analyze_refreshes_the_statistics_of_the_named_columns() -> None:
    IncidentFactory.create_batch(3)
    bulk.analyze(Incident, ["event_date", "commune_pcode"])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'operations_incident'")
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'operations_incident' "
                "AND attname IN ('event_date', 'commune_pcode')"
            )
        assert cursor.fetchone()[0] > 0
    assert bulk.settles_after_commit() is False  # inside the test's transaction
