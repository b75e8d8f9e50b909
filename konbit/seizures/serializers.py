"""What the API gives and takes of seizures, items and custody entries. Shapes only:
the rules are the services', access is ``policies``'."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from konbit.accounts.models import User
from konbit.core.api import VersionedSerializer, VersionField
from konbit.seizures.models import (
    Calibre,
    CustodyEvent,
    DrugSubstance,
    EventKind,
    SeizedItem,
    Seizure,
)
from konbit.seizures.services.custody import ENTRY_FIELDS
from konbit.seizures.services.seizures import ITEM_FIELDS, SEIZURE_FIELDS


@extend_schema_field(OpenApiTypes.STR)
class ReferenceField(serializers.RelatedField):
    """A calibre or substance by its name or one of its other names, whatever the
    case ("9mm" is "9x19mm Parabellum"); an unknown one is refused by name."""

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        text = str(data).strip()
        queryset = self.get_queryset()
        assert queryset is not None  # set by calibre_field / substance_field
        found = queryset.filter(name__iexact=text).first()
        if found is None and hasattr(queryset.model, "aliases"):
            for candidate in queryset.filter(aliases__icontains=text):
                aliases = [a.strip().lower() for a in candidate.aliases.split(",")]
                if text.lower() in aliases:
                    found = candidate
                    break
        if found is None:
            raise serializers.ValidationError(
                _("Unknown %(what)s “%(value)s”: use a name from the reference list.")
                % {"what": self.what, "value": text}
            )
        return found

    def to_representation(self, value: Any) -> str:
        return str(value.name)


def calibre_field(**kwargs: Any) -> ReferenceField:
    return ReferenceField(what=_("calibre"), queryset=Calibre.objects.all(), **kwargs)


def substance_field(**kwargs: Any) -> ReferenceField:
    return ReferenceField(what=_("substance"), queryset=DrugSubstance.objects.all(), **kwargs)


# --- items ---------------------------------------------------------------------------

ITEM_READ_FIELDS = (
    "id",
    "seizure",
    *ITEM_FIELDS,
    "custody_status",
    "holder",
    "holder_outside",
    "location_now",
    "chain_length",
    "chain_hash",
    "version",
    "created_at",
    "updated_at",
)


class ItemSerializer(VersionedSerializer):
    calibre = serializers.CharField(source="calibre.name", default=None, read_only=True)
    substance = serializers.CharField(source="substance.name", default=None, read_only=True)
    holder = serializers.CharField(source="holder.username", default=None, read_only=True)

    class Meta:
        model = SeizedItem
        fields = list(ITEM_READ_FIELDS)


class ItemFieldsInput(serializers.ModelSerializer):
    """An item's fields as a client sends them (nested in a seizure, or alone)."""

    calibre = calibre_field(required=False, allow_null=True)
    substance = substance_field(required=False, allow_null=True)

    class Meta:
        model = SeizedItem
        fields = list(ITEM_FIELDS)
        # Exhibit numbers are the service's to check: its message names the number.
        extra_kwargs: ClassVar[dict[str, Any]] = {"exhibit_number": {"validators": []}}


class ItemInputSerializer(ItemFieldsInput):
    seizure = serializers.PrimaryKeyRelatedField(queryset=Seizure.objects.all(), required=False)
    version = VersionField(required=False)

    class Meta(ItemFieldsInput.Meta):
        fields = ["seizure", *ITEM_FIELDS, "version"]


# --- seizures ------------------------------------------------------------------------


class SeizureSerializer(VersionedSerializer):
    iso3 = serializers.CharField(source="seizing_contingent.country.iso3", read_only=True)
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Seizure
        fields = [
            "id",
            *SEIZURE_FIELDS,
            "iso3",
            "commune_pcode",
            "released_to_hnp",
            "released_at",
            "items",
            "version",
            "created_at",
            "updated_at",
        ]


class SeizureInputSerializer(serializers.ModelSerializer):
    items = ItemFieldsInput(many=True, required=False)
    version = VersionField(required=False)

    class Meta:
        model = Seizure
        fields = [*SEIZURE_FIELDS, "items", "version"]
        extra_kwargs = {"seizing_contingent": {"required": False}}


class ReleaseSerializer(serializers.Serializer):
    version = VersionField()


# --- custody -------------------------------------------------------------------------


class CustodyEventSerializer(serializers.ModelSerializer):
    exhibit_number = serializers.CharField(source="item.exhibit_number", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    from_user = serializers.CharField(source="from_user.username", default=None, read_only=True)
    to_user = serializers.CharField(source="to_user.username", default=None, read_only=True)

    class Meta:
        model = CustodyEvent
        fields = [
            "id",
            "item",
            "exhibit_number",
            "sequence",
            "kind",
            "occurred_at",
            "recorded_at",
            "recorded_by",
            "from_user",
            *ENTRY_FIELDS,
            "notes",
            "answers",
            "corrects",
            "previous_hash",
            "hash",
        ]
        read_only_fields = fields


class CustodyEventInputSerializer(serializers.ModelSerializer):
    """A new entry: its item, its kind and the fields of that kind. ``to_user`` is a
    Konbit user by username (a transfer); ``answers`` is the transfer or hand-over
    a confirmation or refusal answers (the item's pending one if left out);
    ``corrects`` the entry a correction corrects."""

    item = serializers.PrimaryKeyRelatedField(queryset=SeizedItem.objects.all())
    kind = serializers.ChoiceField(
        choices=[c for c in EventKind.choices if c[0] != EventKind.SEIZED]
    )
    to_user = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(Q(is_active=True)),
        required=False,
        allow_null=True,
    )
    occurred_at = serializers.DateTimeField(required=False)

    class Meta:
        model = CustodyEvent
        fields = ["item", "kind", "occurred_at", *ENTRY_FIELDS, "notes", "answers", "corrects"]


# --- the slim list ---------------------------------------------------------------------

# A seizure in the list, and each of its items (the fields the issue names).
SEIZURE_LIST_VALUES = (
    "id",
    "seized_at",
    "location",
    "commune_pcode",
    "latitude",
    "longitude",
    "seizing_contingent__country__iso3",
    "operation",
    "armed_group",
    "persons_arrested",
    "released_to_hnp",
    "version",
)
ITEM_LIST_VALUES = {
    "id": "id",
    "exhibit_number": "exhibit_number",
    "seal_number": "seal_number",
    "kind": "kind",
    "serial_number": "serial_number",
    "calibre": "calibre__name",
    "count": "count",
    "substance": "substance__name",
    "net_weight_g": "net_weight_g",
    "currency": "currency",
    "amount": "amount",
    "custody_status": "custody_status",
    "version": "version",
}


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def _iso(moment: dt.datetime, here: dt.tzinfo) -> str:
    """``moment`` as DRF's ``DateTimeField`` writes it (ISO 8601 in the current time
    zone, ``Z`` for UTC), with the time zone looked up once a page, not once a row."""
    text = moment.astimezone(here).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def seizure_rows(page: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The list's rows: each seizure of ``page`` (``SEIZURE_LIST_VALUES``) as the
    API writes it, with its items (``ITEM_LIST_VALUES``) read in one query."""
    rows = []
    ids = []
    by_id: dict[str, list[dict[str, Any]]] = {}
    here = timezone.get_current_timezone()
    for seizure in page:
        items: list[dict[str, Any]] = []
        ids.append(seizure["id"])
        pk = str(seizure["id"])
        by_id[pk] = items
        rows.append(
            {
                "id": pk,
                "seized_at": _iso(seizure["seized_at"], here),
                "location": seizure["location"],
                "commune_pcode": seizure["commune_pcode"],
                "latitude": seizure["latitude"],
                "longitude": seizure["longitude"],
                "iso3": seizure["seizing_contingent__country__iso3"],
                "operation": _json(seizure["operation"]),
                "armed_group": _json(seizure["armed_group"]),
                "persons_arrested": seizure["persons_arrested"],
                "released_to_hnp": seizure["released_to_hnp"],
                "version": seizure["version"],
                "items": items,
            }
        )
    if by_id:
        _add_items(by_id, ids)
    return rows


def _add_items(by_id: dict[str, list[dict[str, Any]]], ids: list[Any]) -> None:
    """Append to ``by_id[seizure id as text]`` each of its items, read as the
    database gives them (without Django's converters: a page holds hundreds of
    items): ids as text, decimals as text to their places, the rest as they are."""
    from django.db import connection

    from konbit.seizures.chain import _uuid

    names = list(ITEM_LIST_VALUES)
    found = (
        SeizedItem.objects.filter(seizure_id__in=ids)
        .order_by("exhibit_number")
        .values_list("seizure_id", *ITEM_LIST_VALUES.values())
    )
    sql, params = found.query.sql_with_params()
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # Ids and decimals as PostgreSQL writes them, which is the API's text (a
            # numeric column's text has its places): not made into UUIDs and
            # Decimals by psycopg, to be made text again here.
            from psycopg.types.string import TextLoader

            for type_name in ("uuid", "numeric"):
                cursor.cursor.adapters.register_loader(type_name, TextLoader)
        cursor.execute(sql, params)
        found_rows = cursor.fetchall()
    if postgres:
        for seizure_id, *values in found_rows:
            by_id[seizure_id].append(dict(zip(names, values, strict=True)))
        return
    # SQLite: ids as 32 hex digits, decimals as numbers.
    id_at = names.index("id")
    places = [
        (names.index(name), Decimal(1).scaleb(-SeizedItem._meta.get_field(name).decimal_places))  # type: ignore[union-attr]
        for name in ("net_weight_g", "amount")
    ]
    for seizure_id, *values in found_rows:
        values[id_at] = _uuid(values[id_at])
        for at, quantum in places:
            if (value := values[at]) is not None:
                if isinstance(value, float):  # SQLite may give a decimal as a float
                    value = repr(value)
                values[at] = str(Decimal(value).quantize(quantum))
        by_id[str(_uuid(seizure_id))].append(dict(zip(names, values, strict=True)))
