"""Pages, JSON, GeoJSON and exports leave the application compressed (issue 11:
a phone at 256 kbit/s); static files come precompressed from WhiteNoise."""

import gzip
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from konbit.operations.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def _body(response):
    content = (
        b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    )
    return content, gzip.decompress(content)


def test_a_page_is_gzipped_when_the_browser_accepts_it(client_as, cast):
    response = client_as(cast["hq_staff"]).get(reverse("operations:incidents"), **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    sent, page = _body(response)
    assert b"<h1>" in page
    assert len(sent) < len(page) / 2


def test_without_accept_encoding_the_page_is_plain(client_as, cast):
    response = client_as(cast["hq_staff"]).get(reverse("operations:incidents"))
    assert not response.has_header("Content-Encoding")
    assert b"<h1>" in response.content


def test_api_json_and_geojson_are_gzipped(api_as, cast):
    IncidentFactory.create_batch(5)
    api = api_as(cast["hq_staff"])
    listed = api.get("/api/v1/incidents/", **GZIP)
    assert listed["Content-Encoding"] == "gzip"
    assert json.loads(_body(listed)[1])["count"] == 5
    communes = api.get("/api/v1/places/communes/geojson/", **GZIP)
    assert communes["Content-Encoding"] == "gzip"
    assert json.loads(_body(communes)[1])["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("fmt", "expected"), [("acled", "Savien"), ("hxl", "HT0532"), ("geojson", "Savien")]
)
def test_streamed_exports_are_gzipped_as_they_stream(api_as, cast, fmt, expected):
    IncidentFactory.create_batch(3)
    response = api_as(cast["hq_staff"]).get("/api/v1/incidents/export/", {"fmt": fmt}, **GZIP)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    assert expected in _body(response)[1].decode()  # the factory's place


def test_an_xlsx_export_is_not_gzipped_again(api_as, cast):
    IncidentFactory.create_batch(3)
    response = api_as(cast["hq_staff"]).get("/api/v1/incidents/export/", {"fmt": "xlsx"}, **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content[:2] == b"PK"  # a zip archive, as sent


def test_static_files_are_served_precompressed_by_whitenoise(tmp_path):
    """What production does: collectstatic with WhiteNoise's compressed manifest
    storage, then WhiteNoise serves the .gz copy to a browser that accepts it."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["drf_spectacular_sidecar", "rest_framework"],
            stdout=io.StringIO(),
        )
        from django.templatetags.static import static

        url = static("core/konbit.css")
        assert url != "/static/core/konbit.css"  # hashed: cached for ever
        response = Client().get(url, **GZIP)
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        sent, css = _body(response)
        assert b"box-sizing" in css
        assert len(sent) < len(css) / 2
