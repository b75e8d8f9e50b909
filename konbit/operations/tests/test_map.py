"""The map: its data endpoint (points or cells, the limit, the role's scope, the
fields a point carries) and its page (vendored scripts only, nothing inline)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.operations import mapdata
from konbit.operations.models import Incident
from konbit.operations.tests.factories import IncidentFactory, import_acled

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "acled_haiti_2022_sample.csv"
URL = "/api/v1/incidents/map/"
HAITI = "-75,17,-71,21"
POINT_KEYS = {"id", "lat", "lon", "date", "event_type", "sub_event_type", "category", "location"}


@pytest.fixture
def world(cast: dict[str, Any]) -> dict[str, Any]:
    """22 ACLED events, a sensitive mission report (hidden from an HNP liaison) and
    a released one."""
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    return {
        "secret": IncidentFactory(
            notes="Victim named", sensitive=True, latitude=19.061234567, longitude=-72.55
        ),
        "released": IncidentFactory(released_to_hnp=True, category="KIDNAPPING"),
    }


def test_points_carry_the_popup_fields_and_nothing_sensitive(
    api_as: Any, cast: dict[str, Any], world: dict[str, Any]
) -> None:
    for who in ("analyst", "oversight_officer", "mission_admin"):
        response = api_as(cast[who]).get(URL, {"bbox": HAITI, "zoom": 8})
        body = response.json()
        assert body["total"] == 24 and len(body["points"]) == 24
        assert all(set(point) == POINT_KEYS for point in body["points"])
        text = response.content.decode()
        for secret in ("Victim named", "Constable X", "Informant 7", "notes", "victim"):
            assert secret not in text, (who, secret)
    point = next(p for p in body["points"] if p["id"] == str(world["secret"].pk))
    assert point == {
        "id": str(world["secret"].pk),
        "lat": 19.06123,
        "lon": -72.55,
        "date": "2025-02-23",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "category": "ARMED_CLASH_SECURITY_FORCES",
        "location": "Savien",
    }


def test_the_box_and_the_filters_narrow_the_points(
    api_as: Any, cast: dict[str, Any], world: dict[str, Any]
) -> None:
    client = api_as(cast["analyst"])
    # Cap-Haïtien and Gros-Morne only.
    body = client.get(URL, {"bbox": "-72.8,19.5,-72.0,19.9", "zoom": 10}).json()
    assert sorted(p["location"] for p in body["points"]) == ["Cap-Haitien", *["Gros-Morne"] * 2]
    body = client.get(URL, {"bbox": HAITI, "zoom": 8, "category": "KIDNAPPING"}).json()
    kidnappings = Incident.objects.filter(category="KIDNAPPING")
    assert {p["id"] for p in body["points"]} == {
        str(pk) for pk in kidnappings.values_list("pk", flat=True)
    }
    assert str(world["released"].pk) in {p["id"] for p in body["points"]}
    assert client.get(URL, {"bbox": "x"}).status_code == 400
    assert client.get(URL, {"bbox": "-72,19,-73,20"}).status_code == 400  # west > east
    assert client.get(URL, {"zoom": "near"}).status_code == 400
    assert api_as(None).get(URL).status_code == 401


def test_the_limit(api_as: Any, cast: dict[str, Any], world: None, monkeypatch: Any) -> None:
    assert mapdata.POINT_LIMIT == 2_000
    client = api_as(cast["analyst"])
    monkeypatch.setattr(mapdata, "POINT_LIMIT", 24)
    body = client.get(URL, {"bbox": HAITI, "zoom": 8}).json()
    assert "cells" not in body and len(body["points"]) == 24
    monkeypatch.setattr(mapdata, "POINT_LIMIT", 23)
    body = client.get(URL, {"bbox": HAITI, "zoom": 8}).json()
    assert "points" not in body and body["total"] == 24
    assert all(set(cell) == {"lat", "lon", "count"} for cell in body["cells"])
    assert sum(cell["count"] for cell in body["cells"]) == 24
    # A filter that leaves 22 of the 24 in the box: points again.
    body = client.get(URL, {"bbox": HAITI, "zoom": 8, "origin": "acled"}).json()
    assert len(body["points"]) == 22


def test_points_or_cells_follow_the_readers_scope(
    api_as: Any, cast: dict[str, Any], world: None, monkeypatch: Any
) -> None:
    """The box holds 24 incidents, an HNP liaison may see 23 of them: with a limit
    of 23 the liaison gets points, the others cells (the count of all the box's
    incidents only decides how to query, never what is shown)."""
    monkeypatch.setattr(mapdata, "POINT_LIMIT", 23)
    hnp = api_as(cast["hnp_liaison"]).get(URL, {"bbox": HAITI, "zoom": 8}).json()
    assert len(hnp["points"]) == 23 and hnp["total"] == 23
    assert "Savien" in {p["location"] for p in hnp["points"]}  # the released one only
    assert "cells" in api_as(cast["analyst"]).get(URL, {"bbox": HAITI, "zoom": 8}).json()
    monkeypatch.setattr(mapdata, "POINT_LIMIT", 5)
    cells = api_as(cast["hnp_liaison"]).get(URL, {"bbox": HAITI, "zoom": 8}).json()["cells"]
    assert sum(cell["count"] for cell in cells) == 23


def test_cells_group_by_zoom(
    api_as: Any, cast: dict[str, Any], world: None, monkeypatch: Any
) -> None:
    monkeypatch.setattr(mapdata, "POINT_LIMIT", 1)
    client = api_as(cast["analyst"])
    far = client.get(URL, {"bbox": HAITI, "zoom": 5}).json()["cells"]
    near = client.get(URL, {"bbox": HAITI, "zoom": 12}).json()["cells"]
    # Zoom 5 (cells of 2.8 degrees): a few; zoom 12 (0.02 degrees): each of the nine
    # distinct points apart, at its own coordinates.
    places = set(Incident.objects.values_list("latitude", "longitude"))
    assert len(far) < len(near) == len(places) == 9
    assert {(c["lat"], c["lon"]) for c in near} == {(round(a, 5), round(o, 5)) for a, o in places}
    assert mapdata.cell_size(8) == pytest.approx(360 / 256 / 4)


def test_a_crowded_box_under_filters_gives_the_same_answer(
    api_as: Any, cast: dict[str, Any], world: None, monkeypatch: Any
) -> None:
    """The other filters' indexes lead in a crowded box (``+latitude`` on SQLite);
    the answer is the one of the plain filter."""
    monkeypatch.setattr(mapdata, "POINT_LIMIT", 10)
    client = api_as(cast["analyst"])
    with CaptureQueriesContext(connection) as queries:
        body = client.get(URL, {"bbox": HAITI, "zoom": 8, "since": "2022-04-01"}).json()
    expected = Incident.objects.filter(event_date__gte="2022-04-01").count()
    assert body["total"] == expected and sum(c["count"] for c in body["cells"]) == expected
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    if connection.vendor == "sqlite":
        assert '+"operations_incident"."latitude"' in sql
    body = client.get(URL, {"bbox": HAITI, "zoom": 8, "since": "2022-05-01"}).json()
    assert len(body["points"]) == Incident.objects.filter(event_date__gte="2022-05-01").count()


def test_query_count(
    api_as: Any, cast: dict[str, Any], world: None, django_assert_max_num_queries: Any
) -> None:
    IncidentFactory.create_batch(30)
    hnp, analyst = api_as(cast["hnp_liaison"]), api_as(cast["analyst"])
    hnp.get(URL), analyst.get(URL)  # the readers' permissions, loaded once per user
    # The count of the box, the count of the reader's incidents in it, the points.
    with django_assert_max_num_queries(3):
        body = hnp.get(URL, {"bbox": HAITI, "zoom": 8, "since": "2022-01-01"}).json()
    assert body["total"] == 23
    with django_assert_max_num_queries(2):
        assert analyst.get(URL, {"bbox": HAITI, "zoom": 8}).json()["total"] == 54


def test_gzipped_for_clients_that_accept_it(api_as: Any, cast: dict[str, Any], world: None) -> None:
    client = api_as(cast["analyst"])
    plain = client.get(URL, {"bbox": HAITI, "zoom": 8})
    packed = client.get(URL, {"bbox": HAITI, "zoom": 8}, HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert len(packed.content) < len(plain.content) / 3


def test_page_loads_no_external_resource_and_no_inline_script(
    client_as: Any, cast: dict[str, Any], world: None
) -> None:
    response = client_as(cast["analyst"]).get("/incidents/map/", {"category": "KIDNAPPING"})
    text = response.content.decode()
    for name in ("leaflet.js", "leaflet.markercluster.js", "MarkerCluster.css", "map.js"):
        assert name in text, name
    for url in re.findall(r'(?:src|href)="([^"]+)"', text):
        assert not url.startswith(("http:", "https:", "//")), url
    for tag in re.findall(r"<script[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert 'data-query="category=KIDNAPPING"' in text
    words = response.context["map_text"]
    assert words["categories"]["KIDNAPPING"] == "Kidnapping"
    assert '"KIDNAPPING": "Kidnapping"' in text  # in the json_script map.js reads


def test_page_words_follow_the_language(client_as: Any, cast: dict[str, Any], world: None) -> None:
    response = client_as(cast["analyst"]).get("/incidents/map/", HTTP_ACCEPT_LANGUAGE="fr")
    categories = response.context["map_text"]["categories"]
    assert categories["ARMED_CLASH_SECURITY_FORCES"] == (
        "Affrontement armé avec les forces de sécurité"
    )
