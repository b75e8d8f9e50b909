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
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import orjson

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


def _text(value: Any) -> Any:
    """A value as the canonical JSON holds it."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(_THOUSANDTH))
    if isinstance(value, float):
        return str(Decimal(str(value)).quantize(_THOUSANDTH))
    raise TypeError(f"{type(value).__name__} has no canonical text")


def canonical(values: dict[str, Any]) -> bytes:
    """The canonical JSON of an entry given as ``{field: value}`` (HASHED_FIELDS)."""
    return orjson.dumps(
        {name: _text(values[name]) for name in HASHED_FIELDS}, option=orjson.OPT_SORT_KEYS
    )


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
        where = f"entry {self.sequence}" if self.sequence is not None else "chain"
        return f"{where}: {self.reason}"


@dataclass
class ItemCheck:
    item_id: uuid.UUID
    exhibit_number: str
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def _check_chain(
    item_id: Any, exhibit: str, chain_hash: str, chain_length: int, rows: Iterable[tuple[Any, ...]]
) -> ItemCheck:
    check = ItemCheck(item_id=item_id, exhibit_number=exhibit)
    previous = ""
    expected = 1
    for row in rows:
        values = dict(zip(HASHED_FIELDS, row, strict=False))
        stored = row[-1]
        sequence = values["sequence"]
        if sequence != expected:
            if sequence > expected:
                missing = ", ".join(str(n) for n in range(expected, sequence))
                check.breaks.append(Break(expected, f"missing (entries {missing} are gone)"))
            else:
                check.breaks.append(Break(sequence, "out of order"))
        if values["previous_hash"] != previous:
            check.breaks.append(Break(sequence, "previous_hash does not match the entry before it"))
        if entry_hash(values) != stored:
            check.breaks.append(Break(sequence, "content does not match its hash (altered)"))
        previous = stored
        expected = sequence + 1
    count = expected - 1
    if count != chain_length:
        check.breaks.append(
            Break(None, f"the item counts {chain_length} entries, the log holds {count}")
        )
    if previous != chain_hash:
        check.breaks.append(
            Break(None, "the item's latest hash is not the last entry's (entries removed or added)")
        )
    return check


_COLUMNS = [*HASHED_FIELDS, "hash"]


def _rows(item_ids: list[Any] | None) -> Iterator[tuple[Any, ...]]:
    """Every entry's hashed values and hash, by item then sequence, read in chunks."""
    entries = CustodyEvent.objects.order_by("item_id", "sequence")
    if item_ids is not None:
        entries = entries.filter(item_id__in=item_ids)
    return entries.values_list(*_COLUMNS).iterator(chunk_size=5000)


def verify(items: Iterable[SeizedItem] | None = None) -> Iterator[ItemCheck]:
    """Check the chain of ``items`` (every item if None), one ``ItemCheck`` each, in
    order of item id. Reads the log once, in item order, without loading it whole."""
    queryset = SeizedItem.objects.order_by("pk")
    ids: list[Any] | None = None
    if items is not None:
        ids = [item.pk for item in items]
        queryset = queryset.filter(pk__in=ids)
    heads = queryset.values_list("pk", "exhibit_number", "chain_hash", "chain_length").iterator(
        chunk_size=5000
    )
    rows = _rows(ids)
    pending: tuple[Any, ...] | None = next(rows, None)
    item_at = HASHED_FIELDS.index("item_id")
    for pk, exhibit, chain_hash, chain_length in heads:
        # Entries of items that no longer exist would sort before this one.
        while pending is not None and _key(pending[item_at]) < _key(pk):
            orphan = pending[item_at]
            while pending is not None and pending[item_at] == orphan:
                pending = next(rows, None)
            yield ItemCheck(orphan, "?", [Break(None, "entries of an item that does not exist")])
        chain = []
        while pending is not None and pending[item_at] == pk:
            chain.append(pending)
            pending = next(rows, None)
        yield _check_chain(pk, exhibit, chain_hash, chain_length, chain)
    while pending is not None:
        orphan = pending[item_at]
        while pending is not None and pending[item_at] == orphan:
            pending = next(rows, None)
        yield ItemCheck(orphan, "?", [Break(None, "entries of an item that does not exist")])


def _key(value: Any) -> str:
    # Items and entries are both sorted by the database's order of the item id: a
    # UUID on PostgreSQL, its 32 hex digits as text on SQLite; both sort as hex text.
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")
