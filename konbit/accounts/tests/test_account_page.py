"""The account page and the token API (issue 10 item 2, issue 11 item 7)."""

import pytest
from django.test import Client

from konbit.accounts import services
from konbit.accounts.models import ApiToken, User
from konbit.accounts.tests.factories import PASSWORD
from konbit.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new horse battery staple"


def _client(api_as, key):
    client = api_as(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_the_account_page_lists_only_ones_own_tokens(client_as, cast):
    services.token_issue(user=cast["analyst"], name="laptop")
    services.token_issue(user=cast["hq_staff"], name="hq script")
    page = client_as(cast["analyst"]).get("/accounts/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "laptop" in body and "hq script" not in body
    assert "Change your password" in body


def test_the_account_page_needs_a_signed_in_user(client):
    assert client.get("/accounts/").status_code == 302


def test_revoking_from_the_page_ends_the_token(client_as, cast, api_as):
    key = services.token_issue(user=cast["analyst"], name="laptop")
    token = ApiToken.objects.get(user=cast["analyst"])
    response = client_as(cast["analyst"]).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert _client(api_as, key).get("/api/v1/me/").status_code == 401


def test_nobody_revokes_another_users_token_from_the_page(client_as, cast):
    services.token_issue(user=cast["hq_staff"])
    token = ApiToken.objects.get(user=cast["hq_staff"])
    for who in ("analyst", "ken_commander", "oversight_officer"):
        response = client_as(cast[who]).post(f"/accounts/tokens/{token.pk}/revoke/")
        assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_password_page_changes_it_and_ends_the_tokens(cast, api_as):
    key = services.token_issue(user=cast["analyst"])
    browser = Client()
    browser.force_login(cast["analyst"])
    response = browser.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert browser.get("/accounts/").status_code == 200  # this session stays signed in
    assert _client(api_as, key).get("/api/v1/me/").status_code == 401
    assert AuditEntry.objects.filter(
        target_id=str(cast["analyst"].pk), detail="password changed"
    ).exists()


def test_the_chosen_language_is_saved_audited_and_follows_the_user(client_as, cast):
    browser = client_as(cast["analyst"])
    response = browser.post("/accounts/", {"language": "fr"})
    assert response.status_code == 302
    assert User.objects.get(pk=cast["analyst"].pk).language == "fr"
    assert response.cookies["django_language"].value == "fr"
    assert AuditEntry.objects.filter(
        target_id=str(cast["analyst"].pk), changes__language=["", "fr"]
    ).exists()
    signed_in = Client().post("/accounts/login/", {"username": "analyst", "password": PASSWORD})
    assert signed_in.cookies["django_language"].value == "fr"


def test_an_unknown_language_is_refused(client_as, cast):
    response = client_as(cast["analyst"]).post("/accounts/", {"language": "xx"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert User.objects.get(pk=cast["analyst"].pk).language == ""


@pytest.mark.parametrize("who", ["mission_admin", "hq_staff", "analyst", "ken_commander"])
def test_the_token_api_lists_own_tokens_and_the_admin_everyones(api_as, cast, who):
    services.token_issue(user=cast["hq_staff"], name="hq script")
    services.token_issue(user=cast["analyst"], name="laptop")
    body = api_as(cast[who]).get("/api/v1/auth/tokens/").json()
    names = {row["name"] for row in body["results"]}
    expected = {
        "mission_admin": {"hq script", "laptop"},
        "hq_staff": {"hq script"},
        "analyst": {"laptop"},
        "ken_commander": set(),
    }[who]
    assert names == expected
    assert all("key_hash" not in row and "password_mark" not in row for row in body["results"])


def test_the_token_api_needs_a_user(api_as):
    assert api_as(None).get("/api/v1/auth/tokens/").status_code == 401


@pytest.mark.parametrize(
    ("who", "status"),
    [("analyst", 204), ("mission_admin", 204), ("hq_staff", 404), ("ken_commander", 404)],
)
def test_the_token_api_revokes_own_tokens_and_the_admin_any(api_as, cast, who, status):
    key = services.token_issue(user=cast["analyst"])
    token = ApiToken.objects.get(user=cast["analyst"])
    response = api_as(cast[who]).delete(f"/api/v1/auth/tokens/{token.pk}/")
    assert response.status_code == status
    assert ApiToken.objects.filter(pk=token.pk).exists() == (status != 204)
    assert (_client(api_as, key).get("/api/v1/me/").status_code == 200) == (status != 204)
