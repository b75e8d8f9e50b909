"""Small inline SVG outlines of places for the gazetteer's pages: no script, no tiles,
a few kilobytes. Longitude is scaled by cos(latitude) so shapes keep their
proportions at Haiti's latitude."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Outline:
    d: str
    label: str
    href: str


@dataclass(frozen=True)
class Drawing:
    view_box: str
    outlines: list[Outline]
    stroke: float


def _rings(geometry: dict[str, Any]) -> list[_Ring]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    return [
        [(float(x), float(y)) for x, y, *_z in ring] for polygon in polygons for ring in polygon
    ]


def drawing(shapes: Iterable[tuple[dict[str, Any], str, str]]) -> Drawing | None:
    """``shapes``: (GeoJSON geometry, label, link). None when there is nothing to draw."""
    items = [(_rings(geometry), label, href) for geometry, label, href in shapes]
    points = [point for rings, _l, _h in items for ring in rings for point in ring]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    scale = math.cos(math.radians((min(lats) + max(lats)) / 2))
    min_x, max_x = min(lons) * scale, max(lons) * scale
    min_y, max_y = -max(lats), -min(lats)
    width, height = max(max_x - min_x, 1e-6), max(max_y - min_y, 1e-6)
    margin = max(width, height) * 0.02
    outlines = []
    for rings, label, href in items:
        parts = []
        for ring in rings:
            coords = " ".join(f"{x * scale:.4f} {-y:.4f}" for x, y in ring)
            parts.append(f"M{coords}Z")
        outlines.append(Outline(d="".join(parts), label=label, href=href))
    view_box = (
        f"{min_x - margin:.4f} {min_y - margin:.4f} "
        f"{width + 2 * margin:.4f} {height + 2 * margin:.4f}"
    )
    return Drawing(view_box=view_box, outlines=outlines, stroke=max(width, height) / 400)
