"""The audit trail refuses UPDATE at the database level too, on both databases.

DELETE is refused on PostgreSQL; retention (if ever) is a TRUNCATE or partition drop
done by the database owner, outside the application. SQLite keeps DELETE possible
because Django's test flush empties tables with DELETE.

On SQLite a migration that rebuilds ``core_auditentry`` drops this trigger and must
create it again (docs/architecture.md, "Writing a migration").
"""

from django.db import migrations

from konbit.core.engine_sql import RunSQLOn

SQLITE = [
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()""",
]


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        RunSQLOn("sqlite", SQLITE, ["DROP TRIGGER IF EXISTS core_auditentry_no_update"]),
        RunSQLOn(
            "postgresql",
            POSTGRESQL,
            [
                "DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry",
                "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
            ],
        ),
    ]
