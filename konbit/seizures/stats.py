"""Seizure statistics: counts, weights and values of items by kind, month, commune,
operation and contingent; drugs by substance, cash by currency; firearms by make,
calibre and country of manufacture. Aggregates only (no person), from a queryset of
seizures already scoped by ``policies.scope_for_stats`` and filtered; the page and
``/api/v1/seizures/stats/`` give the same figures.

Three grouped queries: the seizures' tallies (``SeizureTally``) by month, commune,
operation, contingent and attributed group, a cube that Python sums into each view
(rather than a query a view); the items by substance and currency; the firearms.
The month is the seizure's stored ``seized_month``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum

from konbit.seizures.models import TALLY_COLUMNS, ItemKind, SeizedItem, Seizure, SeizureTally
from konbit.seizures.tally import TALLY_FIELDS

# Sums as text to the field's places, alike on both databases (SQLite's sum of
# decimals drops trailing zeros).
GRAM, CENT = Decimal("0.001"), Decimal("0.01")


def _text(value: Decimal | None, places: Decimal) -> str | None:
    return None if value is None else str(Decimal(value).quantize(places))


class _Sums:
    __slots__ = ("amount", "items", "net_weight_g", "units")

    def __init__(self) -> None:
        self.items = 0
        self.units = 0
        self.net_weight_g: Decimal | None = None
        self.amount: Decimal | None = None

    def add(self, row: dict[str, Any]) -> None:
        self.items += row["n"]
        self.units += row["units"] or 0
        if row.get("net") is not None:
            self.net_weight_g = (self.net_weight_g or Decimal(0)) + row["net"]
        if row.get("money") is not None:
            self.amount = (self.amount or Decimal(0)) + row["money"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "units": self.units,
            "net_weight_g": _text(self.net_weight_g, GRAM),
        }


def _group(rows: Iterable[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    sums: dict[tuple[Any, ...], _Sums] = defaultdict(_Sums)
    for row in rows:
        sums[tuple(row[k] for k in keys)].add(row)
    ordered = sorted(
        sums.items(), key=lambda pair: tuple("" if v is None else str(v) for v in pair[0])
    )
    return [{**dict(zip(keys, key, strict=True)), **total.as_dict()} for key, total in ordered]


def _month(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()[:7]


def _cube(seizures: QuerySet[Seizure]) -> list[dict[str, Any]]:
    """Items by month, commune, operation, contingent, attributed group and kind:
    the seizures' tallies summed by the first five, then a row a kind."""
    tallies = SeizureTally.objects.order_by()
    if seizures.query.where:
        tallies = tallies.filter(seizure__in=seizures.values("pk"))
    sums = {column: Sum(column) for column in TALLY_FIELDS}
    grouped = tallies.values(
        month=F("seizure__seized_month"),
        commune=F("seizure__commune_pcode"),
        operation=F("seizure__operation__name"),
        contingent=F("seizure__seizing_contingent__country__iso3"),
        group=F("seizure__armed_group__name"),
    ).annotate(**sums)
    cube = []
    for row in grouped:
        where = {
            "month": _month(row["month"]),
            "commune": row["commune"],
            "operation": row["operation"],
            "contingent": row["contingent"],
            "group": row["group"],
        }
        for kind, (items_column, units_column, net_column) in TALLY_COLUMNS.items():
            if row[items_column]:
                cube.append(
                    {
                        **where,
                        "kind": kind,
                        "n": row[items_column],
                        "units": row[units_column],
                        "net": row[net_column] if net_column else None,
                    }
                )
    return cube


def seizure_stats(seizures: QuerySet[Seizure], *, by_group: bool = False) -> dict[str, Any]:
    """The figures; ``by_group`` adds them by attributed armed group (for readers of
    the actors part's aggregates)."""
    items = SeizedItem.objects.order_by()
    if seizures.query.where:
        # Scoped or filtered: their items only. Every seizure's items are all items,
        # read without the IN (SELECT ...), by which SQLite walks every seizure's id
        # through an index instead of scanning the items once.
        items = items.filter(seizure__in=seizures.values("pk"))
    totals = seizures.order_by().aggregate(
        seizures=Count("pk"), persons_arrested=Sum("persons_arrested")
    )
    cube = _cube(seizures)
    goods = list(
        items.filter(kind__in=(ItemKind.DRUG, ItemKind.CASH))
        .annotate(substance_name=F("substance__name"))
        .values("kind", "substance_name", "currency")
        .annotate(n=Count("pk"), units=Sum("count"), net=Sum("net_weight_g"), money=Sum("amount"))
    )
    firearms = list(
        items.filter(kind=ItemKind.FIREARM)
        .annotate(calibre_name=F("calibre__name"))
        .values("make", "calibre_name", "country_of_manufacture")
        .annotate(n=Count("pk"), units=Sum("count"))
    )
    cash: dict[str, _Sums] = defaultdict(_Sums)
    for row in goods:
        if row["kind"] == ItemKind.CASH:
            cash[row["currency"]].add(row)
    figures = {
        "totals": {
            "seizures": totals["seizures"],
            "persons_arrested": totals["persons_arrested"] or 0,
            "items": sum(row["n"] for row in cube),
        },
        "by_kind": _group(cube, ("kind",)),
        "by_month": _group(cube, ("month", "kind")),
        "by_commune": _group(cube, ("commune", "kind")),
        "by_operation": _group(cube, ("operation", "kind")),
        "by_contingent": _group(cube, ("contingent", "kind")),
        "drugs_by_substance": _group(
            (row for row in goods if row["kind"] == ItemKind.DRUG), ("substance_name",)
        ),
        "cash_by_currency": [
            {"currency": currency, "items": total.items, "amount": _text(total.amount, CENT)}
            for currency, total in sorted(cash.items())
        ],
        "firearms_by_make": _group(firearms, ("make",)),
        "firearms_by_calibre": _group(firearms, ("calibre_name",)),
        "firearms_by_country": _group(firearms, ("country_of_manufacture",)),
    }
    if by_group:
        figures["by_armed_group"] = _group(cube, ("group", "kind"))
    return figures
