"""Counts and victims of incidents grouped in the database (both SQLite and
PostgreSQL): by month, category, event type, commune or perpetrator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, DateField, F, Func, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from konbit.operations.models import VICTIM_GROUPS, VICTIM_KINDS, Incident
from konbit.places.models import Commune


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


def with_labels(rows: list[dict[str, Any]], group: str, choices: Any) -> list[dict[str, Any]]:
    """``rows`` of ``incident_stats(..., [group])``, each with the human ``label`` of
    its code (from ``choices``, in the active language) and its ``victims`` (killed,
    injured, kidnapped and of sexual violence), the most incidents first."""
    labels = dict(choices)
    result = []
    for row in rows:
        code = row[group]
        label = labels.get(code, code) if code else _("Not set")
        result.append({**row, "label": label, "victims": sum(row[k] for k in VICTIM_KINDS)})
    return sorted(result, key=lambda r: (-r["incidents"], str(r["label"])))


def previous_period(since: dt.date, until: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same number of days (both ends included) just before."""
    length = until - since
    return since - length - dt.timedelta(days=1), since - dt.timedelta(days=1)


def commune_changes(
    current: QuerySet[Incident], previous: QuerySet[Incident]
) -> list[dict[str, Any]]:
    """One row per commune with incidents in either period: the current period's
    measures and ``victims``, the commune's ``name`` and ``label`` (the name, else the
    P-code), ``previous`` (its incidents in the previous period) and ``change`` in
    percent, rounded (None when it had none before: "new"; -100 when it has none
    now). The most incidents now first, then the most before."""
    now = {row["commune"]: row for row in incident_stats(current, ["commune"])}
    before = {row["commune"]: row["incidents"] for row in incident_stats(previous, ["commune"])}
    pcodes = now.keys() | before.keys()
    names = dict(Commune.objects.filter(pcode__in=pcodes).values_list("pcode", "name"))
    empty = dict.fromkeys(MEASURES, 0)
    rows = []
    for pcode in pcodes:
        row = now.get(pcode) or {"commune": pcode, **empty}
        was = before.get(pcode, 0)
        change = round(100 * (row["incidents"] - was) / was) if was else None
        name = names.get(pcode, "")
        rows.append(
            {
                **row,
                "name": name,
                "label": name or pcode or _("Not set"),
                "victims": sum(row[k] for k in VICTIM_KINDS),
                "previous": was,
                "change": change,
            }
        )
    return sorted(rows, key=lambda r: (-r["incidents"], -r["previous"], r["commune"]))
