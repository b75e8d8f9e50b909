"""API tokens that obey what they were issued under (name, password mark, 2FA).

Tokens issued before this migration recorded neither the password they were issued
under nor whether a one-time code was given: none of them could be trusted under the
new rules, so they are removed, and their users sign in for a new one.
"""

from django.db import migrations, models


def remove_unmarked_tokens(apps, schema_editor):
    apps.get_model("accounts", "ApiToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_contingent_and_groups"),
    ]

    operations = [
        migrations.RunPython(remove_unmarked_tokens, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="apitoken",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
            },
        ),
        migrations.AddField(
            model_name="apitoken",
            name="name",
            field=models.CharField(default="default", max_length=60, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_mark",
            field=models.CharField(default="", editable=False, max_length=128),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="two_factor",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="issued with a one-time code"
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last used"),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.UniqueConstraint(
                fields=("user", "name"), name="api_token_one_per_name"
            ),
        ),
    ]
