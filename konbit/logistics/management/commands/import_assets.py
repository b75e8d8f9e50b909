"""``manage.py import_assets FILE [--dry-run] [--skip-invalid] [--as USER]``"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from konbit.core.commands import ImportCommand
from konbit.logistics.register import KIND


class Command(ImportCommand):
    help = (
        "Import an asset register (CSV or XLSX, one asset a row, matched by identifier) "
        "through the import pipeline. A file with any problem writes nothing unless "
        "--skip-invalid; importing the same file again changes nothing."
    )
    kind = KIND

    def refused_to(self, actor: Any, options: dict[str, Any]) -> str:
        return _("%(u)s may not import assets.") % {"u": actor.username}
