"""Outreach statistics grouped in the database, on SQLite and PostgreSQL alike: by
month, commune, kind, topic and audience, for any set of activities (a user's
visible ones, filtered). Two queries whatever the number of activities: one grouped
by month, commune and kind (folded here into each grouping and the totals), one by
set of topics."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from konbit.outreach.models import AUDIENCE_FIELDS, Activity, Kind, TopicCode
from konbit.places.models import Commune

MEASURES = ("activities", *AUDIENCE_FIELDS)


def _sums(prefix: str = "") -> dict[str, Any]:
    return {name: Coalesce(Sum(f"{prefix}{name}"), 0) for name in AUDIENCE_FIELDS}


def _empty() -> dict[str, int]:
    return dict.fromkeys(MEASURES, 0)


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    """A group's measures with the children, adults and everyone reached."""
    row["children"] = row["girls"] + row["boys"]
    row["adults"] = row["women"] + row["men"]
    row["reached"] = row["children"] + row["adults"]
    return row


def audience_labels() -> dict[str, str]:
    return {"girls": _("Girls"), "boys": _("Boys"), "women": _("Women"), "men": _("Men")}


def activity_stats(activities: QuerySet[Activity]) -> dict[str, Any]:
    """The statistics of ``activities`` (already scoped and filtered)."""
    grouped = (
        activities.order_by()
        .values(group_month=F("month"), pcode=F("commune_id"), group_kind=F("kind"))
        .annotate(activities=Count("*"), **_sums())
    )
    total = _empty()
    months: dict[str, dict[str, int]] = defaultdict(_empty)
    communes: dict[str, dict[str, int]] = defaultdict(_empty)
    kinds: dict[str, dict[str, int]] = defaultdict(_empty)
    for row in grouped:
        month = row["group_month"]
        month_key = month.strftime("%Y-%m") if hasattr(month, "strftime") else str(month)[:7]
        for target in (total, months[month_key], communes[row["pcode"]], kinds[row["group_kind"]]):
            for name in MEASURES:
                target[name] += row[name]
    # Activities by their set of topics (a few dozen sets), spread here over each
    # topic of the set: an activity counts once under every topic it covers.
    topics: dict[str, dict[str, int]] = defaultdict(_empty)
    for row in activities.order_by().values("topics").annotate(activities=Count("*"), **_sums()):
        for code in row["topics"].split(","):
            if code:
                for name in MEASURES:
                    topics[code][name] += row[name]
    names: dict[str, dict[str, Any]] = {
        c["pcode"]: dict(c)
        for c in Commune.objects.filter(pcode__in=list(communes)).values(
            "pcode", "name", "inner_lat", "inner_lon"
        )
    }
    kind_labels = dict(Kind.choices)
    topic_labels = dict(TopicCode.choices)
    audience = audience_labels()
    return {
        "total": _finish(total),
        "by_month": [
            _finish({"month": key, "label": key, **months[key]}) for key in sorted(months)
        ],
        "by_commune": sorted(
            (
                _finish(
                    {
                        "commune": pcode,
                        "name": names.get(pcode, {}).get("name", pcode),
                        "label": names.get(pcode, {}).get("name", pcode),
                        "lat": names.get(pcode, {}).get("inner_lat"),
                        "lon": names.get(pcode, {}).get("inner_lon"),
                        **values,
                    }
                )
                for pcode, values in communes.items()
            ),
            key=lambda r: (-r["activities"], r["name"]),
        ),
        "by_kind": [
            _finish({"kind": key, "label": str(kind_labels.get(key, key)), **kinds[key]})
            for key in sorted(kinds, key=lambda k: -kinds[k]["activities"])
        ],
        "by_topic": [
            _finish({"topic": code, "label": str(topic_labels.get(code, code)), **topics[code]})
            for code in sorted(topics, key=lambda c: (-topics[c]["activities"], c))
        ],
        "by_audience": [
            {"audience": name, "label": str(audience[name]), "people": total[name]}
            for name in AUDIENCE_FIELDS
        ],
    }
