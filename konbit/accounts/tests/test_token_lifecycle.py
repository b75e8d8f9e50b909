"""API tokens end when what they were issued under ends (issue 10, item 2)."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from konbit.accounts import services
from konbit.accounts.models import ApiToken, User
from konbit.accounts.tests.factories import PASSWORD
from konbit.core.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"


def _client(api_as, key):
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _sign_in(api_as, username, **extra):
    response = api_as(None).post(URL, {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def test_a_role_that_comes_to_require_two_factor_ends_tokens_issued_without_it(api_as, cast):
    key = _sign_in(api_as, "mission_admin")
    client = _client(api_as, key)
    assert client.get("/api/v1/audit/").status_code == 200
    with override_settings(KONBIT_2FA_ROLES=["mission_admin"]):
        refused = client.get("/api/v1/audit/")
        assert refused.status_code == 401
        assert "two-factor" in refused.json()["detail"]
        # A token issued with a one-time code serves.
        device = TOTPDevice.objects.create(user=cast["mission_admin"], name="phone", confirmed=True)
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"
        verified = _sign_in(api_as, "mission_admin", otp=code)
        assert _client(api_as, verified).get("/api/v1/audit/").status_code == 200
        assert ApiToken.objects.get(user=cast["mission_admin"]).two_factor


@pytest.mark.parametrize("how", ["service", "shell", "command"])
def test_a_password_change_however_made_ends_every_token(api_as, cast, how, monkeypatch):
    user = cast["analyst"]
    keys = [services.token_issue(user=user, name=name) for name in ("laptop", "script")]
    assert all(_client(api_as, k).get("/api/v1/me/").status_code == 200 for k in keys)
    if how == "shell":
        user.set_password("another horse battery staple")
        user.save()
    elif how == "command":
        answers = iter(["another horse battery staple"] * 2)
        monkeypatch.setattr("getpass.getpass", lambda *a, **k: next(answers))
        call_command("changepassword", user.username, stdout=io.StringIO())
    else:
        User.objects.filter(pk=user.pk).update(password="!unusable")
    for key in keys:
        refused = _client(api_as, key).get("/api/v1/me/")
        assert refused.status_code == 401
        assert "password" in refused.json()["detail"] or how == "service"


def test_deactivation_ends_tokens(api_as, cast):
    key = services.token_issue(user=cast["hq_staff"])
    User.objects.filter(pk=cast["hq_staff"].pk).update(is_active=False)
    assert _client(api_as, key).get("/api/v1/me/").status_code == 401


def test_deactivation_revokes_tokens_for_good(api_as, cast):
    """Deactivated from the shell then reactivated: the old token stays dead."""
    user = cast["hq_staff"]
    key = services.token_issue(user=user)
    user.is_active = False
    user.save()
    assert not ApiToken.objects.filter(user=user).exists()
    user.is_active = True
    user.save()
    assert _client(api_as, key).get("/api/v1/me/").status_code == 401


def test_removing_the_two_factor_device_ends_the_tokens_issued_with_it(api_as, cast):
    """A lost phone: the administrator removes the device (docs/operations.md, the
    shell); the tokens its codes opened end at once, whatever the role."""
    user = cast["hq_staff"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"
    key = _sign_in(api_as, user.username, otp=code)
    assert _client(api_as, key).get("/api/v1/me/").status_code == 200
    TOTPDevice.objects.filter(user__username=user.username).delete()
    refused = _client(api_as, key).get("/api/v1/me/")
    assert refused.status_code == 401
    assert "device" in refused.json()["detail"]


@override_settings(KONBIT_TOKEN_IDLE_DAYS=30)
def test_a_token_unused_for_the_idle_period_expires(api_as, cast):
    key = services.token_issue(user=cast["analyst"])
    token = ApiToken.objects.get(user=cast["analyst"])
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(days=29))
    assert _client(api_as, key).get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(days=31))
    refused = _client(api_as, key).get("/api/v1/me/")
    assert refused.status_code == 401
    assert "30 days" in refused.json()["detail"]


def test_signing_in_again_replaces_the_token_of_that_name(api_as, cast):
    first = _sign_in(api_as, "analyst")
    second = _sign_in(api_as, "analyst")
    assert ApiToken.objects.filter(user=cast["analyst"]).count() == 1
    assert _client(api_as, first).get("/api/v1/me/").status_code == 401
    assert _client(api_as, second).get("/api/v1/me/").status_code == 200
    # A second key is had by asking for it under another name.
    other = _sign_in(api_as, "analyst", name="field laptop")
    assert ApiToken.objects.filter(user=cast["analyst"]).count() == 2
    assert _client(api_as, second).get("/api/v1/me/").status_code == 200
    assert _client(api_as, other).get("/api/v1/me/").status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(api_as, cast):
    key = services.token_issue(user=cast["analyst"])
    client = _client(api_as, key)

    def token_updates() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/me/").status_code == 200
        return sum('UPDATE "accounts_apitoken"' in q["sql"] for q in queries.captured_queries)

    assert token_updates() == 1
    first = ApiToken.objects.get(user=cast["analyst"]).last_used_at
    assert first is not None
    assert token_updates() == 0
    assert ApiToken.objects.get(user=cast["analyst"]).last_used_at == first
    ApiToken.objects.filter(user=cast["analyst"]).update(
        last_used_at=first - dt.timedelta(minutes=2)
    )
    assert token_updates() == 1


def test_a_busy_database_never_fails_the_request_for_the_last_use(api_as, cast):
    key = services.token_issue(user=cast["analyst"])
    with mock.patch(
        "django.db.models.query.QuerySet.update", side_effect=OperationalError("database is locked")
    ):
        response = _client(api_as, key).get("/api/v1/me/")
    assert response.status_code == 200


def test_revoking_a_token_ends_it_at_once_and_is_audited(api_as, cast):
    key = services.token_issue(user=cast["analyst"])
    token = ApiToken.objects.get(user=cast["analyst"])
    services.token_revoke(actor=cast["mission_admin"], token=token)
    assert _client(api_as, key).get("/api/v1/me/").status_code == 401
    entry = AuditEntry.objects.filter(target_id=str(cast["analyst"].pk)).latest("at")
    assert "revoked" in entry.detail
    assert entry.actor_username == "mission_admin"
