"""The incident tally: how many incidents there are of each origin and release state,
kept exact by the database itself, so that an unfiltered list (the most common
request) reads its total from a few rows instead of counting every incident.

The triggers follow every write, whatever makes it (services, the bulk importer's
``executemany``/``COPY``, a shell): on SQLite a trigger per row, on PostgreSQL one per
statement over its transition table (a ``COPY`` of 100,000 rows adds one grouped
query). They are defined here once and installed by migrations
(``migration_operations()``): the migration that created them, and every migration
that rebuilds the incident table on SQLite, which drops the table's triggers (see
docs/architecture.md, "Writing a migration"). Each installation recounts the tally.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections

from konbit.core.engine_sql import RunSQLOn

_NAMES = ("insert", "delete", "update", "truncate")
_FUNCTIONS = ("rows", "move", "reset")

_DROP_TRIGGERS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS operations_incident_tally_{name}" for name in _NAMES],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS operations_incident_tally_{name} ON operations_incident"
        for name in _NAMES
    ],
}
# Created after any of the same name is dropped, so that installing them again (after
# a table rebuild, or with a changed definition) replaces them.
_SQLITE = [
    *_DROP_TRIGGERS["sqlite"],
    """CREATE TRIGGER operations_incident_tally_insert
    AFTER INSERT ON operations_incident BEGIN
      INSERT INTO operations_incidenttally (origin, released_to_hnp, n)
      VALUES (NEW.origin, NEW.released_to_hnp, 1)
      ON CONFLICT (origin, released_to_hnp) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER operations_incident_tally_delete
    AFTER DELETE ON operations_incident BEGIN
      UPDATE operations_incidenttally SET n = n - 1
      WHERE origin = OLD.origin AND released_to_hnp = OLD.released_to_hnp;
    END""",
    """CREATE TRIGGER operations_incident_tally_update
    AFTER UPDATE OF origin, released_to_hnp ON operations_incident
    WHEN OLD.origin IS NOT NEW.origin OR OLD.released_to_hnp IS NOT NEW.released_to_hnp
    BEGIN
      UPDATE operations_incidenttally SET n = n - 1
      WHERE origin = OLD.origin AND released_to_hnp = OLD.released_to_hnp;
      INSERT INTO operations_incidenttally (origin, released_to_hnp, n)
      VALUES (NEW.origin, NEW.released_to_hnp, 1)
      ON CONFLICT (origin, released_to_hnp) DO UPDATE SET n = n + 1;
    END""",
]

_POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION operations_incident_tally_rows() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO operations_incidenttally (origin, released_to_hnp, n)
        SELECT origin, released_to_hnp, count(*) FROM new_rows GROUP BY 1, 2
        ON CONFLICT (origin, released_to_hnp)
        DO UPDATE SET n = operations_incidenttally.n + EXCLUDED.n;
      ELSE
        UPDATE operations_incidenttally AS t SET n = t.n - d.k
        FROM (SELECT origin, released_to_hnp, count(*) AS k FROM old_rows GROUP BY 1, 2) AS d
        WHERE t.origin = d.origin AND t.released_to_hnp = d.released_to_hnp;
      END IF;
      RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION operations_incident_tally_move() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE operations_incidenttally SET n = n - 1
      WHERE origin = OLD.origin AND released_to_hnp = OLD.released_to_hnp;
      INSERT INTO operations_incidenttally (origin, released_to_hnp, n)
      VALUES (NEW.origin, NEW.released_to_hnp, 1)
      ON CONFLICT (origin, released_to_hnp)
      DO UPDATE SET n = operations_incidenttally.n + 1;
      RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION operations_incident_tally_reset() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM operations_incidenttally;
      RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER operations_incident_tally_insert
    AFTER INSERT ON operations_incident REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION operations_incident_tally_rows()""",
    """CREATE OR REPLACE TRIGGER operations_incident_tally_delete
    AFTER DELETE ON operations_incident REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION operations_incident_tally_rows()""",
    """CREATE OR REPLACE TRIGGER operations_incident_tally_update
    AFTER UPDATE OF origin, released_to_hnp ON operations_incident FOR EACH ROW
    WHEN (OLD.origin IS DISTINCT FROM NEW.origin
          OR OLD.released_to_hnp IS DISTINCT FROM NEW.released_to_hnp)
    EXECUTE FUNCTION operations_incident_tally_move()""",
    """CREATE OR REPLACE TRIGGER operations_incident_tally_truncate
    AFTER TRUNCATE ON operations_incident
    FOR EACH STATEMENT EXECUTE FUNCTION operations_incident_tally_reset()""",
]

_RECOUNT = [
    "DELETE FROM operations_incidenttally",
    "INSERT INTO operations_incidenttally (origin, released_to_hnp, n) "
    "SELECT origin, released_to_hnp, COUNT(*) FROM operations_incident "
    "GROUP BY origin, released_to_hnp",
]


_UNDO = {
    "sqlite": _DROP_TRIGGERS["sqlite"],
    "postgresql": [
        *_DROP_TRIGGERS["postgresql"],
        *(f"DROP FUNCTION IF EXISTS operations_incident_tally_{name}()" for name in _FUNCTIONS),
    ],
}
_INSTALL = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}


def migration_operations() -> list[RunSQLOn]:
    """What a migration runs to install the triggers (and recount the tally), on each
    engine in its SQL; reversed, it removes them."""
    return [
        RunSQLOn(vendor, [*statements, *_RECOUNT], _UNDO[vendor])
        for vendor, statements in _INSTALL.items()
    ]


def total() -> int:
    """How many incidents there are, all told (no reader's scope: for the importer)."""
    from konbit.operations.models import IncidentTally

    return sum(IncidentTally.objects.values_list("n", flat=True))


@contextlib.contextmanager
def paused(using: str = "default") -> Iterator[None]:
    """For a large load inside a transaction: no trigger per row (on SQLite some
    20 µs each, 2 s for 100,000 rows), then the same triggers back and one recount,
    in the same transaction (a failure restores them with everything else)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in _DROP_TRIGGERS[connection.vendor]:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for statement in [*_INSTALL[connection.vendor], *_RECOUNT]:
            cursor.execute(statement)
