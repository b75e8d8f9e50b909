"""Counts and victims of incidents grouped in the database (both SQLite and
PostgreSQL): by month, category, event type, commune or perpetrator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from konbit.operations.models import VICTIM_GROUPS, VICTIM_KINDS, Incident

# group_by name -> the expression or column it groups on.
GROUPS: dict[str, Any] = {
    # event_date is a date, so TruncMonth needs no time zone (it would on a datetime).
    "month": TruncMonth("event_date"),
    "category": F("category"),
    "event_type": F("event_type"),
    "sub_event_type": F("sub_event_type"),
    "commune": F("commune_pcode"),
    "perpetrator": F("perpetrator"),
    "origin": F("origin"),
}


def _victims(kind: str) -> Any:
    total: Any = None
    for group in VICTIM_GROUPS:
        term = F(f"{kind}_{group}")
        total = term if total is None else total + term
    return Coalesce(Sum(total), 0)


MEASURES: dict[str, Any] = {
    "incidents": Count("id"),
    "fatalities": Coalesce(Sum("fatalities"), 0),
    **{kind: _victims(kind) for kind in VICTIM_KINDS},
}


def parse_group_by(text: str) -> list[str]:
    """``"month,event_type"`` as a list; raises ValueError naming an unknown group."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in GROUPS]
    if unknown:
        raise ValueError(", ".join(unknown))
    return list(dict.fromkeys(names))


def incident_stats(queryset: QuerySet[Incident], group_by: list[str]) -> list[dict[str, Any]]:
    """One row per group: the group's values and the measures, computed in the DB."""
    if not group_by:
        return [dict(queryset.order_by().aggregate(**MEASURES))]
    annotations = {f"g_{name}": GROUPS[name] for name in group_by}
    rows = queryset.order_by().annotate(**annotations).values(*annotations)
    rows = rows.annotate(**MEASURES).order_by(*annotations)
    result = []
    for row in rows:
        item: dict[str, Any] = {}
        for name in group_by:
            value = row.pop(f"g_{name}")
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, dt.date):
                value = value.strftime("%Y-%m")
            item[name] = value
        item.update(row)
        result.append(item)
    return result
