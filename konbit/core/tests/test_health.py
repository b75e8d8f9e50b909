import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/healthz", "/healthz/"])
def test_healthz_answers_without_authentication(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
