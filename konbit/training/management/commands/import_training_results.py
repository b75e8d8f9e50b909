"""``manage.py import_training_results FILE --cohort NAME [--dry-run] [--skip-invalid]``
(``--as USER`` for the actor)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from konbit.core.commands import ImportCommand
from konbit.core.models import ImportRun
from konbit.training.importer import KIND
from konbit.training.models import Cohort


def find_cohort(name: str) -> Cohort:
    """The cohort named ``name`` (its name, whatever the case, or its id)."""
    text = name.strip()
    query = Q(name__iexact=text)
    try:
        Cohort._meta.pk.to_python(text)  # type: ignore[union-attr]
    except ValidationError:
        pass
    else:
        query |= Q(pk=text)
    found = list(Cohort.objects.filter(query).select_related("programme")[:2])
    if not found:
        raise CommandError(_("There is no cohort named %(c)s.") % {"c": text})
    if len(found) > 1:
        raise CommandError(_("More than one cohort is named %(c)s: give its id.") % {"c": text})
    return found[0]


class Command(ImportCommand):
    help = (
        "Import a cohort's attendance and assessment results (CSV or XLSX) through the "
        "import pipeline. A file with any problem writes nothing unless --skip-invalid; "
        "importing the same file again changes nothing."
    )
    kind = KIND

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--cohort", required=True, metavar="NAME", help="its name or id")

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        cohort = find_cohort(options["cohort"])
        return {"cohort": str(cohort.pk), "name": cohort.name}

    def refused_to(self, actor: Any, options: dict[str, Any]) -> str:
        return _("%(u)s may not import the results of %(c)s.") % {
            "u": actor.username,
            "c": options["name"],
        }

    def report(self, run: ImportRun) -> str:
        return ", " + _("%(n)s new sessions") % {"n": run.extra.get("new_sessions", 0)}
