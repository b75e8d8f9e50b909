"""Writes of seizures and their items: the rules, one transaction, the audit entry.

An item is created with the first entry of its custody log ("seized"), in the same
transaction, so that no item exists without a chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction
from konbit.core.services import lock_for_update, record_create, record_update
from konbit.forces.selectors import own_contingent
from konbit.seizures import policies, tally
from konbit.seizures.models import ItemKind, SeizedItem, Seizure
from konbit.seizures.services import custody

if TYPE_CHECKING:
    from konbit.accounts.models import User

SEIZURE_FIELDS = (
    "seized_at",
    "location",
    "latitude",
    "longitude",
    "operation",
    "incident",
    "seizing_contingent",
    "seizing_unit",
    "armed_group",
    "hnp_unit",
    "persons_arrested",
    "notes",
)
# The descriptive fields of items, and which kinds each belongs to.
KIND_FIELDS: dict[str, frozenset[str]] = {
    "firearm_type": frozenset({ItemKind.FIREARM}),
    "make": frozenset({ItemKind.FIREARM, ItemKind.MAGAZINE, ItemKind.VEHICLE, ItemKind.OTHER}),
    "model": frozenset({ItemKind.FIREARM, ItemKind.MAGAZINE, ItemKind.VEHICLE, ItemKind.OTHER}),
    "calibre": frozenset({ItemKind.FIREARM, ItemKind.MAGAZINE, ItemKind.AMMUNITION}),
    "serial_number": frozenset({ItemKind.FIREARM, ItemKind.EXPLOSIVE, ItemKind.OTHER}),
    "serial_obliterated": frozenset({ItemKind.FIREARM}),
    "country_of_manufacture": frozenset(
        {ItemKind.FIREARM, ItemKind.AMMUNITION, ItemKind.MAGAZINE, ItemKind.EXPLOSIVE}
    ),
    "import_marking": frozenset({ItemKind.FIREARM}),
    "headstamp": frozenset({ItemKind.AMMUNITION}),
    "substance": frozenset({ItemKind.DRUG}),
    "drug_form": frozenset({ItemKind.DRUG}),
    "gross_weight_g": frozenset({ItemKind.DRUG, ItemKind.EXPLOSIVE}),
    "net_weight_g": frozenset({ItemKind.DRUG, ItemKind.EXPLOSIVE}),
    "field_test": frozenset({ItemKind.DRUG}),
    "currency": frozenset({ItemKind.CASH}),
    "amount": frozenset({ItemKind.CASH}),
    "plate": frozenset({ItemKind.VEHICLE}),
    "vin": frozenset({ItemKind.VEHICLE}),
}
ITEM_FIELDS = (
    "exhibit_number",
    "seal_number",
    "kind",
    "description",
    "count",
    *KIND_FIELDS,
)
# What each kind must say.
REQUIRED: dict[str, tuple[str, ...]] = {
    ItemKind.FIREARM: ("firearm_type",),
    ItemKind.AMMUNITION: ("calibre",),
    ItemKind.EXPLOSIVE: ("description",),
    ItemKind.DRUG: ("substance", "net_weight_g"),
    ItemKind.CASH: ("currency", "amount"),
    ItemKind.OTHER: ("description",),
}
_EMPTY: tuple[Any, ...] = (None, "", False)


def _commune_of(lat: Any, lon: Any) -> str:
    from konbit.places.geo import commune_at

    if lat is None or lon is None:
        return ""
    try:
        return commune_at(float(lat), float(lon)).pcode or ""
    except (TypeError, ValueError):
        return ""


def month_of(moment: dt.datetime) -> dt.date:
    """The first day of the month in the mission's time zone (``TIME_ZONE``) of
    ``moment``: a seizure's ``seized_month``."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date().replace(day=1)


def _check_seizure(actor: User, data: dict[str, Any], seizure: Seizure | None = None) -> None:
    """The contingent is one the actor writes for; the unit is the contingent's; the
    time is not in the future."""
    errors: dict[str, list[str]] = {}
    if "seizing_contingent" in data or seizure is None:
        contingent = data.get("seizing_contingent")
        if contingent is None and seizure is None:
            contingent = own_contingent(actor)
            if contingent is None:
                errors["seizing_contingent"] = [_("Choose the seizing contingent.")]
            data["seizing_contingent"] = contingent
        if contingent is not None and not policies.in_scope(actor, contingent):
            errors["seizing_contingent"] = [_("You record seizures for your own contingent only.")]
    contingent = data.get("seizing_contingent") or (seizure and seizure.seizing_contingent)
    unit = data.get("seizing_unit", seizure.seizing_unit if seizure else None)
    if unit is not None and contingent is not None and unit.contingent_id != contingent.pk:
        errors["seizing_unit"] = [_("Choose a unit of the seizing contingent.")]
    seized_at = data.get("seized_at")
    if seized_at is not None and seized_at > timezone.now() + dt.timedelta(minutes=5):
        errors["seized_at"] = [_("The seizure cannot be in the future.")]
    if (data.get("latitude") is None) != (data.get("longitude") is None) and (
        "latitude" in data or "longitude" in data
    ):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors=errors)


@transaction.atomic
def seizure_create(
    *, actor: User, data: Mapping[str, Any], items: Iterable[Mapping[str, Any]] = ()
) -> Seizure:
    """Record a seizure, and its items with the first entry of their custody logs.

    A contingent commander records their own contingent's seizures. An item with a
    problem refuses the whole seizure: its errors are named ``items.N.field``."""
    data = {k: v for k, v in data.items() if k in SEIZURE_FIELDS}
    _check_seizure(actor, data)
    data["commune_pcode"] = _commune_of(data.get("latitude"), data.get("longitude"))
    if data.get("seized_at") is not None:
        data["seized_month"] = month_of(data["seized_at"])
    seizure = record_create(actor=actor, model=Seizure, data=data)
    tally.seizure_added()
    for index, item in enumerate(items):
        try:
            _item_add(actor=actor, seizure=seizure, data=item)
        except DomainError as exc:
            errors = {f"items.{index}.{field}": problems for field, problems in exc.errors.items()}
            raise DomainError(
                _("Item %(n)s: %(message)s") % {"n": index + 1, "message": exc.message},
                errors=errors or {f"items.{index}": [str(exc.message)]},
            ) from None
    if items:
        tally.item_changed(seizure.pk)  # once for all its items
    return seizure


def seizure_update(
    *, actor: User, seizure: Seizure, data: Mapping[str, Any], version: int | None
) -> Seizure:
    """Change a seizure (version checked); a moved point gets its commune again."""
    data = {k: v for k, v in data.items() if k in SEIZURE_FIELDS}
    _check_seizure(actor, data, seizure)
    if "latitude" in data or "longitude" in data:
        data["commune_pcode"] = _commune_of(
            data.get("latitude", seizure.latitude), data.get("longitude", seizure.longitude)
        )
    if data.get("seized_at") is not None:
        data["seized_month"] = month_of(data["seized_at"])
    return record_update(actor=actor, instance=seizure, data=data, version=version)


@transaction.atomic
def seizure_release_to_hnp(
    *, actor: User, seizure: Seizure, version: int | None, reason: str = ""
) -> Seizure:
    """Share a seizure and its items' custody with the HNP: an explicit, audited
    action. Releasing twice changes nothing."""
    locked = lock_for_update(seizure, version=version) if version is not None else seizure
    return _release(actor=actor, seizure=locked, detail=reason or "released to the HNP")


def _release(*, actor: User, seizure: Seizure, detail: str) -> Seizure:
    locked = Seizure.objects.select_for_update().get(pk=seizure.pk)
    if locked.released_to_hnp:
        return locked
    locked.released_to_hnp = True
    locked.released_at = timezone.now()
    locked.version += 1
    locked.updated_by = actor
    locked.save(
        update_fields=["released_to_hnp", "released_at", "version", "updated_by", "updated_at"]
    )
    tally.seizure_released()
    audit.record(
        actor=actor,
        action=AuditAction.RELEASE,
        target=locked,
        changes={"released_to_hnp": [False, True]},
        detail=detail,
    )
    return locked


def _check_item(data: dict[str, Any], item: SeizedItem | None = None) -> None:
    """The fields of the item's kind, and only those; what the kind requires;
    weights, counts and amounts never negative; net weight within the gross."""
    kind = data.get("kind", item.kind if item else None)
    errors: dict[str, list[str]] = {}
    if kind not in ItemKind.values:
        raise DomainError(
            _("Choose the kind of item."),
            errors={"kind": [_("Choose one of: %(k)s.") % {"k": ", ".join(ItemKind.values)}]},
        )
    label = ItemKind(kind).label
    for name, kinds in KIND_FIELDS.items():
        if kind not in kinds and data.get(name) not in _EMPTY:
            errors[name] = [_("Not a field of a %(kind)s.") % {"kind": label}]
    for name in REQUIRED.get(kind, ()):
        value = data.get(name, getattr(item, name, None) if item else None)
        if value in _EMPTY:
            errors.setdefault(name, []).append(_("Required for a %(kind)s.") % {"kind": label})
    if kind == ItemKind.FIREARM:
        serial = data.get("serial_number", item.serial_number if item else "")
        obliterated = data.get("serial_obliterated", item.serial_obliterated if item else False)
        if not serial and not obliterated:
            errors.setdefault("serial_number", []).append(
                _("Give the serial number, or mark it obliterated or altered.")
            )
    if kind == ItemKind.VEHICLE:
        plate = data.get("plate", item.plate if item else "")
        vin = data.get("vin", item.vin if item else "")
        if not plate and not vin:
            errors.setdefault("plate", []).append(_("Give the plate or the VIN."))
    for name in ("gross_weight_g", "net_weight_g", "amount"):
        value = data.get(name)
        if value is not None and Decimal(value) < 0:
            errors.setdefault(name, []).append(_("Cannot be negative."))
    if data.get("count") is not None and int(data["count"]) < 0:
        errors.setdefault("count", []).append(_("Cannot be negative."))
    gross = data.get("gross_weight_g", item.gross_weight_g if item else None)
    net = data.get("net_weight_g", item.net_weight_g if item else None)
    if gross is not None and net is not None and Decimal(net) > Decimal(gross):
        errors.setdefault("net_weight_g", []).append(
            _("The net weight cannot exceed the gross weight.")
        )
    if errors:
        field, problems = next(iter(errors.items()))
        raise DomainError(f"{field}: {problems[0]}", errors=errors)


def _duplicate_exhibit(number: str) -> DomainError:
    return DomainError(
        _("Exhibit number %(n)s is already used in the mission.") % {"n": number},
        errors={
            "exhibit_number": [
                _("%(n)s is already used: exhibit numbers are unique in the mission.")
                % {"n": number}
            ]
        },
    )


@transaction.atomic
def item_create(
    *,
    actor: User,
    seizure: Seizure,
    data: Mapping[str, Any],
    occurred_at: dt.datetime | None = None,
) -> SeizedItem:
    """Add an item to a seizure, with the first entry of its custody log ("seized",
    held by the actor at the place of the seizure)."""
    item = _item_add(actor=actor, seizure=seizure, data=data, occurred_at=occurred_at)
    tally.item_changed(seizure.pk)
    return item


def _item_add(
    *,
    actor: User,
    seizure: Seizure,
    data: Mapping[str, Any],
    occurred_at: dt.datetime | None = None,
) -> SeizedItem:
    """``item_create`` but for the seizure's tally, which its caller recounts."""
    data = {k: v for k, v in data.items() if k in ITEM_FIELDS}
    _check_item(data)
    number = str(data.get("exhibit_number") or "").strip()
    data["exhibit_number"] = number
    if number and SeizedItem.objects.filter(exhibit_number=number).exists():
        raise _duplicate_exhibit(number)
    try:
        with transaction.atomic():
            item = record_create(
                actor=actor,
                model=SeizedItem,
                data={**data, "seizure": seizure, "location_now": seizure.location},
            )
    except IntegrityError:  # two clerks typed the same number at the same moment
        raise _duplicate_exhibit(number) from None
    except DomainError as exc:
        if "exhibit_number" in exc.errors and number:
            raise _duplicate_exhibit(number) from None
        raise
    custody.append_seized(actor=actor, item=item, occurred_at=occurred_at or seizure.seized_at)
    return item


@transaction.atomic
def item_update(
    *, actor: User, item: SeizedItem, data: Mapping[str, Any], version: int | None
) -> SeizedItem:
    """Change an item's description (version checked). Its custody changes only by
    new entries of its log."""
    data = {k: v for k, v in data.items() if k in ITEM_FIELDS}
    _check_item(data, item)
    number = data.get("exhibit_number")
    if number and SeizedItem.objects.filter(exhibit_number=number).exclude(pk=item.pk).exists():
        raise _duplicate_exhibit(number)
    item = record_update(actor=actor, instance=item, data=data, version=version)
    tally.item_changed(item.seizure_id)
    return item


def release_for_handover(*, actor: User, seizure: Seizure) -> Seizure:
    """A hand-over to the HNP releases the seizure to it (audited as a release)."""
    return _release(actor=actor, seizure=seizure, detail="released by a hand-over to the HNP")
