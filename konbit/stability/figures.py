"""An indicator's figures: what tells one value from another (``value_key``), the
series of a commune (or the country), and the choropleth's figure of every commune
at a date.

A commune's figure at a date is the sum of its values of that date from one source
(the parts of a breakdown: by sex, reason, origin...). When several sources give
the same commune and date (the HDX HAPI file repeats IOM DTM's figures), they are
not added up: the largest source total is the figure. Likewise for the kinds of
assessment of one source (IOM DTM's baseline assessment of a commune already counts
the people of its sites that the site assessment counts again): each assessment's
total is a candidate, and the largest is the figure, so a date is counted once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, Sum

from konbit.places.models import Commune
from konbit.stability.models import IndicatorValue

# The choropleth shows, for each commune, its latest figure within this window.
MAP_WINDOW = dt.timedelta(days=366)


def value_key(
    *,
    commune: str | None,
    date: dt.date,
    source: str,
    breakdown: dict[str, Any] | None,
    period_start: dt.date | None = None,
) -> str:
    """The natural key of a value within its indicator (a SHA-256 hex digest)."""
    canonical = json.dumps(
        [
            commune or "",
            date.isoformat(),
            period_start.isoformat() if period_start else "",
            source.strip().casefold(),
            breakdown or {},
        ],
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _by_assessment(values: QuerySet[IndicatorValue], *group: str) -> Any:
    """The sums of ``values`` by ``group``, source and kind of assessment."""
    return values.values(*group, "source", "assessment").annotate(
        total=Sum("value"), female=Sum("female"), male=Sum("male")
    )


def _best_by_source(rows: Any, group: str) -> dict[Any, dict[str, Any]]:
    """Rows of ``group``, date, source (and assessment) and sums → the largest total
    per group."""
    best: dict[Any, dict[str, Any]] = {}
    for row in rows:
        current = best.get(row[group])
        if current is None or row["total"] > current["value"]:
            best[row[group]] = {
                "date": row["date"],
                "value": row["total"],
                "female": row["female"],
                "male": row["male"],
                "source": row["source"],
            }
    return best


def series(values: QuerySet[IndicatorValue], commune: str | None) -> list[dict[str, Any]]:
    """The figure of ``commune`` (None: national) at each date, oldest first."""
    rows = (
        values.filter(commune_id=commune) if commune else values.filter(commune__isnull=True)
    ).order_by()
    best = _best_by_source(_by_assessment(rows, "date"), "date")
    return [{"date": day, **figure} for day, figure in sorted(best.items())]


def communes_at(values: QuerySet[IndicatorValue], day: dt.date) -> dict[str, dict[str, Any]]:
    """Every commune's latest figure on or before ``day`` (within ``MAP_WINDOW``), by
    P-code: two queries whatever the number of values (each commune's last date, then
    the sums of those few dates)."""
    window = values.filter(
        commune__isnull=False, date__lte=day, date__gt=day - MAP_WINDOW
    ).order_by()
    # One index seek per commune (indicator, commune, date), not a scan of the window.
    latest = window.filter(commune_id=OuterRef("pcode")).order_by("-date").values("date")[:1]
    found = Commune.objects.annotate(last=Subquery(latest)).filter(last__isnull=False)
    last = dict(found.values_list("pcode", "last"))
    if not last:
        return {}
    rows = _by_assessment(window.filter(date__in=set(last.values())), "commune_id", "date")
    best = _best_by_source(
        (r for r in rows if last.get(r["commune_id"]) == r["date"]), "commune_id"
    )
    for figure in best.values():
        figure["date"] = figure["date"].isoformat()
    return best
