"""Which commune (or communal section) a latitude/longitude falls in.

Point-in-polygon on the gazetteer's simplified boundaries (about 200 m), with a
shapely STRtree built once per process, on first use, from the database. A point
outside every polygon (at sea near the coast, or in one of the small gaps the
simplification leaves between neighbours) gets the nearest polygon when it is
within ``NEAREST_LIMIT_KM``, with a warning; beyond that it gets none, with a warning.

Distances: the polygons are projected once onto a local equirectangular plane in km
(standard parallel 19°N, the middle of Haiti: scale error under 0.6% across the
country) to find the nearest polygon; the distance reported is then the great-circle
(haversine) distance from the point to the nearest point of that polygon.

Other parts code against ``CommuneMatch``, ``commune_at`` and ``communes_at``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import shapely
from django.utils.translation import gettext as _
from shapely.geometry import shape

NEAREST_LIMIT_KM = 10.0
EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEG_LAT = math.radians(1) * EARTH_RADIUS_KM
_KM_PER_DEG_LON = _KM_PER_DEG_LAT * math.cos(math.radians(19.0))
_SCALE = np.array([_KM_PER_DEG_LON, _KM_PER_DEG_LAT])

Point = tuple[float, float]


@dataclass(frozen=True)
class CommuneMatch:
    """The commune of a point. ``distance_km`` is 0.0 inside a commune; ``warning`` is
    empty inside, and says what was done otherwise (nearest commune used, or none
    when the point is more than 10 km from every commune: then ``pcode`` is None)."""

    pcode: str | None
    distance_km: float
    warning: str


@dataclass(frozen=True)
class SectionMatch:
    """The communal section of a point, with the same rules as ``CommuneMatch``."""

    pcode: str | None
    distance_km: float
    warning: str


_M = TypeVar("_M", CommuneMatch, SectionMatch)


class _Index:
    """Projected polygons of one level, an STRtree of them (is a point inside?) and
    an STRtree of their boundary segments (which polygon is nearest?). Immutable once
    built, so threads share it without locking.

    The nearest polygon to a point outside all of them is the one owning the nearest
    boundary segment; small segments have tight bounding boxes, so that search is
    several times faster than one over whole polygons.
    """

    def __init__(self, rows: list[tuple[str, str, dict[str, Any]]]) -> None:
        self.pcodes = [pcode for pcode, _name, _geometry in rows]
        self.names = [name for _pcode, name, _geometry in rows]
        geometries = [shapely.transform(shape(geometry), _project) for *_rest, geometry in rows]
        self.geometries = np.array(geometries, dtype=object)
        self.tree = shapely.STRtree(self.geometries)
        segments, owners = [], []
        for position, geometry in enumerate(geometries):
            for ring in shapely.get_parts(shapely.boundary(geometry)):
                ends = shapely.get_coordinates(ring)
                segments.append(shapely.linestrings(np.stack([ends[:-1], ends[1:]], axis=1)))
                owners.append(np.full(len(ends) - 1, position))
        self.segments = np.concatenate(segments) if segments else np.array([], dtype=object)
        self.owners = np.concatenate(owners) if owners else np.array([], dtype=np.int64)
        self.segment_tree = shapely.STRtree(self.segments)

    def locate(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each point, the index of its polygon (-1: none within the limit) and
        the distance in km (0.0 inside)."""
        count = len(lats)
        found = np.full(count, -1, dtype=np.int64)
        distances = np.zeros(count)
        if count == 0:
            return found, distances
        points = shapely.points(_project(np.column_stack([lons, lats])))
        # Bulk: the points inside a polygon. The simplified polygons overlap slightly
        # along some borders: the lowest P-code wins, so the answer never varies.
        inputs, polygons = self.tree.query(points, predicate="intersects")
        order = np.lexsort((polygons, inputs))
        inputs, polygons = inputs[order], polygons[order]
        first = np.unique(inputs, return_index=True)[1]
        found[inputs[first]] = polygons[first]
        # The rest: the nearest boundary segment, then the true distance to it.
        outside = np.flatnonzero(found < 0)
        if len(outside):
            which, nearest = self.segment_tree.query_nearest(points[outside], all_matches=False)
            outside = outside[which]
            lines = shapely.shortest_line(points[outside], self.segments[nearest])
            ends = shapely.get_coordinates(lines).reshape(-1, 2, 2) / _SCALE
            km = _haversine_km(ends[:, 0, 1], ends[:, 0, 0], ends[:, 1, 1], ends[:, 1, 0])
            # At least a metre: 0.0 means inside.
            distances[outside] = np.maximum(np.round(km, 3), 0.001)
            found[outside] = np.where(km <= NEAREST_LIMIT_KM, self.owners[nearest], -1)
        return found, distances


def _project(coordinates: np.ndarray) -> np.ndarray:
    return np.asarray(coordinates, dtype=float) * _SCALE


def _haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(a) for a in (lat1, lon1, lat2, lon2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


_lock = threading.Lock()
_indexes: dict[str, _Index] = {}


def _index(level: str) -> _Index:
    index = _indexes.get(level)
    if index is None:
        with _lock:
            index = _indexes.get(level)
            if index is None:
                index = _build(level)
                # An empty gazetteer (a test database flushed by a transactional
                # test) is not kept: the next call looks again.
                if index.pcodes:
                    _indexes[level] = index
    return index


def _build(level: str) -> _Index:
    from konbit.places.models import CommunalSection, Commune

    model = Commune if level == "commune" else CommunalSection
    rows = list(model.objects.order_by("pcode").values_list("pcode", "name", "geometry"))
    return _Index([row for row in rows if row[2]])


def forget_indexes() -> None:
    """Drop the built indexes (after the gazetteer changed, e.g. in a test)."""
    with _lock:
        _indexes.clear()


def check_point(lat: float, lon: float) -> Point:
    """``(lat, lon)`` as floats, or ValueError saying what is wrong."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValueError(_("Latitude and longitude must be numbers.")) from None
    if not (math.isfinite(lat_f) and -90.0 <= lat_f <= 90.0):
        raise ValueError(_("Latitude must be between -90 and 90."))
    if not (math.isfinite(lon_f) and -180.0 <= lon_f <= 180.0):
        raise ValueError(_("Longitude must be between -180 and 180."))
    return lat_f, lon_f


def _coordinates(points: list[Point]) -> np.ndarray:
    """``points`` as an (n, 2) array of floats; ValueError naming the first bad one."""
    try:
        coordinates = np.array(points, dtype=float).reshape(-1, 2)
    except (TypeError, ValueError):
        coordinates = None
    if coordinates is not None:
        lats, lons = coordinates[:, 0], coordinates[:, 1]
        good = np.isfinite(lats) & np.isfinite(lons) & (np.abs(lats) <= 90) & (np.abs(lons) <= 180)
        if good.all():
            return coordinates
    for lat, lon in points:  # slow path, only to say what is wrong
        check_point(lat, lon)
    raise ValueError(_("Latitude and longitude must be numbers."))


def _match_all(level: str, points: Iterable[Point], factory: type[_M]) -> dict[Point, _M]:
    distinct = list(dict.fromkeys(points))
    if not distinct:
        return {}
    coordinates = _coordinates(distinct)
    index = _index(level)
    if not index.pcodes:
        message = _("The gazetteer is empty: no place can be found.")
        return dict.fromkeys(distinct, factory(None, 0.0, message))
    found, distances = index.locate(coordinates[:, 0], coordinates[:, 1])
    # Translated once per call, not once per point (an import has 100,000 of them).
    near, far = _warnings(level)
    limit = f"{NEAREST_LIMIT_KM:g}"
    pcodes, names = index.pcodes, index.names
    results: dict[Point, _M] = {}
    for point, position, distance in zip(distinct, found.tolist(), distances.tolist(), strict=True):
        if position >= 0 and distance == 0.0:
            results[point] = factory(pcodes[position], 0.0, "")
        elif position >= 0:
            values = {
                "name": names[position],
                "pcode": pcodes[position],
                "distance": f"{distance:.1f}",
            }
            results[point] = factory(pcodes[position], distance, near % values)
        else:
            values = {"distance": f"{distance:.1f}", "limit": limit}
            results[point] = factory(None, distance, far % values)
    return results


def _warnings(level: str) -> tuple[str, str]:
    if level == "commune":
        return (
            _(
                "The point is outside every commune boundary; the nearest commune, "
                "%(name)s (%(pcode)s), %(distance)s km away, was used."
            ),
            _(
                "The point is %(distance)s km from the nearest commune, more than "
                "%(limit)s km: no commune was assigned."
            ),
        )
    return (
        _(
            "The point is outside every communal section boundary; the nearest section, "
            "%(name)s (%(pcode)s), %(distance)s km away, was used."
        ),
        _(
            "The point is %(distance)s km from the nearest communal section, more than "
            "%(limit)s km: no section was assigned."
        ),
    )


def communes_at(points: Iterable[Point]) -> dict[Point, CommuneMatch]:
    """The commune of each distinct ``(lat, lon)``, each computed once (vectorized:
    meant for importers). Raises ValueError for a point that is not a coordinate."""
    return _match_all("commune", points, CommuneMatch)


def commune_at(lat: float, lon: float) -> CommuneMatch:
    """The commune of one point (see ``communes_at``)."""
    return communes_at([(lat, lon)])[(lat, lon)]


def sections_at(points: Iterable[Point]) -> dict[Point, SectionMatch]:
    """The communal section of each distinct ``(lat, lon)``, as ``communes_at``."""
    return _match_all("section", points, SectionMatch)


def section_at(lat: float, lon: float) -> SectionMatch:
    """The communal section of one point."""
    return sections_at([(lat, lon)])[(lat, lon)]
