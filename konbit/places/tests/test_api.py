"""The gazetteer's API: who may read it, filters, detail, geometry, GeoJSON, lookup."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from shapely.geometry import Point, shape

from konbit.conftest import CAST_ROLES
from konbit.places import geojson
from konbit.places.models import CommunalSection, Commune

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/places/departments/",
    "/api/v1/places/arrondissements/",
    "/api/v1/places/communes/",
    "/api/v1/places/sections/",
]
DETAILS = [
    "/api/v1/places/departments/HT01/",
    "/api/v1/places/arrondissements/HT011/",
    "/api/v1/places/communes/HT0117/",
    "/api/v1/places/sections/HT0111-01/",
]
OTHERS = ["/api/v1/places/communes/geojson/", "/api/v1/places/lookup/?lat=18.58&lon=-72.33"]


@pytest.mark.parametrize("who", CAST_ROLES)
@pytest.mark.parametrize("url", LISTS + DETAILS + OTHERS)
def test_every_role_reads_and_anonymous_is_refused(
    cast: dict, api_as: Any, who: str, url: str
) -> None:
    response = api_as(cast[who]).get(url)
    if who == "anonymous":
        assert response.status_code == 401
        assert response.json()["detail"]
    else:
        assert response.status_code == 200, response.content[:200]


@pytest.mark.parametrize("who", [w for w in CAST_ROLES if w != "anonymous"])
@pytest.mark.parametrize("url", LISTS + DETAILS)
def test_nobody_writes(cast: dict, api_as: Any, who: str, url: str) -> None:
    client = api_as(cast[who])
    count = Commune.objects.count()
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url, {"name": "X"}, format="json").status_code == 405
    assert Commune.objects.count() == count
    assert Commune.objects.get(pk="HT0117").name == "Cité Soleil"


def test_a_user_without_a_role_sees_nothing(api_as: Any) -> None:
    from konbit.accounts.tests.factories import UserFactory

    client = api_as(UserFactory(username="norole"))
    assert client.get("/api/v1/places/communes/").status_code == 404
    assert client.get("/api/v1/places/lookup/?lat=18.58&lon=-72.33").status_code == 404


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/api/v1/places/departments/", 10),
        ("/api/v1/places/arrondissements/", 42),
        ("/api/v1/places/communes/", 140),
        ("/api/v1/places/sections/", 570),
        ("/api/v1/places/communes/?department=HT01", 20),
        ("/api/v1/places/communes/?department=ht01", 20),
        ("/api/v1/places/communes/?arrondissement=HT011", 8),
        ("/api/v1/places/arrondissements/?department=HT01", 5),
        ("/api/v1/places/sections/?commune=HT0111", 3),
        ("/api/v1/places/sections/?department=HT01", None),
        ("/api/v1/places/communes/?pcode=HT0117", 1),
        ("/api/v1/places/communes/?pcode=HT0111,HT0117", 2),
        ("/api/v1/places/communes/?pcode=HT9999", 0),
        ("/api/v1/places/communes/?q=cite%20soleil", 1),
        ("/api/v1/places/communes/?q=CIT%C3%89-SOLEIL", 1),
        ("/api/v1/places/departments/?q=south-east", 1),  # English name
        ("/api/v1/places/departments/?q=west", 2),  # West, North-West
        ("/api/v1/places/departments/?q=lw%C3%A8s", 1),  # Creole name
        ("/api/v1/places/sections/?q=plaine%20celeste", 2),
        ("/api/v1/places/communes/?q=", 140),
    ],
)
def test_list_filters(cast: dict, api_as: Any, url: str, count: int | None) -> None:
    body = api_as(cast["analyst"]).get(url).json()
    if count is not None:
        assert body["count"] == count
    assert body["count"] > 0 or count == 0
    assert "geometry" not in (body["results"] or [{}])[0]


def test_search_finds_cite_soleil(cast: dict, api_as: Any) -> None:
    body = api_as(cast["hq_staff"]).get("/api/v1/places/communes/?q=cite soleil").json()
    [commune] = body["results"]
    assert commune["pcode"] == "HT0117"
    assert commune["name"] == "Cité Soleil"
    assert commune["department"] == "HT01" and commune["department_name"] == "Ouest"
    assert commune["arrondissement"] == "HT011"
    assert commune["population_2019"] > 100_000


def test_lists_are_paginated(cast: dict, api_as: Any) -> None:
    body = api_as(cast["analyst"]).get("/api/v1/places/sections/").json()
    assert body["count"] == 570 and len(body["results"]) == 50 and body["next"]
    assert body["results"][0]["pcode"] == "HT0111-01"


def test_geometry_only_on_request_in_lists(cast: dict, api_as: Any) -> None:
    client = api_as(cast["analyst"])
    body = client.get("/api/v1/places/communes/?geometry=1&department=HT01").json()
    assert all(row["geometry"]["type"] in {"Polygon", "MultiPolygon"} for row in body["results"])
    detail = client.get("/api/v1/places/communes/HT0117/").json()
    assert detail["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert "geometry" not in client.get("/api/v1/places/communes/HT0117/?geometry=0").json()


def test_detail_by_pcode(cast: dict, api_as: Any) -> None:
    client = api_as(cast["analyst"])
    department = client.get("/api/v1/places/departments/HT01/").json()
    assert (department["name"], department["name_en"], department["name_ht"]) == (
        "Ouest",
        "West",
        "Lwès",
    )
    assert department["iso_code"] == "HT-OU"
    assert client.get("/api/v1/places/communes/ht0117/").json()["pcode"] == "HT0117"
    section = client.get("/api/v1/places/sections/HT0111-01/").json()
    assert section["commune"] == "HT0111" and section["commune_name"] == "Port-au-Prince"
    missing = client.get("/api/v1/places/communes/HT9999/")
    assert missing.status_code == 404 and missing.json()["detail"]


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_is_constant(
    cast: dict, api_as: Any, django_assert_max_num_queries: Any, url: str
) -> None:
    client = api_as(cast["analyst"])
    client.get(url)  # warm the user's permission cache the same way for both sizes
    with django_assert_max_num_queries(5):
        small = client.get(url + "?page_size=2")
    with django_assert_max_num_queries(5):
        large = client.get(url + "?page_size=500&geometry=1")
    assert small.status_code == large.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("geometry=maybe", "geometry"),
    ],
)
def test_bad_list_parameters_are_400(cast: dict, api_as: Any, query: str, field: str) -> None:
    response = api_as(cast["analyst"]).get("/api/v1/places/communes/?" + query)
    assert response.status_code == 400
    assert response.json()["errors"][field]


def test_communes_geojson(cast: dict, api_as: Any) -> None:
    client = api_as(cast["analyst"])
    response = client.get("/api/v1/places/communes/geojson/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 140
    soleil = next(f for f in collection["features"] if f["id"] == "HT0117")
    assert soleil["properties"]["name"] == "Cité Soleil"
    assert soleil["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    etag = response["ETag"]
    assert (
        client.get("/api/v1/places/communes/geojson/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    )
    zipped = client.get("/api/v1/places/communes/geojson/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == response.content


def test_the_communes_base_layer_stays_light(cast: dict, api_as: Any) -> None:
    """The maps' base layer, sent gzipped, stays under 60 KB (issue 11: a map page is
    at most 150 KB), its coordinates rounded to about 11 m; every commune still
    covers the point that the gazetteer finds in it."""
    zipped = api_as(cast["analyst"]).get(
        "/api/v1/places/communes/geojson/", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert len(zipped.content) < 60_000
    collection = json.loads(gzip.decompress(zipped.content))
    soleil = next(f for f in collection["features"] if f["id"] == "HT0117")
    assert shape(soleil["geometry"]).is_valid
    assert shape(soleil["geometry"]).contains(Point(-72.33, 18.58))
    ring = soleil["geometry"]["coordinates"][0]
    if soleil["geometry"]["type"] == "MultiPolygon":
        ring = ring[0]
    assert all(round(x, 4) == x and round(y, 4) == y for x, y in ring)
    assert ring[0] == ring[-1]


def test_quantising_drops_the_points_rounding_merged_but_keeps_rings_closed() -> None:
    ring = [[0.00001, 0.0], [0.00002, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    assert geojson.quantised([ring]) == [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]
    tiny = [[0.0, 0.0], [0.00001, 0.0], [0.0, 0.00001], [0.0, 0.0]]
    assert len(geojson.quantised([tiny])[0]) == 4  # never fewer than a ring needs


def test_communes_geojson_costs_no_query_once_built(
    cast: dict, api_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_as(cast["analyst"])
    client.get("/api/v1/places/communes/geojson/")
    with django_assert_max_num_queries(0):
        client.get("/api/v1/places/communes/geojson/")


@pytest.mark.parametrize(
    ("lat", "lon", "pcode", "warned"),
    [
        ("18.58", "-72.33", "HT0117", False),
        ("18.5435", "-72.3388", "HT0111", False),
        ("18.60", "-72.45", "HT0113", True),
        ("17.0", "-72.0", None, True),
    ],
)
def test_lookup(
    cast: dict, api_as: Any, lat: str, lon: str, pcode: str | None, warned: bool
) -> None:
    body = api_as(cast["hnp_liaison"]).get(f"/api/v1/places/lookup/?lat={lat}&lon={lon}").json()
    assert body["pcode"] == pcode
    assert bool(body["warning"]) is warned
    assert (body["distance_km"] == 0.0) is not warned
    if pcode:
        assert body["name"] and body["department"] == "HT01"
    else:
        assert body["name"] is None and body["section"] is None


def test_lookup_gives_the_section(cast: dict, api_as: Any) -> None:
    body = api_as(cast["analyst"]).get("/api/v1/places/lookup/?lat=18.58&lon=-72.33").json()
    assert body == {
        "pcode": "HT0117",
        "name": "Cité Soleil",
        "department": "HT01",
        "distance_km": 0.0,
        "warning": "",
        "section": "HT0117-01",
        "section_name": body["section_name"],
    }
    assert body["section_name"]


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("", {"lat", "lon"}),
        ("lat=18.5", {"lon"}),
        ("lat=north&lon=-72.3", {"lat"}),
        ("lat=91&lon=-72.3", {"lat"}),
        ("lat=18.5&lon=-180.5", {"lon"}),
        ("lat=nan&lon=-72.3", {"lat"}),
        ("lat=18.5&lon=inf", {"lon"}),
        ("lat=&lon=", {"lat", "lon"}),
    ],
)
def test_lookup_bad_input_is_400_with_field_messages(
    cast: dict, api_as: Any, query: str, fields: set[str]
) -> None:
    response = api_as(cast["analyst"]).get("/api/v1/places/lookup/?" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert set(body["errors"]) == fields


def test_an_empty_gazetteer_geojson_is_not_remembered(cast: dict, api_as: Any) -> None:
    CommunalSection.objects.all().delete()
    Commune.objects.all().delete()
    geojson.forget_geojson()
    body = api_as(cast["analyst"]).get("/api/v1/places/communes/geojson/").content
    assert json.loads(body)["features"] == []
    assert geojson._document is None
    assert geojson.communes_geojson().body == body
