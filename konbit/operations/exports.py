"""Exports of incidents: ACLED CSV (31 columns; re-imports to the same data), HXL CSV
aggregated by commune and month (no person, no sensitive field), GeoJSON and XLSX.
Each takes a queryset already scoped by ``incidents_visible_to`` and filtered, and
whether the reader sees sensitive fields (``IncidentPolicy.hidden_fields``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from konbit.core import audit
from konbit.core.policies import policy_for
from konbit.core.tabular import safe_cell, write_xlsx
from konbit.operations.models import ACLED_FIELDS, SENSITIVE_FIELDS, VICTIM_FIELDS, Incident
from konbit.operations.stats import incident_stats
from konbit.operations.taxonomy import COLUMNS

FORMATS = {
    "acled": ("text/csv; charset=utf-8", "csv"),
    "hxl": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
MISSION_COLUMNS = (
    "commune_pcode",
    "category",
    "perpetrator",
    "armed_group",
    "verification",
    "origin",
    *VICTIM_FIELDS,
)
_READ = (*ACLED_FIELDS, "id", "source_key", "sensitive", *MISSION_COLUMNS)
CHUNK = 2000


def export_audited(user: Any, queryset: QuerySet[Incident], fmt: str, detail: str) -> bool:
    """Record the export of ``queryset`` by ``user`` (one export entry, and the read
    of each record when the policy audits what the file carries) before a byte is
    sent; whether the file carries the sensitive fields."""
    policy = policy_for(Incident)
    sensitive = not policy.hidden_fields(user)
    if fmt != "hxl":
        # The HXL file is aggregated (no record); the others carry each record.
        read = fields_of(sensitive=sensitive)
        if policy.audits_reads(user, read):
            policy.record_reads(user, queryset.values("id").iterator(), fields=read)
    audit.record_export(
        actor=user,
        domain="operations",
        target_type="operations.incident",
        count=queryset.count(),
        detail=detail + (" with sensitive fields" if sensitive and fmt != "hxl" else ""),
    )
    return sensitive


def fields_of(*, sensitive: bool) -> tuple[str, ...]:
    """The fields an export of records reads (for the policy's read audit)."""
    return (*_READ, *SENSITIVE_FIELDS) if sensitive else _READ


def _rows(queryset: QuerySet[Incident], sensitive: bool) -> Iterator[dict[str, Any]]:
    names = fields_of(sensitive=sensitive)
    for row in queryset.order_by("event_date", "id").values(*names).iterator(chunk_size=CHUNK):
        if row["sensitive"] and not sensitive:
            row["notes"] = ""
        yield row


def _acled_line(row: dict[str, Any]) -> list[Any]:
    values = dict(row)
    values["year"] = row["event_date"].year
    values["event_date"] = row["event_date"].isoformat()
    values["disorder_type"] = row["disorder_type_source"] or row["disorder_type"]
    values["timestamp"] = row["acled_timestamp"]
    if not row["event_id_cnty"] and row["source_key"].startswith("mission:"):
        # The mission's report keeps its own key, so a re-import finds it again.
        values["event_id_cnty"] = row["source_key"]
    return ["" if values.get(c) is None else safe_cell(values[c]) for c in COLUMNS]


def _csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow(row)
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def acled_csv(queryset: QuerySet[Incident], *, sensitive: bool) -> Iterator[str]:
    """ACLED's 31 columns, in ACLED's order and spelling (the source's own spelling of
    a disorder type is written back), so the file re-imports to the same events."""
    return _csv_lines(list(COLUMNS), (_acled_line(r) for r in _rows(queryset, sensitive)))


HXL_COLUMNS = [
    ("Commune P-code", "#adm3+code"),
    ("Month", "#date+month"),
    ("Incidents", "#event+num"),
    ("Fatalities", "#affected+killed+num"),
    ("Killed (mission reports)", "#affected+killed+reported+num"),
    ("Injured", "#affected+injured+num"),
    ("Kidnapped", "#affected+kidnapped+num"),
    ("Sexual violence victims", "#affected+sgbv+num"),
]


def hxl_csv(queryset: QuerySet[Incident]) -> Iterator[str]:
    """Counts by commune and month with HXL hashtags: aggregates only, never a person
    or a sensitive field, whoever reads it."""
    stats = incident_stats(queryset, ["commune", "month"])
    rows = (
        [
            safe_cell(r["commune"]),
            safe_cell(r["month"]),
            r["incidents"],
            r["fatalities"],
            r["killed"],
            r["injured"],
            r["kidnapped"],
            r["sgbv"],
        ]
        for r in stats
    )

    def lines() -> Iterator[list[Any]]:
        yield [tag for _label, tag in HXL_COLUMNS]
        yield from rows

    return _csv_lines([label for label, _tag in HXL_COLUMNS], lines())


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value.__class__.__name__ == "UUID":
        return str(value)
    return value


def geojson(queryset: QuerySet[Incident], *, sensitive: bool) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for row in _rows(queryset, sensitive):
        lon, lat = row["longitude"], row["latitude"]
        properties = {
            k: _json_value(v) for k, v in row.items() if k not in {"latitude", "longitude"}
        }
        feature = {
            "type": "Feature",
            "id": properties["id"],
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties,
        }
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"


def xlsx(queryset: QuerySet[Incident], *, sensitive: bool) -> bytes:
    """ACLED's columns then the mission's (and the sensitive ones for those who may)."""
    extra = [*MISSION_COLUMNS, *(SENSITIVE_FIELDS if sensitive else ())]
    header = [*COLUMNS, *extra]

    def lines() -> Iterator[list[Any]]:
        for row in _rows(queryset, sensitive):
            acled = _acled_line(row)
            yield [*acled, *(row.get(name) for name in extra)]

    return write_xlsx(header, lines(), title="incidents")
