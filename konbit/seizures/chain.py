"""The hash chain of custody logs: what an entry's hash covers, and the check.

An entry's hash is the SHA-256 of its canonical JSON: every field of the entry that
says what happened (``HASHED_FIELDS``) plus ``previous_hash``, with sorted keys and
no spaces; ids, dates, times (ISO 8601 in UTC, to the microsecond) and decimals
(three places) as text. Both databases give back the same values, so a chain written
on one verifies on the other, and a dump restored elsewhere verifies too.

The check walks each item's entries in order and compares, for every entry, its
sequence, its ``previous_hash`` and its hash with what they should be, and at the end
the item's own ``chain_hash`` and ``chain_length``: an entry changed, removed
(even the last one) or slipped in is named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import orjson
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from konbit.seizures.models import CustodyEvent, SeizedItem

# The fields an entry's hash covers, in the order the check reads them.
HASHED_FIELDS = (
    "id",
    "item_id",
    "sequence",
    "kind",
    "occurred_at",
    "recorded_at",
    "recorded_by_id",
    "from_user_id",
    "to_user_id",
    "location",
    "seal_number",
    "examiner",
    "result",
    "weight_g",
    "agency",
    "receiving_official",
    "document_reference",
    "method",
    "authority",
    "witnesses",
    "notes",
    "answers_id",
    "corrects_id",
    "previous_hash",
)
_THOUSANDTH = Decimal("0.001")


# Each field's canonical text, from the model's value or from the database's raw value
# (the check reads raw rows, without Django's converters): the same text either way.
def _uuid(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 32:  # SQLite keeps a UUID as its 32 hex digits
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return value.lower()
    return str(value)


def _when(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        # A time in UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]" (SQLite without converters).
        text = value.replace(" ", "T", 1)
        return (text if "." in text else text + ".000000") + "Z"
    if value.tzinfo is not None:
        if value.utcoffset():
            value = value.astimezone(dt.UTC)
        value = value.replace(tzinfo=None)
    return str(value.isoformat(timespec="microseconds")) + "Z"


def _decimal(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):  # SQLite may give a decimal back as a float
        value = repr(value)
    return str(Decimal(value).quantize(_THOUSANDTH))


def _as_is(value: Any) -> Any:
    return value


_CONVERT = {
    **dict.fromkeys(
        (
            "id",
            "item_id",
            "recorded_by_id",
            "from_user_id",
            "to_user_id",
            "answers_id",
            "corrects_id",
        ),
        _uuid,
    ),
    "occurred_at": _when,
    "recorded_at": _when,
    "weight_g": _decimal,
}
# The fields in the canonical JSON's (sorted) order, with their place in a row.
_SORTED = tuple(
    (name, HASHED_FIELDS.index(name), _CONVERT.get(name, _as_is)) for name in sorted(HASHED_FIELDS)
)


def canonical(values: dict[str, Any]) -> bytes:
    """The canonical JSON of an entry given as ``{field: value}`` (HASHED_FIELDS)."""
    return _canonical_row([values[name] for name in HASHED_FIELDS])


def _canonical_row(row: Sequence[Any]) -> bytes:
    # Built in sorted key order: the same bytes as sorting the keys, for less work.
    return orjson.dumps({name: convert(row[at]) for name, at, convert in _SORTED})


def entry_hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def seal(event: CustodyEvent) -> None:
    """Set ``event.hash`` from its fields (``previous_hash`` set already)."""
    event.hash = entry_hash({name: getattr(event, name) for name in HASHED_FIELDS})


# --- the check -----------------------------------------------------------------------


@dataclass
class Break:
    """One thing wrong in an item's chain: the entry (its sequence) and why."""

    sequence: int | None
    reason: str

    def __str__(self) -> str:
        if self.sequence is None:
            return _("chain: %(reason)s") % {"reason": self.reason}
        return _("entry %(n)s: %(reason)s") % {"n": self.sequence, "reason": self.reason}


@dataclass
class ItemCheck:
    item_id: str | None
    exhibit_number: str
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def _check_chain(
    item_id: Any,
    exhibit: str,
    chain_hash: str,
    chain_length: int,
    rows: Iterable[tuple[Any, ...]],
    ids: Sequence[str] = (),
) -> ItemCheck:
    check = ItemCheck(item_id=item_id, exhibit_number=exhibit)
    previous = ""
    expected = 1
    sha256, dumps, keys = hashlib.sha256, orjson.dumps, _TEXT_KEYS
    for row in rows:
        stored = row[-1]
        sequence = row[_TEXT_SEQUENCE]
        if sequence != expected:
            if sequence > expected:
                missing = ", ".join(str(n) for n in range(expected, sequence))
                check.breaks.append(
                    Break(expected, _("missing (entries %(n)s are gone)") % {"n": missing})
                )
            else:
                check.breaks.append(Break(sequence, _("out of order")))
        if row[_TEXT_PREVIOUS] != previous:
            check.breaks.append(
                Break(sequence, _("previous_hash does not match the entry before it"))
            )
        # The row holds the canonical texts already (made by the database, see
        # _text_columns), in sorted key order, the hash last (left out by zip); only
        # a weight, and on SQLite the ids (``ids``), are made here.
        values = dict(zip(keys, row, strict=False))
        for name in ids:
            if (value := values[name]) is not None:
                values[name] = _uuid(value)
        if values["weight_g"] is not None:
            values["weight_g"] = _decimal(values["weight_g"])
        if sha256(dumps(values)).hexdigest() != stored:
            check.breaks.append(Break(sequence, _("content does not match its hash (altered)")))
        previous = stored
        expected = sequence + 1
    count = expected - 1
    if count != chain_length:
        check.breaks.append(
            Break(
                None,
                _("the item counts %(n)s entries, the log holds %(m)s")
                % {"n": chain_length, "m": count},
            )
        )
    if previous != chain_hash:
        check.breaks.append(
            Break(
                None,
                _("the item's latest hash is not the last entry's (entries removed or added)"),
            )
        )
    return check


# The check reads each entry's fields in the canonical JSON's (sorted) order, as the
# canonical texts themselves: the database turns ids and times into text in the
# canonical form (see _uuid and _when: the same text), so that Python only hashes.
_TEXT_KEYS = tuple(sorted(HASHED_FIELDS))
_TEXT_SEQUENCE = _TEXT_KEYS.index("sequence")
_TEXT_PREVIOUS = _TEXT_KEYS.index("previous_hash")
_TEXT_ITEM = _TEXT_KEYS.index("item_id")
CHUNK = 10_000


def _uuid_sql(column: str) -> str | None:
    # SQLite keeps a UUID as its 32 hex digits, made canonical by _uuid in Python
    # (faster there than with SQLite's substr).
    return f"{column}::text" if connection.vendor == "postgresql" else None


def _when_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
    # SQLite keeps a time in UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]"; an expression
    # (not the column) comes back as text, without Python's converter.
    text = f"replace({column}, ' ', 'T')"
    return f"CASE WHEN instr({column}, '.') > 0 THEN {text} || 'Z' ELSE {text} || '.000000Z' END"


def _text_columns(queryset: QuerySet[Any], names: Sequence[str]) -> QuerySet[Any]:
    """``queryset`` reading ``names`` (fields of its model), ids and times as the
    canonical text, in that order."""
    model = queryset.model
    annotations: dict[str, RawSQL] = {}
    columns = []
    for name in names:
        db_field = model._meta.get_field(name)
        column = connection.ops.quote_name(db_field.column)
        internal = getattr(db_field, "target_field", db_field).get_internal_type()
        sql = None
        if internal == "UUIDField":
            sql = _uuid_sql(column)
        elif internal == "DateTimeField":
            sql = _when_sql(column)
        if sql is None:
            columns.append(name)
            continue
        alias = f"canonical_{name}"
        annotations[alias] = RawSQL(sql, ())  # noqa: S611 (the model's own column names)
        columns.append(alias)
    return queryset.annotate(**annotations).values_list(*columns)


def _raw(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``queryset`` (a values_list) as the database gives them (no
    converters), read in chunks (a server-side cursor on PostgreSQL)."""
    sql, params = queryset.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def verify(items: Iterable[SeizedItem] | None = None) -> Iterator[ItemCheck]:
    """Check the chain of ``items`` (every item if None), one ``ItemCheck`` each, in
    the database's order of item ids. Reads the log once, in that order, without
    loading it whole."""
    heads = SeizedItem.objects.order_by("pk")
    entries = CustodyEvent.objects.order_by("item_id", "sequence")
    if items is not None:
        ids = [item.pk for item in items]
        heads = heads.filter(pk__in=ids)
        entries = entries.filter(item_id__in=ids)
    # Ids are compared as canonical text: fixed-width lowercase hex sorts as the
    # databases sort their ids (UUIDs on PostgreSQL, hex text on SQLite).
    head_rows = list(
        _raw(_text_columns(heads, ["id", "exhibit_number", "chain_hash", "chain_length"]))
    )
    uuid_keys: tuple[str, ...] = ()
    if connection.vendor != "postgresql":
        uuid_keys = tuple(name for name in _TEXT_KEYS if _CONVERT.get(name) is _uuid)
        head_rows = [(_uuid(pk), *rest) for pk, *rest in head_rows]
    groups = _by_item(_raw(_text_columns(entries, [*_TEXT_KEYS, "hash"])))
    group = next(groups, None)
    for pk, exhibit, chain_hash, chain_length in head_rows:
        while group is not None and group[0] < pk:  # entries of no item
            yield _orphan(group[0])
            group = next(groups, None)
        chain: list[tuple[Any, ...]] = []
        if group is not None and group[0] == pk:
            chain = group[1]
            group = next(groups, None)
        yield _check_chain(pk, exhibit, chain_hash, chain_length, chain, uuid_keys)
    while group is not None:
        yield _orphan(group[0])
        group = next(groups, None)


def _by_item(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, list[tuple[Any, ...]]]]:
    """The entries of each item in turn, with the item's id as canonical text."""
    current: Any = None
    chain: list[tuple[Any, ...]] = []
    for row in rows:
        if row[_TEXT_ITEM] != current:
            if chain:
                yield _uuid(current), chain
            current, chain = row[_TEXT_ITEM], []
        chain.append(row)
    if chain:
        yield _uuid(current), chain


def _orphan(item_id: Any) -> ItemCheck:
    orphan = Break(None, _("entries of an item that does not exist"))
    return ItemCheck(_uuid(item_id), "?", [orphan])
