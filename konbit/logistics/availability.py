"""Availability of the mission's assets, derived from their status logs: aggregates
only (counts, shares, days), never an identifier, so that the analyst reads them.

- On a date: the assets held that day (received by then, not written off) by kind
  and contingent, and how many were operational, degraded, non-operational or in
  maintenance. An asset's status on a date is its log's last entry up to that date
  (by date, then order of recording). Today's is the status the asset keeps.
- By month: for each kind, the days the assets were held and the days they were
  operational in the month (up to today), and their share.
- Breakdowns by month: entries whose reason is a breakdown, damage, an accident or
  being stuck, by kind.

Each takes a queryset of assets already scoped (``policies.scope_for_figures``)
and filtered; the page and ``/api/v1/assets/availability/`` give the same figures.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from konbit.logistics.models import BREAKDOWN_REASONS, Asset, Kind, Status, StatusEntry

COUNTED = tuple(
    s.value
    for s in (Status.OPERATIONAL, Status.DEGRADED, Status.NON_OPERATIONAL, Status.IN_MAINTENANCE)
)
KIND_LABELS = dict(Kind.choices)


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(100.0 * part / whole, 1)


def statuses_on(assets: QuerySet[Asset], day: dt.date) -> QuerySet[Any]:
    """Each asset received by ``day`` with its status that day: rows of ``kind``,
    ``code`` (the contingent's) and ``state`` (one query; the status of each from its
    log's last entry up to ``day``, read along the entries' (asset, date, order)
    index; today's is the status the asset keeps)."""
    assets = assets.order_by().filter(received_on__lte=day)
    if day >= _today():
        state: Any = F("status")
    else:
        state = Subquery(
            StatusEntry.objects.filter(asset=OuterRef("pk"), on__lte=day)
            .order_by("-on", "-sequence")
            .values("status")[:1]
        )
    return assets.values("kind", code=F("contingent__country__iso3"), state=state)


def _today() -> dt.date:
    from konbit.logistics.services import today

    return today()


def on_date(assets: QuerySet[Asset], day: dt.date) -> dict[str, Any]:
    """The availability on ``day`` by kind, by kind and contingent, and in all."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    rows = statuses_on(assets, day).annotate(n=Count("pk"))
    for row in rows:
        if row["state"] in COUNTED:
            counts[(row["kind"], row["code"])][row["state"]] += row["n"]

    def line(values: dict[str, int], **keys: Any) -> dict[str, Any]:
        held = sum(values.values())
        return {
            **keys,
            "held": held,
            **values,
            "available_share": _share(values[Status.OPERATIONAL], held),
        }

    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    total = dict.fromkeys(COUNTED, 0)
    for (kind, _code), values in counts.items():
        for status, n in values.items():
            by_kind[kind][status] += n
            total[status] += n
    return {
        "date": day.isoformat(),
        "total": line(total),
        "by_kind": [
            line(by_kind[kind], kind=kind, kind_label=str(KIND_LABELS.get(kind, kind)))
            for kind in sorted(by_kind, key=lambda k: Kind.values.index(k))
        ],
        "by_kind_and_contingent": [
            line(counts[key], kind=key[0], contingent=key[1])
            for key in sorted(counts, key=lambda k: (Kind.values.index(k[0]), k[1] or ""))
        ],
    }


def _months(since: dt.date, until: dt.date) -> list[dt.date]:
    first = since.replace(day=1)
    months = []
    while first <= until:
        months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months


def by_month(assets: QuerySet[Asset], since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """For each month from ``since`` to ``until`` (at most today) and each kind: the
    days held, the days operational and their share. One query of the entries up
    to ``until`` (asset, date, status), walked in order asset by asset: each entry's
    status holds from its date to the next entry's, counted in the months it spans."""
    until = min(until, _today())
    months = _months(since, until)
    if not months:
        return []
    # Day numbers: each month's first day, and the day after the period.
    bounds = [month.toordinal() for month in months] + [until.toordinal() + 1]
    first, stop = bounds[0], bounds[-1]
    span = len(months)
    held: dict[str, list[int]] = defaultdict(lambda: [0] * span)
    up: dict[str, list[int]] = defaultdict(lambda: [0] * span)
    entries = (
        StatusEntry.objects.filter(
            asset__in=assets.order_by().filter(received_on__lte=until).values("pk"),
            on__lte=until,
        )
        .order_by("asset_id", "on", "sequence")
        .values_list("asset_id", "asset__kind", "on", "status")
    )
    written_off, operational = Status.WRITTEN_OFF.value, Status.OPERATIONAL.value

    def count(kind: str, status: str, begin: int, end: int) -> None:
        # ``status`` from day ``begin`` to ``end`` (exclusive), within the months.
        begin, end = max(begin, first), min(end, stop)
        if begin >= end or status == written_off:
            return
        index = bisect.bisect_right(bounds, begin) - 1
        kind_held, kind_up = held[kind], up[kind]
        while index < span and bounds[index] < end:
            days = min(end, bounds[index + 1]) - max(begin, bounds[index])
            kind_held[index] += days
            if status == operational:
                kind_up[index] += days
            index += 1

    current: tuple[Any, str, int, str] | None = None
    for asset_id, kind, on, status in entries.iterator(chunk_size=5000):
        day = on.toordinal()
        if current is not None:
            count(current[1], current[3], current[2], day if current[0] == asset_id else stop)
        current = (asset_id, kind, day, status)
    if current is not None:
        count(current[1], current[3], current[2], stop)
    kinds = sorted(held, key=lambda k: Kind.values.index(k))
    return [
        {
            "month": month.isoformat()[:7],
            "kind": kind,
            "kind_label": str(KIND_LABELS.get(kind, kind)),
            "days_held": held[kind][index],
            "days_available": up[kind][index],
            "available_share": _share(up[kind][index], held[kind][index]),
        }
        for index, month in enumerate(months)
        for kind in kinds
        if held[kind][index]
    ]


def breakdowns_by_month(
    assets: QuerySet[Asset], since: dt.date, until: dt.date
) -> list[dict[str, Any]]:
    """Entries recording a breakdown, damage, an accident or being stuck, by month
    and kind."""
    rows = (
        StatusEntry.objects.filter(
            asset__in=assets.order_by().values("pk"),
            reason__in=BREAKDOWN_REASONS,
            on__gte=since.replace(day=1),
            on__lte=until,
        )
        .annotate(month=TruncMonth("on"))
        .values("month", "asset__kind")
        .annotate(n=Count("pk"))
        .order_by("month", "asset__kind")
    )
    return [
        {
            "month": row["month"].isoformat()[:7],
            "kind": row["asset__kind"],
            "kind_label": str(KIND_LABELS.get(row["asset__kind"], row["asset__kind"])),
            "breakdowns": row["n"],
        }
        for row in rows
    ]


def figures(
    assets: QuerySet[Asset],
    *,
    day: dt.date,
    since: dt.date,
    until: dt.date,
    months: bool = True,
) -> dict[str, Any]:
    """What the availability page and its API answer show; ``months``: with the
    figures by month (they walk every entry of the period, so the API gives them
    when a period is asked)."""
    found = on_date(assets, day)
    if months:
        found["period"] = {"since": since.isoformat(), "until": until.isoformat()}
        found["by_month"] = by_month(assets, since, until)
        found["breakdowns_by_month"] = breakdowns_by_month(assets, since, until)
    return found
