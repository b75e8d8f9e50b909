"""The topics an activity may cover (``models.TopicCode``), one row each."""

from django.db import migrations

CODES = [
    "child_protection",
    "gbv_prevention",
    "lawful_behaviour",
    "gang_recruitment",
    "human_rights",
    "mission_conduct",
    "community_policing",
    "explosives",
    "health",
    "education",
]


def load(apps, schema_editor):
    Topic = apps.get_model("outreach", "Topic")
    Topic.objects.bulk_create([Topic(code=code) for code in CODES], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_activities_concerns_referrals")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
