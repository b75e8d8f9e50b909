import pytest

from konbit.core.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "member",
    [
        "mission_admin",
        "hq_staff",
        "ken_commander",
        "jam_commander",
        "hnp_liaison",
        "oversight_officer",
        "analyst",
    ],
)
def test_every_role_lands_on_the_front_page(client_as, cast, member):
    response = client_as(cast[member]).get("/")
    assert response.status_code == 200
    assert b"Awaiting your action" in response.content


def test_pending_imports_await_their_author(client_as, cast):
    ImportRun.objects.create(
        kind="roster", actor=cast["hq_staff"], file_name="r.csv", sha256="0" * 64
    )
    assert b"Imports to review" in client_as(cast["hq_staff"]).get("/").content
    assert b"Imports to review" not in client_as(cast["analyst"]).get("/").content


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
