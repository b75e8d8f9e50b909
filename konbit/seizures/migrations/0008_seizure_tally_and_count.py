"""The seizure tally (``SeizureTally``) and the seizure counts (``SeizureCount``),
counted for the seizures already recorded."""

import django.db.models.deletion
from django.db import migrations, models


def count_every_seizure(apps, schema_editor):
    from konbit.seizures.tally import recount

    names = ("Seizure", "SeizedItem", "SeizureTally", "SeizureCount")
    recount(
        models=tuple(apps.get_model("seizures", name) for name in names),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('seizures', '0007_seizure_month_required'),
    ]

    operations = [
        migrations.CreateModel(
            name='SeizureCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('released_to_hnp', models.BooleanField(unique=True)),
                ('n', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'seizure count',
                'verbose_name_plural': 'seizure counts',
            },
        ),
        migrations.CreateModel(
            name='SeizureTally',
            fields=[
                ('seizure', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally', serialize=False, to='seizures.seizure')),
                ('items_firearm', models.PositiveIntegerField(default=0, editable=False)),
                ('units_firearm', models.PositiveIntegerField(default=0, editable=False)),
                ('items_magazine', models.PositiveIntegerField(default=0, editable=False)),
                ('units_magazine', models.PositiveIntegerField(default=0, editable=False)),
                ('items_ammunition', models.PositiveIntegerField(default=0, editable=False)),
                ('units_ammunition', models.PositiveIntegerField(default=0, editable=False)),
                ('items_explosive', models.PositiveIntegerField(default=0, editable=False)),
                ('units_explosive', models.PositiveIntegerField(default=0, editable=False)),
                ('net_g_explosive', models.DecimalField(blank=True, decimal_places=3, editable=False, max_digits=14, null=True)),
                ('items_drug', models.PositiveIntegerField(default=0, editable=False)),
                ('units_drug', models.PositiveIntegerField(default=0, editable=False)),
                ('net_g_drug', models.DecimalField(blank=True, decimal_places=3, editable=False, max_digits=14, null=True)),
                ('items_cash', models.PositiveIntegerField(default=0, editable=False)),
                ('units_cash', models.PositiveIntegerField(default=0, editable=False)),
                ('items_vehicle', models.PositiveIntegerField(default=0, editable=False)),
                ('units_vehicle', models.PositiveIntegerField(default=0, editable=False)),
                ('items_other', models.PositiveIntegerField(default=0, editable=False)),
                ('units_other', models.PositiveIntegerField(default=0, editable=False)),
            ],
            options={
                'verbose_name': 'seizure tally',
                'verbose_name_plural': 'seizure tallies',
            },
        ),
        migrations.RunPython(count_every_seizure, migrations.RunPython.noop, elidable=False),
    ]
