"""Every write of logistics: the rules, the transaction and the audit entry.

- An asset belongs to a contingent (a commander's to their own); its unit, when
  given, is one of that contingent's; a donated asset names its donor.
- Its status is its log's last entry (by date, then order of recording). An entry
  is appended, never changed: a mistake is corrected by a new entry ("correction").
  The asset's ``status``/``status_since`` are brought up to date in the entry's
  transaction, under the asset's row lock.
- A new asset's log begins with its receipt. A written-off asset takes only
  corrections. An entry is not dated in the future nor before the asset was
  received.
- Opening a maintenance job puts the asset in maintenance; closing it records
  "repaired" (a repair) or "maintenance completed" (a scheduled job) and the asset
  is operational again. One open job an asset.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction
from konbit.core.policies import policy_for
from konbit.core.services import record_create, record_update
from konbit.forces.membership import contingent_id_of
from konbit.forces.models import Contingent
from konbit.forces.policies import any_contingent
from konbit.logistics.models import (
    REASON_STATUSES,
    Asset,
    JobKind,
    MaintenanceJob,
    Ownership,
    Reason,
    Status,
    StatusEntry,
)
from konbit.logistics.policies import ASSETS, ENTRIES, JOBS

if TYPE_CHECKING:
    from konbit.accounts.models import User

# What people write on an asset (pages, API, import, demo).
ASSET_FIELDS = (
    "kind",
    "make_model",
    "identifier",
    "contingent",
    "unit",
    "ownership",
    "donor_country",
    "received_on",
    "base_commune",
    "base_location",
    "notes",
)
ENTRY_FIELDS = ("on", "status", "reason", "incident", "operation", "note")
JOB_FIELDS = ("kind", "opened_on", "description", "workshop", "parts_awaited")
JOB_CHANGE_FIELDS = ("description", "workshop", "parts_awaited")
# Written by the database (its uniqueness is checked here, with a message naming it).
KEPT_BY_DATABASE = ("identifier_key",)


def _refuse(message: str, field: str | None = None) -> DomainError:
    return DomainError(message, errors={field: [message]} if field else None)


def today() -> dt.date:
    return timezone.localdate()


def _checked_asset(actor: User, data: dict[str, Any], asset: Asset | None = None) -> dict[str, Any]:
    """The asset's fields, its contingent in the actor's scope, its unit one of that
    contingent's, its identifier unique (case ignored), its donor named when donated."""
    data = {k: v for k, v in data.items() if k in ASSET_FIELDS}
    contingent = data.get("contingent") or (asset.contingent if asset else None)
    if contingent is None:
        own = contingent_id_of(actor)
        if own is not None and not any_contingent(actor):
            contingent = data["contingent"] = Contingent.objects.get(pk=own)
    if contingent is None:
        raise _refuse(_("Choose the contingent that holds the asset."), "contingent")
    if not ASSETS.in_scope(actor, contingent=contingent):
        raise _refuse(_("You record your own contingent's assets only."), "contingent")
    unit = data.get("unit", asset.unit if asset else None)
    if unit is not None and unit.contingent_id != contingent.pk:
        raise _refuse(_("The unit is not a unit of the asset's contingent."), "unit")
    if "identifier" in data:
        data["identifier"] = " ".join(str(data["identifier"] or "").split())
        taken = Asset.objects.filter(identifier_key=data["identifier"].upper())
        if asset is not None:
            taken = taken.exclude(pk=asset.pk)
        if data["identifier"] and taken.exists():
            raise _refuse(
                _("An asset with the identifier %(i)s exists already.") % {"i": data["identifier"]},
                "identifier",
            )
    if "donor_country" in data:
        data["donor_country"] = (data["donor_country"] or "").strip().upper()
    ownership = data.get("ownership", asset.ownership if asset else Ownership.CONTINGENT)
    donor = data.get("donor_country", asset.donor_country if asset else "")
    if ownership == Ownership.DONATED and not donor:
        raise _refuse(_("Name the country that donated the asset."), "donor_country")
    if ownership != Ownership.DONATED and donor:
        raise _refuse(_("Only a donated asset names a donor country."), "donor_country")
    received = data.get("received_on")
    if received is not None and received > today():
        raise _refuse(_("An asset cannot be received in the future."), "received_on")
    return data


@transaction.atomic
def asset_create(
    *, actor: User, data: dict[str, Any], status: str = Status.OPERATIONAL, note: str = ""
) -> Asset:
    """Register an asset (a commander: their own contingent's). Its log begins with
    its receipt, on ``received_on``, in ``status`` (operational unless said)."""
    ASSETS.require(actor, "create")
    data = _checked_asset(actor, data)
    if status not in REASON_STATUSES[Reason.RECEIVED]:
        raise _refuse(_("A new asset is operational, degraded or non-operational."), "status")
    received = data.get("received_on")
    asset = record_create(
        actor=actor,
        model=Asset,
        data={**data, "status": status, "status_since": received},
        validate_exclude=KEPT_BY_DATABASE,
    )
    _append(
        actor=actor, asset=asset, on=asset.received_on, status=status, reason=Reason.RECEIVED,
        note=note,
    )  # fmt: skip
    return asset


def asset_update(*, actor: User, asset: Asset, data: dict[str, Any], version: int | None) -> Asset:
    """Change an asset's register fields if ``version`` is still current (its status
    is the log's). Moving it to another contingent needs that contingent in scope;
    its receipt date stays before its first change of status."""
    ASSETS.require(actor, "change", asset)
    for name in ("status", "status_since"):
        if name in data:
            raise _refuse(_("The status is changed by recording a status change."), name)
    data = _checked_asset(actor, data, asset)
    received = data.get("received_on")
    if received is not None and received != asset.received_on:
        later = (
            StatusEntry.objects.filter(asset=asset)
            .exclude(reason=Reason.RECEIVED)
            .order_by("on")
            .values_list("on", flat=True)
            .first()
        )
        if later is not None and received > later:
            raise _refuse(
                _("The asset's log has an entry of %(d)s, before this date.")
                % {"d": later.isoformat()},
                "received_on",
            )
    return record_update(
        actor=actor, instance=asset, data=data, version=version, validate_exclude=KEPT_BY_DATABASE
    )


def _last_entry(asset: Asset) -> StatusEntry | None:
    return StatusEntry.objects.filter(asset=asset).order_by("-on", "-sequence").first()


def _append(
    *,
    actor: User,
    asset: Asset,
    on: dt.date,
    status: str,
    reason: str,
    job: MaintenanceJob | None = None,
    **fields: Any,
) -> StatusEntry:
    """Append an entry to ``asset``'s log (locked by the caller, or just created),
    then bring the asset's status up to date from the log, audited."""
    sequence = (
        StatusEntry.objects.filter(asset=asset)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
        or 0
    ) + 1
    entry = record_create(
        actor=actor,
        model=StatusEntry,
        data={
            "asset": asset,
            "sequence": sequence,
            "on": on,
            "status": status,
            "reason": reason,
            "job": job,
            **fields,
        },
    )
    last = _last_entry(asset)
    assert last is not None
    if (asset.status, asset.status_since) != (last.status, last.on):
        before = {"status": asset.status, "status_since": asset.status_since}
        asset.status, asset.status_since = last.status, last.on
        asset.save(update_fields=["status", "status_since", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=asset,
            changes=audit.diff(
                {k: audit.to_json(v) for k, v in before.items()},
                {"status": last.status, "status_since": audit.to_json(last.on)},
            ),
            detail=f"status entry {entry.sequence}",
        )
    return entry


def _lock(asset: Asset) -> Asset:
    return Asset.objects.select_for_update().select_related("contingent").get(pk=asset.pk)


def _check_date(asset: Asset, on: dt.date | None, field: str = "on") -> dt.date:
    on = on or today()
    if on > today():
        raise _refuse(_("An entry cannot be dated in the future."), field)
    if on < asset.received_on:
        raise _refuse(
            _("An entry cannot be dated before the asset was received (%(d)s).")
            % {"d": asset.received_on.isoformat()},
            field,
        )
    return on


def _visible_or_refused(actor: User, record: Any, field: str) -> None:
    if (
        record is not None
        and not policy_for(type(record)).visible(actor).filter(pk=record.pk).exists()
    ):
        raise _refuse(_("Choose one you may see."), field)


@transaction.atomic
def status_record(
    *,
    actor: User,
    asset: Asset,
    status: str,
    reason: str,
    on: dt.date | None = None,
    incident: Any = None,
    operation: Any = None,
    note: str = "",
) -> StatusEntry:
    """Record a change of status (a breakdown, damage, a repair, a write-off, a
    correction...). The reason must fit the status; a written-off asset takes only
    corrections; an asset in a maintenance job leaves maintenance by closing it."""
    ENTRIES.require(actor, "create", asset=asset)
    asset = _lock(asset)
    errors: dict[str, list[str]] = {}
    if status not in Status.values:
        errors["status"] = [_("Choose a status.")]
    if reason not in Reason.values:
        errors["reason"] = [_("Choose a reason.")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)
    if status not in REASON_STATUSES[reason]:
        raise _refuse(
            _("%(r)s does not fit the status %(s)s.")
            % {"r": Reason(reason).label, "s": Status(status).label},
            "reason",
        )
    if reason == Reason.RECEIVED:
        raise _refuse(_("The receipt is recorded with the asset."), "reason")
    if reason in (Reason.REPAIRED, Reason.SERVICED) and _open_job(asset) is not None:
        raise _refuse(_("Close the asset's maintenance job to put it back in service."), "reason")
    if asset.status == Status.WRITTEN_OFF and reason != Reason.CORRECTION:
        raise _refuse(_("This asset is written off: only a correction can be recorded."), "reason")
    if status == Status.WRITTEN_OFF and _open_job(asset) is not None:
        raise _refuse(_("Close the asset's maintenance job before writing it off."), "status")
    _visible_or_refused(actor, incident, "incident")
    _visible_or_refused(actor, operation, "operation")
    return _append(
        actor=actor,
        asset=asset,
        on=_check_date(asset, on),
        status=status,
        reason=reason,
        incident=incident,
        operation=operation,
        note=(note or "").strip(),
    )


def _open_job(asset: Asset) -> MaintenanceJob | None:
    return MaintenanceJob.objects.filter(asset=asset, closed_on__isnull=True).first()


@transaction.atomic
def job_open(*, actor: User, asset: Asset, data: dict[str, Any]) -> MaintenanceJob:
    """Open a maintenance job on ``asset`` (one open at a time): the asset is in
    maintenance from ``opened_on`` (for scheduled maintenance or a repair; awaiting
    parts when some are named on a repair)."""
    JOBS.require(actor, "create", asset=asset)
    asset = _lock(asset)
    data = {k: v for k, v in data.items() if k in JOB_FIELDS}
    if asset.status == Status.WRITTEN_OFF:
        raise _refuse(_("This asset is written off."))
    if _open_job(asset) is not None:
        raise _refuse(_("This asset has an open maintenance job already."))
    if data.get("kind") not in JobKind.values:
        raise _refuse(_("Choose the kind of job."), "kind")
    if not (data.get("description") or "").strip():
        raise _refuse(_("Say what the job is."), "description")
    opened = _check_date(asset, data.get("opened_on"), "opened_on")
    data["opened_on"] = opened
    job = record_create(actor=actor, model=MaintenanceJob, data={**data, "asset": asset})
    if job.kind == JobKind.SCHEDULED:
        reason = Reason.SCHEDULED_MAINTENANCE
    else:
        reason = Reason.AWAITING_PARTS if job.parts_awaited.strip() else Reason.REPAIR
    _append(
        actor=actor,
        asset=asset,
        on=opened,
        status=Status.IN_MAINTENANCE,
        reason=reason,
        job=job,
        note=job.description,
    )
    return job


def job_update(
    *, actor: User, job: MaintenanceJob, data: dict[str, Any], version: int | None
) -> MaintenanceJob:
    """Change an open job's description, workshop or parts awaited."""
    JOBS.require(actor, "change", job)
    unknown = [name for name in data if name not in JOB_CHANGE_FIELDS]
    if unknown:
        raise _refuse(_("This cannot be changed: close the job instead."), unknown[0])
    if not job.is_open:
        raise _refuse(_("This job is closed."))
    return record_update(actor=actor, instance=job, data=data, version=version)


@transaction.atomic
def job_close(
    *,
    actor: User,
    job: MaintenanceJob,
    version: int | None,
    closed_on: dt.date | None = None,
    note: str = "",
) -> MaintenanceJob:
    """Close an open job on ``closed_on`` (today unless said): the log records
    "repaired" (a repair) or "maintenance completed" (scheduled), and the asset is
    operational again."""
    JOBS.require(actor, "change", job)
    asset = _lock(job.asset)
    if not job.is_open:
        raise _refuse(_("This job is closed already."))
    closed = _check_date(asset, closed_on, "closed_on")
    if closed < job.opened_on:
        raise _refuse(_("A job cannot close before it opened."), "closed_on")
    job = record_update(
        actor=actor,
        instance=job,
        data={"closed_on": closed, "closing_note": (note or "").strip()},
        version=version,
    )
    _append(
        actor=actor,
        asset=asset,
        on=closed,
        status=Status.OPERATIONAL,
        reason=Reason.REPAIRED if job.kind == JobKind.REPAIR else Reason.SERVICED,
        job=job,
        note=job.closing_note,
    )
    return job
