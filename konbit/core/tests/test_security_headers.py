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


@pytest.mark.parametrize("path", ["/", "/api/v1/me/", "/api/v1/incidents/", "/forces/personnel/"])
def test_what_a_signed_in_user_reads_is_never_stored(client_as, cast, path):
    response = client_as(cast["hq_staff"]).get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_token_answer_is_never_stored(api_as, cast):
    from konbit.accounts.tests.factories import PASSWORD

    response = api_as(None).post(
        "/api/v1/auth/token/", {"username": "analyst", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/docs/", "/api/v1/me/"])
def test_no_inline_script_may_run_on_pages_or_api(client_as, cast, path):
    response = client_as(cast["analyst"]).get(path)
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert script_src == "script-src 'self'"


def test_the_api_docs_carry_no_inline_script(client_as, cast):
    import re

    page = client_as(cast["analyst"]).get("/api/v1/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
