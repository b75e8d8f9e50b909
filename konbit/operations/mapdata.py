"""The map's data: the incidents of a bounding box, as points when they are few enough
for the browser to cluster (leaflet.markercluster), otherwise as grid cells counted in
the database, so that 100,000 incidents stay fluid."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, F, FloatField, Func, IntegerField, QuerySet, Value

from konbit.operations.models import Incident

# Up to this many incidents in view, the browser gets them as points and clusters them
# itself (re-clustering on zoom without asking the server again). 2,000 keeps three
# costs low together: the query (under 20 ms for 2,000 rows of 100,000 on SQLite), the
# payload (about 220 bytes a point: 440 KB of JSON, 40-80 KB gzipped) and the
# clustering, which leaflet.markercluster's own examples do for 10,000 to 50,000
# markers on a desktop: 2,000 leaves a phone a wide margin (chunkedLoading keeps the
# page responsive meanwhile). Above it, the server counts grid cells.
POINT_LIMIT = 2_000

# What a point carries: what its popup shows, none of it sensitive (the scoping of the
# queryset decides which incidents; this list decides which fields, for every role).
POINT_FIELDS = (
    "id",
    "latitude",
    "longitude",
    "event_date",
    "event_type",
    "sub_event_type",
    "category",
    "location",
)

# A grid cell's side in screen pixels at the requested zoom (a tile is 256 pixels):
# about markercluster's own clustering radius, so that bubbles do not overlap.
CELL_PIXELS = 64


class GridIndex(Func):
    """The grid cell of a non-negative coordinate: floor(value / size). On SQLite,
    CAST truncates (the same for non-negative values) in C, where FLOOR would be a
    Python function called on every row."""

    output_field = IntegerField()

    def __init__(self, expression: Any, size: float) -> None:
        super().__init__(expression, Value(size))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        if connection.vendor == "sqlite":
            extra["template"] = "CAST((%(expressions)s) AS INTEGER)"
            extra["arg_joiner"] = " / "
        else:
            extra["template"] = "FLOOR((%(expressions)s))"
            extra["arg_joiner"] = " / "
        return super().as_sql(compiler, connection, **extra)


class Unindexed(Func):
    """A coordinate column that SQLite's planner will not answer from an index
    (``+latitude``, SQLite's documented way to say so); the plain column elsewhere.

    SQLite's statistics (without its optional STAT4) say nothing of value ranges, so
    it answers every box from the point index, even a crowded box under a far more
    selective filter: "since last month" over Port-au-Prince then reads 40,000 rows of
    100,000 one by one (200-400 ms) where the date index gives 2,000 (10-40 ms).
    PostgreSQL weighs both from its statistics and needs no hint."""

    template = "%(expressions)s"
    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees; raises ValueError otherwise."""
    west, south, east, north = (float(part) for part in text.split(","))
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(text)
    return west, south, east, north


def cell_size(zoom: int) -> float:
    """The side in degrees of a grid cell at ``zoom`` (CELL_PIXELS on screen)."""
    return 360.0 / (2 ** max(0, min(zoom, 20))) * CELL_PIXELS / 256


def map_data(
    queryset: QuerySet[Incident], bbox: tuple[float, float, float, float] | None, zoom: int
) -> dict[str, Any]:
    """``{"total", "points": [...]}`` when the box holds at most POINT_LIMIT of the
    ``queryset``'s incidents, else ``{"total", "cells": [{"lat", "lon", "count"}]}``:
    one cell per grid square of CELL_PIXELS at this zoom, placed at its incidents'
    mean. The answer depends on ``queryset`` alone (its scope and filters)."""
    # Whether the box holds more than POINT_LIMIT incidents in all, from the point
    # index alone (no row is read; the count stops at POINT_LIMIT + 1). Only a
    # decision is taken from it, nothing is shown: a box that is not crowded is best
    # read from that index whatever else filters it, and its incidents fit as points.
    crowded = _more_than_limit(_in_box(Incident.objects.all(), bbox))
    narrowed = bool(queryset.query.has_filters())
    # In a crowded box, the other filters' indexes lead, and decide points or cells.
    queryset = _in_box(queryset, bbox, unindexed=crowded and narrowed)
    if crowded and narrowed:
        crowded = _more_than_limit(queryset)
    if not crowded:
        points = [_point(row) for row in queryset.values_list(*POINT_FIELDS)[:POINT_LIMIT]]
        return {"total": len(points), "points": points}
    size = cell_size(zoom)
    cells = (
        queryset.annotate(
            gy=GridIndex(F("latitude") + 90.0, size), gx=GridIndex(F("longitude") + 180.0, size)
        )
        .values("gy", "gx")
        .annotate(count=Count("*"), lat=Avg("latitude"), lon=Avg("longitude"))
        .order_by()
    )
    result = [
        {"lat": round(c["lat"], 5), "lon": round(c["lon"], 5), "count": c["count"]} for c in cells
    ]
    return {"total": sum(c["count"] for c in result), "cells": result}


def _in_box(
    queryset: QuerySet[Incident],
    bbox: tuple[float, float, float, float] | None,
    *,
    unindexed: bool = False,
) -> QuerySet[Incident]:
    queryset = queryset.order_by()
    if bbox is None:
        return queryset
    west, south, east, north = bbox
    if unindexed:
        queryset = queryset.alias(box_lat=Unindexed("latitude"), box_lon=Unindexed("longitude"))
    else:
        queryset = queryset.alias(box_lat=F("latitude"), box_lon=F("longitude"))
    return queryset.filter(
        box_lat__gte=south, box_lat__lte=north, box_lon__gte=west, box_lon__lte=east
    )


def _more_than_limit(queryset: QuerySet[Incident]) -> bool:
    return queryset.values("latitude")[: POINT_LIMIT + 1].count() > POINT_LIMIT


def _point(row: tuple[Any, ...]) -> dict[str, Any]:
    pk, lat, lon, date, event_type, sub_event_type, category, location = row
    return {
        "id": str(pk),
        "lat": round(lat, 5),
        "lon": round(lon, 5),
        "date": date.isoformat(),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "category": category,
        "location": location,
    }
