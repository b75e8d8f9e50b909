"""Seizure statistics: counts, weights and values of items by kind, month, commune,
operation and contingent; drugs by substance, cash by currency; firearms by make,
calibre and country of manufacture. Aggregates only (no person), from a queryset of
seizures already scoped by ``policies.scope_for_stats`` and filtered; the page and
``/api/v1/seizures/stats/`` give the same figures.

Three grouped queries over the items (one cube by month, commune, operation,
contingent and kind; one by substance and currency; one of firearms), summed up in
Python into each view, rather than a query a view."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, F, Max, Min, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from konbit.seizures.models import ItemKind, SeizedItem, Seizure

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


def _month(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else value.isoformat()[:7]


# Beyond this many months the CASE below gives way to the database's TruncMonth.
MONTHS_AS_CASE = 600


def _month_of_seizure(seizures: QuerySet[Seizure]) -> Any:
    """The month of a seizure in the current time zone, as ``"YYYY-MM"``: a CASE over
    the months' first instants, computed here (daylight saving included), so the
    database only compares times. SQLite's TruncMonth is a Python function called for
    every row, and was most of the statistics' time."""
    span = seizures.order_by().aggregate(first=Min("seized_at"), last=Max("seized_at"))
    if span["first"] is None:
        return Value(None, output_field=CharField())
    zone = timezone.get_current_timezone()
    first = timezone.localtime(span["first"], zone)
    last = timezone.localtime(span["last"], zone)
    year, month = first.year, first.month
    whens: list[When] = []
    while (year, month) <= (last.year, last.month) and len(whens) <= MONTHS_AS_CASE:
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        starts = dt.datetime(*following, 1, tzinfo=zone)
        whens.append(When(seizure__seized_at__lt=starts, then=Value(f"{year:04d}-{month:02d}")))
        year, month = following
    if len(whens) > MONTHS_AS_CASE:
        return TruncMonth("seizure__seized_at")
    return Case(*whens, default=Value(None), output_field=CharField())


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
    cube = [
        {**row, "month": _month(row["month"])}
        for row in items.annotate(
            month=_month_of_seizure(seizures),
            commune=F("seizure__commune_pcode"),
            operation=F("seizure__operation__name"),
            contingent=F("seizure__seizing_contingent__country__iso3"),
            group=F("seizure__armed_group__name"),
        )
        .values("month", "commune", "operation", "contingent", "group", "kind")
        .annotate(n=Count("pk"), units=Sum("count"), net=Sum("net_weight_g"))
    ]
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
