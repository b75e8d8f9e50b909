"""The audit trail: who did what to which record, with the fields' old and new values.

Services call ``record`` inside their own transaction, so that a write and its audit
entry commit or roll back together. Nothing here runs from signals.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from konbit.core.models import AuditAction, AuditEntry

if TYPE_CHECKING:
    # The user model (AUTH_USER_MODEL) as core knows it: core imports no other app.
    from django.contrib.auth.models import AbstractUser as User

Changes = dict[str, list[Any]]


def to_json(value: Any) -> Any:
    """A value as it is kept in an audit entry (JSON-safe, stable)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, models.Model):
        return to_json(value.pk)
    return value


def audited_fields(instance: models.Model) -> list[models.Field]:
    exclude = {"created_at", "updated_at", "created_by", "updated_by", "import_run"}
    exclude |= set(getattr(instance, "audit_exclude", ()))
    return [
        field
        for field in instance._meta.concrete_fields
        if field.name not in exclude and not field.primary_key
    ]


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The audited fields of a record, by name, as JSON values."""
    return {
        field.name: to_json(getattr(instance, field.attname)) for field in audited_fields(instance)
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """``{"field": [old, new]}`` for each field whose value changed."""
    changes: Changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [old, new]
    return changes


def target_label(instance: models.Model) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}"


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    changes: Changes | None = None,
    detail: str = "",
    domain: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    target_repr: str | None = None,
) -> AuditEntry:
    """Append one entry to the trail. Call it inside the write's transaction."""
    if target is not None:
        target_type = target_type or target_label(target)
        target_id = target_id or str(target.pk)
        target_repr = target_repr if target_repr is not None else str(target)
        domain = domain or target._meta.app_label
    return AuditEntry.objects.create(
        actor=actor,  # type: ignore[misc]  # AUTH_USER_MODEL, to core an AbstractUser
        actor_username=getattr(actor, "username", "") or "anonymous",
        action=str(action),
        domain=domain or "core",
        target_type=target_type or "",
        target_id=target_id or "",
        target_repr=(target_repr or "")[:200],
        changes=to_json(changes or {}),
        detail=detail[:500],
    )


def record_reads(
    *, actor: User, model: type[models.Model], records: Iterable[Any], detail: str = ""
) -> int:
    """Record that ``actor`` read ``records`` (model instances, or rows with an
    ``"id"``): one ``read`` entry per record, so that the trail of a record names
    every read of it, written in one bulk insert. Whether a read is audited is the
    entity's policy's to say (``Policy.record_reads``); this only writes."""
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    username = getattr(actor, "username", "") or "anonymous"
    entries = []
    for item in records:
        if isinstance(item, models.Model):
            pk, text = item.pk, str(item)
        else:
            pk, text = item["id"], ""
        entries.append(
            AuditEntry(
                actor=actor,  # type: ignore[misc]  # AUTH_USER_MODEL, to core an AbstractUser
                actor_username=username,
                action=AuditAction.READ,
                domain=model._meta.app_label,
                target_type=label,
                target_id=str(pk),
                target_repr=text[:200],
                changes={},
                detail=detail[:500],
            )
        )
    if entries:
        AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def record_export(
    *, actor: User, domain: str, target_type: str, count: int, detail: str = ""
) -> AuditEntry:
    """Record an export of ``count`` records of a kind (one entry a file)."""
    return record(
        actor=actor,
        action=AuditAction.EXPORT,
        domain=domain,
        target_type=target_type,
        target_id="",
        target_repr=f"{count} x {target_type}",
        detail=detail,
    )
