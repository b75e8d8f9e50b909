"""Counts and victims of incidents grouped in the database (both SQLite and
PostgreSQL): by month, category, event type, commune or perpetrator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, DateField, F, Func, QuerySet, Sum
from django.db.models.functions import Coalesce

from konbit.operations.models import VICTIM_GROUPS, VICTIM_KINDS, Incident


class MonthStart(Func):
    """The first day of a date's month, computed by the database itself: SQLite's
    built-in ``date(..., 'start of month')`` rather than Django's TruncMonth, which
    SQLite runs as a Python function on every row. ``event_date`` is a date, so no
    time zone is involved (TruncMonth would need one on a datetime)."""

    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')")

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        if connection.vendor == "sqlite" and "template" not in extra:
            return self.as_sqlite(compiler, connection, **extra)
        if connection.vendor != "sqlite" and "template" not in extra:
            extra["template"] = "CAST(DATE_TRUNC('month', %(expressions)s) AS date)"
        return super().as_sql(compiler, connection, **extra)


# group_by name -> the expression or column it groups on.
GROUPS: dict[str, Any] = {
    "month": MonthStart("event_date"),
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
            if name == "month" and isinstance(value, str):  # SQLite may answer with text
                value = value[:7]
            if isinstance(value, dt.date):
                value = value.strftime("%Y-%m")
            item[name] = value
        item.update(row)
        result.append(item)
    return result
