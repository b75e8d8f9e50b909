"""Once dropped, on PostgreSQL only, the ``LIKE``-pattern indexes of the import keys,
so that the database no longer held what the models declared. Now nothing: migration
0012 declares the keys unique by constraints, which carry no such index on either
engine, and Django drops the pattern indexes there if they are still present."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("operations", "0006_incident_tally")]
    operations: list[migrations.operations.base.Operation] = []
