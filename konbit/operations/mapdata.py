"""The map's data: the incidents of a bounding box, as points when few, otherwise as
grid cells counted in the database, so that 100,000 incidents stay fluid."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, F, Func, IntegerField, QuerySet, Value

from konbit.operations.models import Incident

POINT_LIMIT = 400


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


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees; raises ValueError otherwise."""
    west, south, east, north = (float(part) for part in text.split(","))
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(text)
    return west, south, east, north


def map_data(
    queryset: QuerySet[Incident], bbox: tuple[float, float, float, float] | None, zoom: int
) -> dict[str, Any]:
    """``{"points": [...]}`` when the box holds at most POINT_LIMIT incidents, else
    ``{"cells": [{"lat", "lon", "count"}], "total"}``: one cell per grid square of about
    a sixth of the viewport's width at this zoom, placed at its incidents' mean."""
    if bbox is not None:
        west, south, east, north = bbox
        queryset = queryset.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
    queryset = queryset.order_by()
    points = list(
        queryset.values("id", "latitude", "longitude", "category", "event_type", "event_date")[
            : POINT_LIMIT + 1
        ]
    )
    if len(points) <= POINT_LIMIT:
        return {
            "total": len(points),
            "points": [
                {
                    "id": str(p["id"]),
                    "lat": p["latitude"],
                    "lon": p["longitude"],
                    "category": p["category"],
                    "event_type": p["event_type"],
                    "date": p["event_date"].isoformat(),
                }
                for p in points
            ],
        }
    size = 360.0 / (2 ** max(0, min(zoom, 20))) / 24
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
