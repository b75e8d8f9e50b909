"""On PostgreSQL Django gives every unique text column a second, ``varchar_pattern_ops``
index for ``LIKE 'prefix%'`` queries. Nothing searches the import keys that way
(``source_key``, ``event_id_cnty`` are looked up whole), and on the largest table each
index costs every insert: they go."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'operations_incident' "
            "AND indexname LIKE %s AND indexdef LIKE %s",
            ["%\\_like", "%varchar_pattern_ops%"],
        )
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("operations", "0006_incident_tally")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
