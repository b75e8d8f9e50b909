import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/healthz", "/healthz/"])
def test_healthz_answers_without_authentication(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
