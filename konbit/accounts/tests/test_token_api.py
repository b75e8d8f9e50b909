import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from konbit.accounts.models import ApiToken, User
from konbit.accounts.services import token_issue
from konbit.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_user_gets_a_token_that_authenticates(api_as, cast):
    response = api_as(None).post(URL, {"username": "analyst", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.filter(user=cast["analyst"]).count() == 1
    assert not ApiToken.objects.filter(key_hash=token).exists()  # only the hash is kept
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/mandates/").status_code == 200


def test_wrong_password_is_refused_plainly(api_as, cast):
    response = api_as(None).post(URL, {"username": "analyst", "password": "wrong"})
    assert response.status_code == 400
    assert "username and password" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_missing_fields_name_their_field(api_as, cast):
    response = api_as(None).post(URL, {"username": "analyst"})
    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_bad_token_is_401(api_as, cast):
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION="Token kb_nonsense")
    assert client.get("/api/v1/mandates/").status_code == 401


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_username_with_a_clear_message(api_as, cast):
    client = api_as(None)
    for _ in range(3):
        client.post(URL, {"username": "analyst", "password": "wrong"})
    locked = client.post(URL, {"username": "analyst", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.json()["detail"]
    assert not ApiToken.objects.exists()


def test_two_factor_user_needs_the_one_time_code(api_as, cast):
    device = TOTPDevice.objects.create(user=cast["analyst"], name="phone", confirmed=True)
    client = api_as(None)
    missing = client.post(URL, {"username": "analyst", "password": PASSWORD})
    assert missing.status_code == 400
    wrong = client.post(URL, {"username": "analyst", "password": PASSWORD, "otp": "000000"})
    assert wrong.status_code == 400
    # No password oracle: a right password without the right code reads exactly as a
    # wrong password.
    bad_password = client.post(URL, {"username": "analyst", "password": "nope"})
    assert missing.json() == wrong.json() == bad_password.json()
    assert not ApiToken.objects.exists()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows guessing down after a wrong code
    good = client.post(URL, {"username": "analyst", "password": PASSWORD, "otp": _code(device)})
    assert good.status_code == 200


@override_settings(KONBIT_2FA_ROLES=["mission_admin"])
def test_role_that_requires_two_factor_must_enrol_first(api_as, cast):
    response = api_as(None).post(URL, {"username": "mission_admin", "password": PASSWORD})
    assert response.status_code == 400
    assert "enrol" in response.json()["detail"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("member", ["mission_admin", "ken_commander", "analyst", "anonymous"])
def test_me_tells_who_the_caller_is(api_as, cast, member):
    response = api_as(cast[member]).get("/api/v1/me/")
    if member == "anonymous":
        assert response.status_code == 401
        return
    body = response.json()
    assert body["username"] == member
    assert body["roles"] == [cast[member].groups.get().name]
    assert body["contingent"] == ("KEN" if member == "ken_commander" else None)


def _token_client(api_as, user):
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)}")
    assert client.get("/api/v1/me/").status_code == 200  # records the token's first use
    return client


@pytest.mark.parametrize("member", ["mission_admin", "ken_commander", "analyst"])
def test_a_token_request_reads_user_and_roles_in_one_query(
    api_as, cast, member, django_assert_num_queries
):
    client = _token_client(api_as, cast[member])
    # The token with its user and the user's roles; whether they use two factors;
    # their contingent's code (kept by forces, asked of everyone: anyone may belong
    # to one).
    with django_assert_num_queries(3):
        body = client.get("/api/v1/me/").json()
    assert body == {
        "id": str(cast[member].pk),
        "username": member,
        "name": "",
        "roles": [member if member != "ken_commander" else "contingent_commander"],
        "contingent": "KEN" if member == "ken_commander" else None,
        "two_factor": False,
    }


def test_roles_are_read_on_every_request(api_as, cast):
    """A role taken away, a user deactivated or a token deleted count at once."""
    analyst = cast["analyst"]
    client = _token_client(api_as, analyst)
    assert client.get("/api/v1/incidents/").status_code == 200
    analyst.groups.add(Group.objects.create(name="book club"))
    assert client.get("/api/v1/me/").json()["roles"] == ["analyst"]
    analyst.groups.remove(Group.objects.get(name="analyst"))
    assert client.get("/api/v1/me/").json()["roles"] == []
    assert client.get("/api/v1/incidents/").status_code == 404
    analyst.groups.add(Group.objects.get(name="hq_staff"))
    assert client.get("/api/v1/me/").json()["roles"] == ["hq_staff"]
    User.objects.filter(pk=analyst.pk).update(is_active=False)
    assert client.get("/api/v1/me/").status_code == 401
    User.objects.filter(pk=analyst.pk).update(is_active=True)
    assert client.get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(user=analyst).delete()
    assert client.get("/api/v1/me/").status_code == 401


def test_the_token_is_the_requests_and_its_use_is_recorded(api_as, cast):
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=cast['hq_staff'])}")
    response = client.get("/api/v1/me/")
    token = ApiToken.objects.get(user=cast["hq_staff"])
    assert response.wsgi_request.user.pk == cast["hq_staff"].pk
    assert token.last_used_at is not None
    assert isinstance(response.wsgi_request.user.date_joined, dt.datetime)
    assert response.wsgi_request.user.date_joined.tzinfo is not None
