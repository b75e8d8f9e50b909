"""The incident tally: exact totals kept by the database, whatever writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from konbit.core import bulk
from konbit.operations import selectors, tally
from konbit.operations.models import Incident, IncidentTally, Origin
from konbit.operations.services import incident_release_to_hnp
from konbit.operations.tests.factories import IncidentFactory, import_acled
from konbit.operations.tests.test_acled_import import SAMPLE


def counted() -> dict[tuple[str, bool], int]:
    found: dict[tuple[str, bool], int] = {}
    for incident in Incident.objects.all():
        key = (incident.origin, incident.released_to_hnp)
        found[key] = found.get(key, 0) + 1
    return found


def tallied() -> dict[tuple[str, bool], int]:
    return {(t.origin, t.released_to_hnp): t.n for t in IncidentTally.objects.all() if t.n}


@pytest.mark.django_db
def test_every_kind_of_write_keeps_the_tally_exact(cast: dict[str, Any]) -> None:
    IncidentFactory.create_batch(3)
    IncidentFactory(released_to_hnp=True)
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    assert (
        tallied()
        == counted()
        == {("mission", False): 3, ("mission", True): 1, ("acled", False): 22}
    )
    incident = Incident.objects.filter(origin=Origin.MISSION, released_to_hnp=False).first()
    assert incident is not None
    incident_release_to_hnp(actor=cast["hq_staff"], incident=incident, version=incident.version)
    two = list(Incident.objects.filter(origin=Origin.ACLED).values_list("pk", flat=True)[:2])
    Incident.objects.filter(pk__in=two).delete()
    Incident.objects.filter(origin=Origin.MISSION).update(fatalities=1)  # not a tallied column
    assert (
        tallied()
        == counted()
        == {("mission", False): 2, ("mission", True): 2, ("acled", False): 20}
    )


@pytest.mark.django_db
def test_a_bulk_load_that_rebuilds_the_indexes_keeps_the_tally(
    cast: dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setattr(bulk, "REBUILD_AFTER", 1)
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    assert tallied() == counted() == {("acled", False): 22}
    IncidentFactory()  # the triggers paused for the load are back
    assert tallied() == counted() == {("acled", False): 22, ("mission", False): 1}


def triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'operations_incident'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'operations_incident'::regclass AND NOT tgisinternal"
            )
        return {name for (name,) in cursor.fetchall()}


TRIGGERS = {
    f"operations_incident_tally_{name}"
    for name in ("insert", "delete", "update", "truncate")
    if name != "truncate" or connection.vendor == "postgresql"
}


@pytest.mark.django_db(transaction=True)
def test_migrate_installs_the_triggers_and_recounts_the_tally() -> None:
    assert triggers() == TRIGGERS  # as every migrated database has them
    IncidentFactory.create_batch(2)
    # Back before the migration that installs them (it rebuilds the table on SQLite).
    call_command("migrate", "operations", "0011_mission_incident_permission", verbosity=0)
    assert triggers() == set()
    IncidentFactory()  # not tallied
    IncidentTally.objects.update(n=999)
    # Every app forward: going back unapplied the migrations of other parts that
    # depend on operations' later ones, and the tests after this one need them.
    call_command("migrate", verbosity=0)
    assert triggers() == TRIGGERS
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM operations_incident")
        assert cursor.fetchone()[0] == tally.total() == 3
    assert tallied() == counted() == {("mission", False): 3}
    IncidentFactory(released_to_hnp=True)
    assert tallied() == {("mission", False): 3, ("mission", True): 1}


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "total"), [("hq_staff", 26), ("analyst", 26), ("hnp_liaison", 23)])
def test_unfiltered_lists_read_their_total_from_the_tally(
    cast: dict[str, Any], api_as: Any, client_as: Any, who: str, total: int
) -> None:
    IncidentFactory.create_batch(3)
    IncidentFactory(released_to_hnp=True)
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    assert selectors.incidents_visible_total(cast[who]) == total
    assert selectors.incidents_visible_to(cast[who]).count() == total
    with CaptureQueriesContext(connection) as queries:
        body = api_as(cast[who]).get("/api/v1/incidents/?page_size=10").json()
    assert body["count"] == total and len(body["results"]) == 10
    assert not [q for q in queries if "COUNT(" in q["sql"] and "operations_incident" in q["sql"]]
    filtered = api_as(cast[who]).get("/api/v1/incidents/?origin=acled").json()
    assert filtered["count"] == 22
    page = client_as(cast[who]).get("/incidents/")
    assert page.context["page"].paginator.count == total


@pytest.mark.django_db
def test_no_reader_no_total(cast: dict[str, Any]) -> None:
    IncidentFactory()
    from django.contrib.auth.models import AnonymousUser

    assert selectors.incidents_visible_total(AnonymousUser()) == 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_import_leaves_the_tally_as_it_was(cast: dict[str, Any]) -> None:
    IncidentFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
        raise RuntimeError("abandoned")
    assert tallied() == counted() == {("mission", False): 1}
