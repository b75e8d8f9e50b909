"""Point-in-polygon: inside, just off the coast, far at sea, bad input, bulk."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from konbit.places import geo
from konbit.places.models import Commune

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lat", "lon", "pcode"),
    [
        (18.58, -72.33, "HT0117"),  # Cité Soleil
        (18.5435, -72.3388, "HT0111"),  # Port-au-Prince (ACLED's point for the city)
        (18.5833, -72.2667, "HT0118"),  # Tabarre
        (19.7594, -72.1982, "HT0311"),  # Cap-Haïtien
    ],
)
def test_points_inside_known_communes(lat: float, lon: float, pcode: str) -> None:
    match = geo.commune_at(lat, lon)
    assert match == geo.CommuneMatch(pcode=pcode, distance_km=0.0, warning="")


def test_every_commune_inner_point_is_found_in_its_commune() -> None:
    rows = Commune.objects.values_list("pcode", "inner_lat", "inner_lon")
    points = {(lat, lon): pcode for pcode, lat, lon in rows}
    matches = geo.communes_at(points)
    assert {point: match.pcode for point, match in matches.items()} == points
    assert all(match.distance_km == 0.0 and match.warning == "" for match in matches.values())


def test_a_point_just_off_the_coast_gets_the_nearest_commune_with_a_warning() -> None:
    # In the bay of Port-au-Prince, west of Carrefour.
    match = geo.commune_at(18.60, -72.45)
    assert match.pcode == "HT0113"
    assert 1.0 < match.distance_km < 10.0
    assert "Carrefour (HT0113)" in match.warning and "km" in match.warning


def test_a_point_far_at_sea_gets_no_commune_with_a_warning() -> None:
    match = geo.commune_at(17.0, -72.0)
    assert match.pcode is None
    assert match.distance_km > 100
    assert "no commune was assigned" in match.warning


@pytest.mark.parametrize(("lat", "lon"), [(18.60, -72.45), (18.35, -74.52), (19.95, -72.60)])
def test_distance_is_the_great_circle_distance_to_the_coast(lat: float, lon: float) -> None:
    # Checked against a brute force: haversine to every point of the commune's
    # boundary densified every ~50 m. Raw degrees would be off by a factor ~110.
    match = geo.commune_at(lat, lon)
    assert match.pcode is not None
    boundary = shapely.segmentize(
        shape(Commune.objects.get(pk=match.pcode).geometry).boundary, 0.0005
    )
    lons, lats = shapely.get_coordinates(boundary).T
    phi1, phi2 = math.radians(lat), np.radians(lats)
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lons - lon) / 2) ** 2
    )
    brute = float((2 * 6371.0088 * np.arcsin(np.sqrt(a))).min())
    assert 0 < match.distance_km <= 10
    assert match.distance_km == pytest.approx(brute, abs=0.05)


def test_communes_at_computes_each_distinct_point_once() -> None:
    points = [(18.58, -72.33)] * 1000 + [(17.0, -72.0), (18.5435, -72.3388)]
    matches = geo.communes_at(points)
    assert len(matches) == 3
    assert matches[(18.58, -72.33)].pcode == "HT0117"
    assert matches[(17.0, -72.0)].pcode is None


def test_communes_at_accepts_an_empty_iterable_and_a_generator() -> None:
    assert geo.communes_at([]) == {}
    assert geo.communes_at(p for p in [(18.58, -72.33)])[(18.58, -72.33)].pcode == "HT0117"


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (91.0, -72.0, "Latitude must be between -90 and 90."),
        (float("nan"), -72.0, "Latitude must be between -90 and 90."),
        (18.5, -181.0, "Longitude must be between -180 and 180."),
        (18.5, float("inf"), "Longitude must be between -180 and 180."),
        ("north", -72.0, "Latitude and longitude must be numbers."),
    ],
)
def test_bad_points_are_refused(lat: object, lon: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        geo.commune_at(lat, lon)  # type: ignore[arg-type]


def test_section_at() -> None:
    assert geo.section_at(18.58, -72.33).pcode == "HT0117-01"
    far = geo.section_at(17.0, -72.0)
    assert far.pcode is None and far.warning


def test_the_index_is_built_once_and_can_be_forgotten(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    geo.commune_at(18.58, -72.33)
    with django_assert_num_queries(0):
        geo.commune_at(18.5435, -72.3388)
    geo.forget_indexes()
    with django_assert_num_queries(1):
        geo.commune_at(18.5435, -72.3388)


def test_the_index_is_built_once_when_threads_race(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    built = geo._build("commune")
    calls: list[int] = []

    def slow_build(level: str) -> geo._Index:
        calls.append(1)
        time.sleep(0.05)  # widen the window in which a second build could start
        return built

    geo.forget_indexes()
    monkeypatch.setattr(geo, "_build", slow_build)
    results: list[geo.CommuneMatch] = []
    threads = [
        threading.Thread(target=lambda: results.append(geo.commune_at(18.58, -72.33)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert [match.pcode for match in results] == ["HT0117"] * 8
    geo.forget_indexes()


def test_an_empty_gazetteer_finds_nothing_and_is_not_remembered() -> None:
    from konbit.places.models import CommunalSection

    CommunalSection.objects.all().delete()
    Commune.objects.all().delete()
    geo.forget_indexes()
    match = geo.commune_at(18.58, -72.33)
    assert match.pcode is None and "empty" in match.warning
    assert "commune" not in geo._indexes
