"""Importing and exporting a contingent's roster.

HQ imports any contingent's roster, a commander their own. A file with any problem
writes nothing, unless the caller asked to skip bad rows; re-importing the same file
changes nothing; people of the contingent missing from the file are listed, never
changed. Every run is an ImportRun (file name, SHA-256, counts), and the records it
creates or changes point to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction, AuditEntry, ImportRun
from konbit.core.tabular import sha256_of
from konbit.forces import roster
from konbit.forces.models import Contingent, Deployment, Personnel
from konbit.forces.selectors import may_write_in, personnel_visible_to

if TYPE_CHECKING:
    from konbit.accounts.models import User

KIND = "forces_roster"


@dataclass
class RosterResult:
    plan: roster.RosterPlan
    run: ImportRun | None
    written: bool


def _require(actor: User, contingent: Contingent, perm: str) -> None:
    if not may_write_in(actor, contingent.pk, perm):
        raise PermissionDenied


def roster_check(
    *, actor: User, contingent: Contingent, data: bytes, file_name: str
) -> roster.RosterPlan:
    """Read, check and plan a roster without writing anything (``--dry-run``)."""
    _require(actor, contingent, "forces.import_roster")
    rows, plan = roster.read_roster(data, file_name, contingent)
    return roster.plan_roster(rows, plan)


def _run_record(
    actor: User, contingent: Contingent, data: bytes, file_name: str, **fields: Any
) -> ImportRun:
    return ImportRun.objects.create(
        kind=KIND,
        actor=actor,
        file_name=Path(file_name).name[:255],
        sha256=sha256_of(data),
        scope=contingent.country.iso3,
        **fields,
    )


def _summarize(run: ImportRun, plan: roster.RosterPlan, status: str) -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.created = len(plan.creates)
    run.updated = len(plan.updates) + sum(
        1
        for deployment, _arrival in plan.moved_deployments
        if deployment.person_id not in {p.pk for p, _c in plan.updates}
    )
    run.unchanged = plan.unchanged
    run.refused = plan.refused
    run.problems = [problem.as_dict() for problem in plan.problems]
    run.extra = {
        "absent": plan.absent_list(),
        "new_deployments": len(plan.new_deployments),
        "moved_deployments": len(plan.moved_deployments),
    }
    run.save()


def roster_import(
    *,
    actor: User,
    contingent: Contingent,
    data: bytes,
    file_name: str,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> RosterResult:
    """Import a roster: everything or nothing (good rows only with ``skip_invalid``).

    A dry run writes nothing at all, not even the ImportRun."""
    plan = roster_check(actor=actor, contingent=contingent, data=data, file_name=file_name)
    if dry_run:
        return RosterResult(plan=plan, run=None, written=False)
    run = _run_record(actor, contingent, data, file_name, skip_invalid=skip_invalid)
    if plan.file_refused or (plan.problems and not skip_invalid):
        _summarize(run, plan, ImportRun.Status.REFUSED)
        return RosterResult(plan=plan, run=run, written=False)
    _apply_or_fail(actor, plan, run)
    _summarize(run, plan, ImportRun.Status.DONE)
    return RosterResult(plan=plan, run=run, written=True)


def _apply_or_fail(actor: User, plan: roster.RosterPlan, run: ImportRun) -> None:
    """Apply the plan; if the write fails (rolled back), the run says so."""
    try:
        apply_plan(actor=actor, plan=plan, run=run)
    except Exception as exc:
        run.status = ImportRun.Status.FAILED
        run.finished_at = timezone.now()
        run.problems = [{"row": 0, "column": "", "message": str(exc)[:500]}]
        run.save(update_fields=["status", "finished_at", "problems"])
        raise


@transaction.atomic
def apply_plan(*, actor: User, plan: roster.RosterPlan, run: ImportRun) -> None:
    """Write a plan in one transaction with bulk operations, one audit entry a person
    created or changed (stamped with the run), and versions bumped on change."""
    now = timezone.now()
    entries: list[AuditEntry] = []
    detail = f"import {run.pk}"

    def entry(action: str, person: Personnel, changes: dict[str, list[Any]]) -> AuditEntry:
        return AuditEntry(
            actor=actor,
            actor_username=actor.username,
            action=action,
            domain="forces",
            target_type="forces.personnel",
            target_id=str(person.pk),
            target_repr=str(person)[:200],
            changes=audit.to_json(changes),
            detail=detail,
        )

    for person in plan.creates:
        person.created_by = person.updated_by = actor
        person.import_run = run
    Personnel.objects.bulk_create(plan.creates, batch_size=1000)
    for person in plan.creates:
        snapshot = audit.snapshot(person)
        entries.append(
            entry(
                AuditAction.CREATE,
                person,
                {k: [None, v] for k, v in snapshot.items() if v not in (None, "", [])},
            )
        )
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
        entries.append(entry(AuditAction.UPDATE, person, changes))
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
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    if plan.creates or plan.updates or plan.new_deployments or plan.moved_deployments:
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            domain="forces",
            target_type="core.importrun",
            target_id=str(run.pk),
            target_repr=f"roster {plan.contingent.country.iso3}: {run.file_name}",
            detail=detail,
        )


# --- The upload page: preview, then confirm --------------------------------------------


def _pending_path(run: ImportRun) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{run.pk}{Path(run.file_name).suffix.lower()}"


def roster_preview(
    *, actor: User, contingent: Contingent, data: bytes, file_name: str
) -> tuple[ImportRun, roster.RosterPlan]:
    """Check an uploaded roster and keep it as a pending import the user may confirm."""
    plan = roster_check(actor=actor, contingent=contingent, data=data, file_name=file_name)
    run = _run_record(actor, contingent, data, file_name)
    _summarize(run, plan, ImportRun.Status.PENDING)
    if plan.file_refused:
        run.status = ImportRun.Status.REFUSED
        run.save(update_fields=["status"])
    else:
        _pending_path(run).write_bytes(data)
    return run, plan


def roster_confirm(*, actor: User, run: ImportRun, skip_invalid: bool) -> RosterResult:
    """Import a previewed roster, re-checked now (the data may have moved since)."""
    if run.kind != KIND or run.status != ImportRun.Status.PENDING or run.actor_id != actor.pk:
        raise DomainError(_("This import is not waiting for your confirmation."))
    path = _pending_path(run)
    data = path.read_bytes() if path.exists() else b""
    if sha256_of(data) != run.sha256:
        raise DomainError(_("The uploaded file is no longer available; upload it again."))
    contingent = Contingent.objects.select_related("country").get(country__iso3=run.scope)
    plan = roster_check(actor=actor, contingent=contingent, data=data, file_name=run.file_name)
    run.skip_invalid = skip_invalid
    if plan.file_refused or (plan.problems and not skip_invalid):
        _summarize(run, plan, ImportRun.Status.REFUSED)
        written = False
    else:
        _apply_or_fail(actor, plan, run)
        _summarize(run, plan, ImportRun.Status.DONE)
        written = True
    path.unlink(missing_ok=True)
    return RosterResult(plan=plan, run=run, written=written)


def roster_export(*, actor: User, contingent: Contingent, fmt: str) -> bytes:
    """A contingent's roster as CSV or XLSX (formula-safe), recorded as an export.
    HQ exports any contingent, a commander their own."""
    _require(actor, contingent, "forces.export_roster")
    people = roster.roster_queryset(contingent).filter(
        pk__in=personnel_visible_to(actor).values("pk")
    )
    content = roster.write_roster(people, fmt)
    audit.record_export(
        actor=actor,
        domain="forces",
        target_type="forces.personnel",
        count=people.count(),
        detail=f"roster {contingent.country.iso3} ({fmt})",
    )
    return content
