"""The communes as one GeoJSON FeatureCollection: the base layer of the maps.

Built once per process (the gazetteer only changes with a migration), with its
gzip-compressed form and an ETag, so a map's request costs no query and, when the
browser already has it, no body. Its coordinates are rounded to 4 decimals (about
11 m, finer than a line at the zoom that shows a whole commune): the layer is then
under half its size, light enough for a phone on a slow link (issue 11)."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

from konbit.places.models import Commune

DECIMALS = 4


def quantised(coordinates: Any) -> Any:
    """GeoJSON coordinates rounded to ``DECIMALS``, without the points that rounding
    made equal to the one before (a ring keeps at least its four points)."""
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(coordinates[0], DECIMALS), round(coordinates[1], DECIMALS)]
    points = [quantised(item) for item in coordinates]
    if points and isinstance(points[0][0], int | float):
        kept = [point for i, point in enumerate(points) if i == 0 or point != points[i - 1]]
        return kept if len(kept) >= 4 else points
    return points


def _quantised_geometry(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    if not geometry:
        return geometry
    return {**geometry, "coordinates": quantised(geometry["coordinates"])}


@dataclass(frozen=True)
class Document:
    body: bytes
    gzipped: bytes
    etag: str


_lock = threading.Lock()
_document: Document | None = None


def communes_geojson() -> Document:
    """Every commune with its polygon and its P-code, name, parents and population."""
    global _document
    document = _document
    if document is None:
        with _lock:
            document = _document
            if document is None:
                document, count = _build()
                # An empty gazetteer (a flushed test database) is not kept.
                if count:
                    _document = document
    return document


def forget_geojson() -> None:
    global _document
    with _lock:
        _document = None


def _build() -> tuple[Document, int]:
    rows = Commune.objects.select_related("department", "arrondissement").only(
        "pcode",
        "name",
        "geometry",
        "population_2019",
        "department__pcode",
        "department__name",
        "arrondissement__pcode",
        "arrondissement__name",
    )
    features = [
        {
            "type": "Feature",
            "id": commune.pcode,
            "properties": {
                "pcode": commune.pcode,
                "name": commune.name,
                "department": commune.department.pcode,
                "department_name": commune.department.name,
                "arrondissement": commune.arrondissement.pcode,
                "arrondissement_name": commune.arrondissement.name,
                "population_2019": commune.population_2019,
            },
            "geometry": _quantised_geometry(commune.geometry),
        }
        for commune in rows.order_by("pcode")
    ]
    body = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Document(body=body, gzipped=gzip.compress(body, mtime=0), etag=etag), len(features)
