from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("seizures", "0006_seizure_month")]

    operations = [
        migrations.AlterField(
            model_name="seizure",
            name="seized_month",
            field=models.DateField(blank=True, editable=False, verbose_name="month seized"),
        ),
    ]
