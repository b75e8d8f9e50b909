"""The month in Haiti of each seizure, stored for the statistics (see
``Seizure.seized_month``): added, filled month by month, then required."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    """One UPDATE per month between the first seizure and the last, by time range."""
    Seizure = apps.get_model("seizures", "Seizure")
    rows = Seizure.objects.using(schema_editor.connection.alias)
    span = rows.aggregate(first=models.Min("seized_at"), last=models.Max("seized_at"))
    if span["first"] is None:
        return
    zone = timezone.get_default_timezone()
    first = timezone.localtime(span["first"], zone)
    last = timezone.localtime(span["last"], zone)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        rows.filter(
            seized_at__gte=dt.datetime(year, month, 1, tzinfo=zone),
            seized_at__lt=dt.datetime(*following, 1, tzinfo=zone),
        ).update(seized_month=dt.date(year, month, 1))
        year, month = following


class Migration(migrations.Migration):
    dependencies = [("seizures", "0005_seizure_list_order_index")]

    operations = [
        migrations.AddField(
            model_name="seizure",
            name="seized_month",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="month seized"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
