"""The reference tables' first rows: the calibres most seized in Haiti (small arms
and their ammunition trafficked from the United States, per the Panel of Experts'
reporting) and the controlled substances met in the mission's area."""

from django.db import migrations

CALIBRES = [
    ("5.56x45mm NATO", "5.56, 5.56mm, .223"),
    ("7.62x39mm", "7.62x39, AK"),
    ("7.62x51mm NATO", "7.62x51, .308"),
    ("7.62x54mmR", "7.62x54R"),
    ("9x19mm Parabellum", "9mm, 9x19, 9mm Luger"),
    (".22 LR", "22 LR, .22"),
    (".38 Special", "38 Special, .38"),
    (".357 Magnum", "357"),
    (".40 S&W", "40 S&W, .40"),
    (".45 ACP", "45 ACP, .45"),
    (".50 BMG", "12.7x99mm, .50"),
    ("5.7x28mm", "5.7x28"),
    ("12 gauge", "12 ga, 12G"),
    ("20 gauge", "20 ga"),
]
SUBSTANCES = [
    "cocaine hydrochloride",
    "crack cocaine",
    "cannabis",
    "heroin",
    "methamphetamine",
    "MDMA (ecstasy)",
    "fentanyl",
]


def load(apps, schema_editor):
    Calibre = apps.get_model("seizures", "Calibre")
    DrugSubstance = apps.get_model("seizures", "DrugSubstance")
    for name, aliases in CALIBRES:
        Calibre.objects.get_or_create(name=name, defaults={"aliases": aliases})
    for name in SUBSTANCES:
        DrugSubstance.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("seizures", "0001_seizures_items_and_custody_log")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
