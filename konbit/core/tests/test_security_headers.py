import pytest

from konbit.core.middleware import content_security_policy

pytestmark = pytest.mark.django_db


def test_pages_load_nothing_from_other_origins(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_a_tile_server_is_the_only_other_origin(settings):
    settings.KONBIT_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "img-src 'self' data: blob: https://tiles.example.org" in content_security_policy()
