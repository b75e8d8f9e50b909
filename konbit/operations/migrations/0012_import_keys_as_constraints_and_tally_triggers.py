"""The import keys unique by constraints, so that PostgreSQL, like SQLite, holds no
``LIKE``-pattern index on them (migration 0007 dropped those behind the models' back;
the models now declare what the database holds, on both engines). Then the incident
tally's triggers, installed by this migration on both engines, and the tally
recounted: on SQLite, the changes above rebuild the incident table, which drops its
triggers (every migration that rebuilds it ends the same way)."""

from django.conf import settings
from django.db import migrations, models

from konbit.operations import tally


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_audit_append_only'),
        ('forces', '0002_units_personnel_deployments_obligations'),
        ('operations', '0011_mission_incident_permission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='incident',
            name='event_id_cnty',
            field=models.CharField(blank=True, max_length=32, null=True, verbose_name='ACLED event id'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='source_key',
            field=models.CharField(max_length=80, verbose_name='source key'),
        ),
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.UniqueConstraint(fields=('source_key',), name='incident_source_key'),
        ),
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.UniqueConstraint(fields=('event_id_cnty',), name='incident_event_id_cnty'),
        ),
        *tally.migration_operations(),
    ]
