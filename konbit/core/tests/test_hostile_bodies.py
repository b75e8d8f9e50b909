"""Hostile request bodies get a 4xx in the API's JSON error shape, never a 500."""

import pytest

from konbit.operations.models import JointOperation

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/operations/"])
def test_json_nested_too_deeply_is_a_400(api_as, cast, path):
    user = None if "auth" in path else cast["hq_staff"]
    response = api_as(user).post(path, DEEP, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert "nested too deeply" in body["detail"]
    assert body["errors"] == {}
    assert JointOperation.objects.count() == 0


def test_a_body_over_the_limit_is_refused_unread(api_as, cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"name": "' + "x" * 4096 + '"}'
    response = api_as(cast["hq_staff"]).post(
        "/api/v1/operations/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert JointOperation.objects.count() == 0


def test_a_form_body_over_the_limit_is_refused_as_json(api_as, cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api_as(None).post(
        "/api/v1/auth/token/", {"username": "x" * 4096, "password": "y"}, format="multipart"
    )
    assert response.status_code in {400, 413}
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing/", "/api/v1/audit/-5.9e-08/", "/api/v2/", "/api/"]
)
def test_an_unknown_api_path_is_a_json_404(api_as, cast, path):
    response = api_as(cast["hq_staff"]).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_an_unknown_page_stays_a_page(client_as, cast):
    response = client_as(cast["hq_staff"]).get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_is_json(api_as, cast, monkeypatch):
    from django.test import Client

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("konbit.accounts.api.MeView.get", boom)
    client = Client(raise_request_exception=False)
    client.force_login(cast["analyst"])
    response = client.get("/api/v1/me/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("page", ["200000000000000000", "99999999999999999999999", "-1", "x"])
@pytest.mark.parametrize("path", ["/api/v1/incidents/", "/api/v1/personnel/"])
def test_a_page_number_out_of_range_is_a_404_not_a_500(api_as, cast, path, page):
    response = api_as(cast["hq_staff"]).get(path, {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_errors_asked_for_as_html_are_still_json_with_their_own_message(cast):
    """A browser-like ``Accept: text/html`` (DRF's browsable API answers errors as
    HTML): the answer under /api/ is JSON, and a 401 says so, not "server error"."""
    from django.test import Client

    response = Client().get("/api/v1/personnel/", HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Authentication credentials were not provided."


def test_a_host_not_allowed_is_a_json_400_under_the_api(cast):
    from django.test import Client

    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/personnel/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"] == {}
    page = client.get("/forces/personnel/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
