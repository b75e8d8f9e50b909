"""Writing a contingent's roster (a plan made by ``konbit.forces.roster``'s importer,
run by the core import pipeline) and exporting it.

HQ imports and exports any contingent's roster, a commander their own; re-importing
the same file changes nothing; people of the contingent missing from the file are
listed, never changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import ImportRun
from konbit.core.policies import policy_for
from konbit.forces import roster
from konbit.forces.models import Contingent, Deployment, Personnel
from konbit.forces.selectors import personnel_visible_to

if TYPE_CHECKING:
    from konbit.accounts.models import User


def _require(actor: User, contingent: Contingent, action: str) -> None:
    policy_for(Personnel).require(actor, action, contingent=contingent)


@transaction.atomic
def roster_apply(*, actor: User, plan: roster.RosterPlan, run: ImportRun) -> None:
    """Write a chunk's plan with bulk operations, every record stamped with the run
    (whose one audit entry the pipeline writes) and versions bumped on change. A
    person changed by someone else since the plan was made fails the import."""
    now = timezone.now()

    for person in plan.creates:
        person.created_by = person.updated_by = actor
        person.import_run = run
    Personnel.objects.bulk_create(plan.creates, batch_size=1000)
    # A concurrent edit since the plan was made loses to neither side: versions must match.
    versions = dict(
        Personnel.objects.filter(pk__in=[p.pk for p, _c in plan.updates]).values_list(
            "pk", "version"
        )
    )
    changed_fields: set[str] = set()
    for person, changes in plan.updates:
        if versions.get(person.pk) != person.version:
            raise DomainError(
                _("Someone changed %(p)s while the roster was being checked; import again.")
                % {"p": person.service_number}
            )
        for name, (_old, new) in changes.items():
            setattr(person, name, new)
            changed_fields.add(name)
        person.version += 1
        person.updated_by = actor
        person.updated_at = now
        person.import_run = run
    if plan.updates:
        Personnel.objects.bulk_update(
            [person for person, _c in plan.updates],
            [*sorted(changed_fields), "version", "updated_by", "updated_at", "import_run"],
            batch_size=1000,
        )
    for deployment in plan.new_deployments:
        deployment.person_id = deployment.person.pk
        deployment.created_by = deployment.updated_by = actor
        deployment.import_run = run
    Deployment.objects.bulk_create(plan.new_deployments, batch_size=1000)
    for deployment, arrival in plan.moved_deployments:
        deployment.arrival_date = arrival
        deployment.version += 1
        deployment.updated_by = actor
        deployment.updated_at = now
        deployment.import_run = run
    if plan.moved_deployments:
        Deployment.objects.bulk_update(
            [deployment for deployment, _a in plan.moved_deployments],
            ["arrival_date", "version", "updated_by", "updated_at", "import_run"],
            batch_size=1000,
        )


def roster_export(*, actor: User, contingent: Contingent, fmt: str) -> bytes:
    """A contingent's roster as CSV or XLSX (formula-safe), recorded as an export.
    HQ exports any contingent, a commander their own."""
    _require(actor, contingent, "export")
    people = roster.roster_queryset(contingent).filter(
        pk__in=personnel_visible_to(actor).values("pk")
    )
    content = roster.write_roster(people, fmt)
    policy_for(Personnel).record_reads(actor, people)
    audit.record_export(
        actor=actor,
        domain="forces",
        target_type="forces.personnel",
        count=people.count(),
        detail=f"roster {contingent.country.iso3} ({fmt})",
    )
    return content
