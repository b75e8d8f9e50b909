"""The generic writes every part's services build on.

Each one validates, writes inside one transaction and appends the audit entry in
that same transaction. A part's own services add its rules around them; views and
the API never call ``save()`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError, StaleVersion
from konbit.core.models import AuditAction, ImportRun, TrackedModel

if TYPE_CHECKING:
    # The user model (AUTH_USER_MODEL) as core knows it: core imports no other app.
    from django.contrib.auth.models import AbstractUser as User

T = TypeVar("T", bound=TrackedModel)
M2M = Mapping[str, Iterable[models.Model]]


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as ``{"field": ["message", ...]}``."""
    if hasattr(exc, "error_dict"):
        return {
            ("detail" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {"detail": [str(m) for m in exc.messages]}


def validate(instance: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """Run the model's own validation; raise DomainError with each field's message."""
    try:
        instance.full_clean(exclude=list(exclude or ()))
    except ValidationError as exc:
        errors = validation_errors(exc)
        detail = errors.pop("detail", None)
        raise DomainError(
            detail[0] if detail else _("Please correct the errors below."), errors=errors
        ) from None


def _m2m_snapshot(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {
        name: sorted(str(pk) for pk in getattr(instance, name).values_list("pk", flat=True))
        for name in names
    }


@transaction.atomic
def record_create(
    *,
    actor: User,
    model: type[T],
    data: Mapping[str, Any],
    m2m: M2M | None = None,
    import_run: ImportRun | None = None,
    validate_exclude: Iterable[str] | None = None,
) -> T:
    """Create a record after validating it; audit every field it was given."""
    instance = model(**data)
    instance.created_by = actor
    instance.updated_by = actor
    instance.import_run = import_run
    validate(instance, exclude=validate_exclude)
    instance.save(force_insert=True)
    after = audit.snapshot(instance)
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    if m2m:
        after.update(_m2m_snapshot(instance, m2m))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=instance,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        detail=f"import {import_run.pk}" if import_run else "",
    )
    return instance


def _attname(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise DomainError(_("%(name)s cannot be changed here.") % {"name": name})
    return field.attname


def lock_for_update(instance: T, *, version: int | None) -> T:
    """Re-read ``instance`` under a row lock and check the version the caller read.

    On SQLite the IMMEDIATE transaction already holds the write lock, so the check
    cannot race with another writer on either database.
    """
    if version is None:
        raise DomainError(
            _("Send the version of the record you are changing."),
            errors={"version": [_("This field is required.")]},
        )
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if locked.version != version:
        raise StaleVersion(current=locked.version, sent=version)
    return locked


@transaction.atomic
def record_update(
    *,
    actor: User,
    instance: T,
    data: Mapping[str, Any],
    version: int | None,
    m2m: M2M | None = None,
    import_run: ImportRun | None = None,
    validate_exclude: Iterable[str] | None = None,
) -> T:
    """Change a record if ``version`` is still current; audit the fields that changed.

    A write that changes nothing leaves the record, its version and the trail alone.
    """
    locked = lock_for_update(instance, version=version)
    before = audit.snapshot(locked)
    if m2m:
        before.update(_m2m_snapshot(locked, m2m))
    attnames = {name: _attname(locked, name) for name in data}
    old_values = {name: getattr(locked, attname) for name, attname in attnames.items()}
    for name, value in data.items():
        setattr(locked, name, value)
    validate(locked, exclude=validate_exclude)
    after = audit.snapshot(locked)
    # Compared on the model's values, not the snapshot: fields left out of the audit
    # (audit_exclude) are saved too.
    changed_fields = [
        name
        for name, attname in attnames.items()
        if audit.to_json(old_values[name]) != audit.to_json(getattr(locked, attname))
    ]
    if m2m:
        for name, values in m2m.items():
            getattr(locked, name).set(values)
        after.update(_m2m_snapshot(locked, m2m))
    changes = audit.diff(before, after)
    if not changes and not changed_fields:
        return locked
    locked.version += 1
    locked.updated_by = actor
    if import_run is not None:
        locked.import_run = import_run
    locked.save(
        update_fields=[
            *changed_fields,
            "version",
            "updated_by",
            "updated_at",
            *(["import_run"] if import_run is not None else []),
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=locked,
        changes=changes,
        detail=f"import {import_run.pk}" if import_run else "",
    )
    return locked


@transaction.atomic
def record_delete(*, actor: User, instance: TrackedModel, version: int | None) -> None:
    """Delete a record if ``version`` is still current; the trail keeps its last values."""
    locked = lock_for_update(instance, version=version)
    before = audit.snapshot(locked)
    label, pk, text = audit.target_label(locked), str(locked.pk), str(locked)
    try:
        locked.delete()
    except models.ProtectedError:
        raise DomainError(
            _("This record is still referred to by other records and cannot be deleted.")
        ) from None
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        domain=locked._meta.app_label,
        target_type=label,
        target_id=pk,
        target_repr=text,
        changes=audit.diff(before, {}),
    )


class Upsert:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@transaction.atomic
def record_upsert(
    *,
    actor: User,
    model: type[T],
    lookup: Mapping[str, Any],
    data: Mapping[str, Any],
    m2m: M2M | None = None,
    import_run: ImportRun | None = None,
) -> tuple[T, str]:
    """Create the record found by its natural key ``lookup``, or bring it up to
    ``data``. Unchanged data writes nothing, so loading the same data twice is a
    no-op (demo data, re-imports)."""
    existing = model._default_manager.filter(**lookup).first()
    if existing is None:
        created = record_create(
            actor=actor, model=model, data={**lookup, **data}, m2m=m2m, import_run=import_run
        )
        return created, Upsert.CREATED
    updated = record_update(
        actor=actor,
        instance=existing,
        data=data,
        version=existing.version,
        m2m=m2m,
        import_run=import_run,
    )
    return updated, (Upsert.UPDATED if updated.version != existing.version else Upsert.UNCHANGED)
