"""The communes as one GeoJSON FeatureCollection: the base layer of the maps.

Built once per process (the gazetteer only changes with a migration), with its
gzip-compressed form and an ETag, so a map's request costs no query and, when the
browser already has it, no body."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass

from konbit.places.models import Commune


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
            "geometry": commune.geometry,
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
