"""The audit trail refuses DELETE on SQLite too, as it does on PostgreSQL (0002).

Django's flush on SQLite deletes row by row; Konbit's SQLite backend
(``konbit.core.sqlite``) lifts this trigger around a flush only.
"""

from django.db import migrations

from konbit.core.audit_sql import SQLITE_DROP_NO_DELETE, SQLITE_NO_DELETE
from konbit.core.engine_sql import RunSQLOn


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [RunSQLOn("sqlite", [SQLITE_NO_DELETE], [SQLITE_DROP_NO_DELETE])]
