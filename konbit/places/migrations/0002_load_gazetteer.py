"""Fill the gazetteer from the OCHA / CNIGS files in ``konbit/places/data/``, so that
every new database (and the test database) has it. Bulk inserts: about a second."""

from django.db import migrations

from konbit.places.sources import gazetteer_rows

LEVELS = [
    ("departments", "Department"),
    ("arrondissements", "Arrondissement"),
    ("communes", "Commune"),
    ("sections", "CommunalSection"),
]


def load(apps, schema_editor):
    rows = gazetteer_rows()
    for key, model_name in LEVELS:
        model = apps.get_model("places", model_name)
        model.objects.bulk_create([model(**row) for row in rows[key]], batch_size=200)


def unload(apps, schema_editor):
    for _key, model_name in reversed(LEVELS):
        apps.get_model("places", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_gazetteer")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
