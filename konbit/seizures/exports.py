"""Exports of seizures: the firearms of a tracing request (CSV or XLSX, formula-safe
cells through ``core.tabular``) and the seizures as GeoJSON. Each takes a queryset of
seizures already scoped and filtered, and is recorded in the audit trail."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from konbit.core import audit
from konbit.core.tabular import safe_cell, write_xlsx
from konbit.seizures.models import ItemKind, SeizedItem, Seizure

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "geojson": ("application/geo+json", "geojson"),
}
# What a tracing request (Res 2653 embargo, Panel of Experts, ATF eTrace) needs.
TRACING_COLUMNS = [
    "exhibit_number",
    "firearm_type",
    "make",
    "model",
    "calibre",
    "serial_number",
    "serial_obliterated",
    "country_of_manufacture",
    "import_marking",
    "seized_on",
    "place",
    "commune_pcode",
    "latitude",
    "longitude",
    "seizing_contingent",
    "custody_status",
]
CHUNK = 2000


def _firearm_rows(seizures: QuerySet[Seizure]) -> Iterator[list[Any]]:
    items = (
        SeizedItem.objects.filter(kind=ItemKind.FIREARM, seizure__in=seizures.values("pk"))
        .order_by("seizure__seized_at", "exhibit_number")
        .values_list(
            "exhibit_number",
            "firearm_type",
            "make",
            "model",
            "calibre__name",
            "serial_number",
            "serial_obliterated",
            "country_of_manufacture",
            "import_marking",
            "seizure__seized_at",
            "seizure__location",
            "seizure__commune_pcode",
            "seizure__latitude",
            "seizure__longitude",
            "seizure__seizing_contingent__country__iso3",
            "custody_status",
        )
    )
    for row in items.iterator(chunk_size=CHUNK):
        values = list(row)
        values[6] = "yes" if values[6] else "no"
        values[9] = timezone.localtime(values[9]).date().isoformat()  # type: ignore[arg-type]
        yield ["" if value is None else safe_cell(value) for value in values]


def _csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TRACING_COLUMNS)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def geojson(seizures: QuerySet[Seizure]) -> Iterator[str]:
    """A FeatureCollection of the seizures that have a point, with their counts of
    items by kind."""
    kinds: dict[Any, dict[str, int]] = {}
    counted = (
        SeizedItem.objects.filter(seizure__in=seizures.values("pk"))
        .values("seizure_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counted:
        kinds.setdefault(row["seizure_id"], {})[row["kind"]] = row["n"]
    yield '{"type":"FeatureCollection","features":['
    first = True
    located = seizures.filter(latitude__isnull=False).order_by("seized_at", "id")
    for seizure in located.values(
        "id",
        "seized_at",
        "location",
        "commune_pcode",
        "latitude",
        "longitude",
        "persons_arrested",
        "seizing_contingent__country__iso3",
        "operation__name",
    ).iterator(chunk_size=CHUNK):
        feature = {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [seizure["longitude"], seizure["latitude"]],
            },
            "properties": {
                "id": str(seizure["id"]),
                "seized_at": seizure["seized_at"].isoformat(),
                "place": seizure["location"],
                "commune_pcode": seizure["commune_pcode"],
                "iso3": seizure["seizing_contingent__country__iso3"],
                "operation": seizure["operation__name"],
                "persons_arrested": seizure["persons_arrested"],
                "items": kinds.get(seizure["id"], {}),
            },
        }
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"


def response(
    user: Any, seizures: QuerySet[Seizure], fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The export file in ``fmt`` (one audit entry for the file)."""
    content_type, extension = FORMATS[fmt]
    what = "seizures.seizure" if fmt == "geojson" else "seizures.seizeditem"
    count = (
        seizures.count()
        if fmt == "geojson"
        else SeizedItem.objects.filter(
            kind=ItemKind.FIREARM, seizure__in=seizures.values("pk")
        ).count()
    )
    audit.record_export(
        actor=user, domain="seizures", target_type=what, count=count, detail=f"fmt={fmt}"
    )
    stem = "seizures" if fmt == "geojson" else "firearms-tracing"
    name = f"{stem}-{timezone.now():%Y%m%d}.{extension}"
    result: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        result = HttpResponse(
            write_xlsx(TRACING_COLUMNS, _firearm_rows(seizures), title="Firearms"),
            content_type=content_type,
        )
    elif fmt == "csv":
        result = StreamingHttpResponse(
            _csv_lines(_firearm_rows(seizures)), content_type=content_type
        )
    else:
        result = StreamingHttpResponse(geojson(seizures), content_type=content_type)
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result
