import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from konbit.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_and_logout(cast):
    browser = Client()
    response = browser.post("/accounts/login/", {"username": "hq_staff", "password": PASSWORD})
    assert response.status_code == 302
    assert browser.get("/").status_code == 200
    assert browser.post("/accounts/logout/").status_code == 302
    assert browser.get("/").status_code == 302


def test_bad_login_says_why_and_does_not_sign_in(cast):
    browser = Client()
    response = browser.post("/accounts/login/", {"username": "hq_staff", "password": "nope"})
    assert response.status_code == 200
    assert b"Unable to sign in with this username and password" in response.content
    assert browser.get("/").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_lockout_page_has_a_clear_message(cast):
    browser = Client()
    for _ in range(2):
        browser.post("/accounts/login/", {"username": "hq_staff", "password": "nope"})
    response = browser.post("/accounts/login/", {"username": "hq_staff", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content


def test_login_with_two_factor(cast):
    device = TOTPDevice.objects.create(user=cast["hq_staff"], name="phone", confirmed=True)
    browser = Client()
    missing = browser.post("/accounts/login/", {"username": "hq_staff", "password": PASSWORD})
    wrong_code = browser.post(
        "/accounts/login/", {"username": "hq_staff", "password": PASSWORD, "otp": "000000"}
    )
    wrong_password = browser.post("/accounts/login/", {"username": "hq_staff", "password": "x"})
    # No password oracle: the right password without its code is answered as a wrong one.
    refusals = [page.context["form"].errors.as_data() for page in (missing, wrong_code)]
    assert [str(e) for e in refusals[0]["__all__"]] == [
        str(e) for e in wrong_password.context["form"].errors.as_data()["__all__"]
    ]
    assert refusals[0].keys() == refusals[1].keys() == {"__all__"}
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows guessing down after a wrong code
    code = f"{totp(device.bin_key):06d}"
    ok = browser.post(
        "/accounts/login/", {"username": "hq_staff", "password": PASSWORD, "otp": code}
    )
    assert ok.status_code == 302


@override_settings(KONBIT_2FA_ROLES=["hq_staff"])
def test_role_requiring_two_factor_is_sent_to_enrolment(cast):
    browser = Client()
    browser.post("/accounts/login/", {"username": "hq_staff", "password": PASSWORD})
    response = browser.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"
    page = browser.get("/accounts/two-factor/")
    assert b"<svg" in page.content
    api = browser.get("/api/v1/mandates/")
    assert api.status_code == 403
    device = TOTPDevice.objects.get(user=cast["hq_staff"])
    confirmed = browser.post("/accounts/two-factor/", {"otp": f"{totp(device.bin_key):06d}"})
    assert confirmed.status_code == 302
    assert browser.get("/").status_code == 200


def test_wrong_enrolment_code_is_refused(cast):
    browser = Client()
    browser.force_login(cast["hq_staff"])
    browser.get("/accounts/two-factor/")
    response = browser.post("/accounts/two-factor/", {"otp": "123"})
    assert b"not valid" in response.content
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_a_french_browser_gets_french_pages(db):
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert b'<html lang="fr">' in response.content
    assert b"Se connecter" in response.content


@pytest.mark.parametrize(
    ("language", "word"), [("es", "Iniciar sesión"), ("ht", "Konekte"), ("en", "Sign in")]
)
def test_login_page_in_each_language(db, language, word):
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert f'<html lang="{language}">'.encode() in response.content
    assert word.encode() in response.content
