"""Every write of stability: the results tree (objectives, milestones and their
status history), indicators and their values, and the import's bulk write. Each
re-checks through the entity's policy, so a command refuses what a page refuses."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core.bulk import copy_rows, ordered_ids, update_each
from konbit.core.exceptions import DomainError
from konbit.core.policies import policy_for
from konbit.core.services import record_create, record_delete, record_update
from konbit.stability.figures import value_key
from konbit.stability.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    Objective,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User
    from konbit.core.models import ImportRun


# --- objectives ------------------------------------------------------------------------


def objective_create(*, actor: User, data: dict[str, Any]) -> Objective:
    """A mandate's objective; its code is unique within the mandate."""
    policy_for(Objective).require(actor, "create")
    return record_create(actor=actor, model=Objective, data=data)


def objective_update(
    *, actor: User, objective: Objective, data: dict[str, Any], version: int
) -> Objective:
    """Change an objective if ``version`` is still current."""
    policy_for(Objective).require(actor, "change", objective)
    return record_update(actor=actor, instance=objective, data=data, version=version)


def objective_delete(*, actor: User, objective: Objective, version: int | None) -> None:
    """Delete an objective that has no milestone left."""
    policy_for(Objective).require(actor, "delete", objective)
    if objective.milestones.exists():
        raise DomainError(_("This objective still has milestones."))
    record_delete(actor=actor, instance=objective, version=version)


# --- milestones --------------------------------------------------------------------------


def _m2m(data: dict[str, Any]) -> dict[str, Any] | None:
    indicators = data.pop("indicators", None)
    return None if indicators is None else {"indicators": list(indicators)}


def milestone_create(*, actor: User, data: dict[str, Any]) -> Milestone:
    """A milestone of an objective, pending until its history says otherwise."""
    policy_for(Milestone).require(actor, "create")
    data = dict(data)
    m2m = _m2m(data)
    return record_create(actor=actor, model=Milestone, data=data, m2m=m2m)


def milestone_update(
    *, actor: User, milestone: Milestone, data: dict[str, Any], version: int
) -> Milestone:
    """Change a milestone's title, description, target date or indicators (its
    status changes only through its history, ``milestone_status_add``)."""
    policy_for(Milestone).require(actor, "change", milestone)
    data = dict(data)
    m2m = _m2m(data)
    return record_update(actor=actor, instance=milestone, data=data, version=version, m2m=m2m)


def milestone_delete(*, actor: User, milestone: Milestone, version: int | None) -> None:
    """Delete a milestone and its history (the audit trail keeps both)."""
    policy_for(Milestone).require(actor, "delete", milestone)
    with transaction.atomic():
        for entry in milestone.history.all():
            record_delete(actor=actor, instance=entry, version=entry.version)
        record_delete(actor=actor, instance=milestone, version=version)


def milestone_status_add(
    *, actor: User, milestone: Milestone, data: dict[str, Any]
) -> MilestoneStatus:
    """A dated, sourced entry of a milestone's history; the latest entry is the
    milestone's status. Not in the future; one entry a status a day."""
    policy_for(Milestone).require(actor, "change", milestone)
    policy_for(MilestoneStatus).require(actor, "create")
    on: Any = data.get("on")
    if on is not None and on > timezone.localdate():
        raise DomainError(
            _("A status cannot be dated in the future."),
            errors={"on": [_("A status cannot be dated in the future.")]},
        )
    if not str(data.get("source") or "").strip():
        raise DomainError(
            _("Say who reported this status."), errors={"source": [_("This field is required.")]}
        )
    if MilestoneStatus.objects.filter(
        milestone=milestone, on=on, status=data.get("status")
    ).exists():
        raise DomainError(
            _("This milestone already has this status on this date."),
            errors={"on": [_("This milestone already has this status on this date.")]},
        )
    return record_create(actor=actor, model=MilestoneStatus, data={**data, "milestone": milestone})


# --- indicators ----------------------------------------------------------------------------


def indicator_create(*, actor: User, data: dict[str, Any]) -> Indicator:
    """An indicator; its code is unique (displaced people: ``idps``)."""
    policy_for(Indicator).require(actor, "create")
    return record_create(actor=actor, model=Indicator, data=data)


def indicator_update(
    *, actor: User, indicator: Indicator, data: dict[str, Any], version: int
) -> Indicator:
    """Change an indicator if ``version`` is still current."""
    policy_for(Indicator).require(actor, "change", indicator)
    return record_update(actor=actor, instance=indicator, data=data, version=version)


def indicator_delete(*, actor: User, indicator: Indicator, version: int | None) -> None:
    """Delete an indicator that has no values."""
    policy_for(Indicator).require(actor, "delete", indicator)
    if indicator.values.exists():
        raise DomainError(_("This indicator still has values."))
    record_delete(actor=actor, instance=indicator, version=version)


# --- values -----------------------------------------------------------------------------------


def _checked_value(data: dict[str, Any], current: IndicatorValue | None = None) -> dict[str, Any]:
    """The value's fields with its key; female and male (when known) within the value."""
    merged = {
        name: data.get(name, getattr(current, name, None))
        for name in ("value", "female", "male", "date", "period_start", "source", "breakdown")
    }
    commune = data.get("commune", current.commune if current else None)
    known: list[Any] = [merged[n] for n in ("female", "male") if merged[n] is not None]
    if merged["value"] is not None and sum(known) > merged["value"]:
        message = _("Women and men together are more than the value.")
        raise DomainError(message, errors={"female": [message], "male": [message]})
    if merged["date"] is None or not merged["source"]:
        return data
    key = value_key(
        commune=getattr(commune, "pk", commune),
        date=merged["date"],
        source=merged["source"],
        breakdown=merged["breakdown"],
        period_start=merged["period_start"],
    )
    indicator = data.get("indicator", current.indicator if current else None)
    clash = IndicatorValue.objects.filter(indicator=indicator, key=key)
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        message = _("This indicator already has this value (commune, date, source, breakdown).")
        raise DomainError(message, errors={"date": [message]})
    breakdown = merged["breakdown"]
    assessment = str(breakdown.get("assessment") or "")[:40] if isinstance(breakdown, dict) else ""
    return {**data, "key": key, "assessment": assessment}


def value_create(*, actor: User, data: dict[str, Any]) -> IndicatorValue:
    """A value of an indicator for a commune (or national) at a date."""
    policy_for(IndicatorValue).require(actor, "create")
    with transaction.atomic():
        return record_create(actor=actor, model=IndicatorValue, data=_checked_value(dict(data)))


def value_update(
    *, actor: User, value: IndicatorValue, data: dict[str, Any], version: int
) -> IndicatorValue:
    """Change a value (e.g. publish it) if ``version`` is still current."""
    policy_for(IndicatorValue).require(actor, "change", value)
    with transaction.atomic():
        return record_update(
            actor=actor, instance=value, data=_checked_value(dict(data), value), version=version
        )


def value_delete(*, actor: User, value: IndicatorValue, version: int | None) -> None:
    policy_for(IndicatorValue).require(actor, "delete", value)
    record_delete(actor=actor, instance=value, version=version)


# Fields an import may change on a value it finds again.
IMPORTED_FIELDS = [
    "value",
    "female",
    "male",
    "breakdown",
    "source_url",
    "confidence",
    "published",
    "period_start",
    "assessment",
]


# The columns of a new value as the importer gives them, one tuple a row.
NEW_VALUE_FIELDS = (
    "indicator",
    "commune",
    "date",
    "period_start",
    "value",
    "female",
    "male",
    "breakdown",
    "source",
    "source_url",
    "confidence",
    "assessment",
    "key",
)


def values_import(
    *,
    actor: User,
    run: ImportRun,
    creates: Sequence[tuple[Any, ...]],
    updates: Iterable[IndicatorValue],
    publish: bool,
) -> None:
    """Write an import's chunk in bulk (the pipeline writes the run's audit entry),
    each value stamped with the run; the importer has checked every value.
    ``creates``: rows of ``NEW_VALUE_FIELDS``, inserted with ``executemany``
    (SQLite) or ``COPY`` (PostgreSQL), their ids made here; ``updates``: values
    found again whose imported fields changed."""
    policy_for(IndicatorValue).require(actor, "import")
    now = timezone.now()
    _insert(creates, (publish, now, now, actor.pk, actor.pk, 1, run.pk))
    changed = list(updates)
    for value in changed:
        value.updated_by = actor
        value.import_run = run
        value.updated_at = now
        value.version += 1
    update_each(changed, [*IMPORTED_FIELDS, "updated_by", "import_run", "updated_at", "version"])


_CONSTANT_FIELDS = (
    "published",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "version",
    "import_run",
)


def _insert(rows: Sequence[tuple[Any, ...]], constant: tuple[Any, ...]) -> None:
    if not rows:
        return
    meta = IndicatorValue._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ("id", *NEW_VALUE_FIELDS, *_CONSTANT_FIELDS)
    columns = ", ".join(quote(meta.get_field(n).column) for n in names)  # type: ignore[union-attr,arg-type]
    ids = ordered_ids(len(rows))
    by_column = list(zip(*rows, strict=True))
    breakdown = NEW_VALUE_FIELDS.index("breakdown")
    by_column[breakdown] = tuple(
        json.dumps(b, ensure_ascii=False, separators=(",", ":")) for b in by_column[breakdown]
    )
    if connection.vendor == "postgresql":
        copy_rows(table, columns, [ids, *by_column], constant)
        return
    adapt = connection.ops
    fixed = [
        adapt.adapt_datetimefield_value(v)
        if isinstance(v, dt.datetime)
        else (v.hex if isinstance(v, uuid.UUID) else v)
        for v in constant
    ]
    for index in (NEW_VALUE_FIELDS.index("date"), NEW_VALUE_FIELDS.index("period_start")):
        by_column[index] = tuple(d.isoformat() if d else None for d in by_column[index])
    indicator = NEW_VALUE_FIELDS.index("indicator")
    by_column[indicator] = tuple(
        v.hex if isinstance(v, uuid.UUID) else v for v in by_column[indicator]
    )
    marks = ", ".join(["%s"] * (len(names)))
    with connection.cursor() as cursor:
        # A page cache big enough for the table's indexes while they grow.
        cursor.execute("PRAGMA cache_size = -262144")
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
            [(*row, *fixed) for row in zip(ids, *by_column, strict=True)],
        )
