"""Signing in, a wrong password, and the front page, at a desktop's and a phone's
width."""

import pytest

from konbit.browser.pages import PAGE_WEIGHT

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_wrong_password_is_refused_with_a_message(tab):
    tab.sign_in("analyst", "not the password")
    assert "/accounts/login/" in tab.page.url
    assert tab.page.get_by_role("alert").is_visible()
    tab.check("the refused sign-in", weight=PAGE_WEIGHT)


def test_signing_in_leads_to_the_front_page(tab):
    tab.open("/")
    assert "/accounts/login/" in tab.page.url  # nothing without signing in
    tab.check("the sign-in page", weight=PAGE_WEIGHT)
    tab.sign_in("hq")
    assert tab.page.url.rstrip("/") == tab.origin
    assert tab.page.get_by_role("heading", level=1).is_visible()
    tab.open("/")
    tab.check("the front page", weight=PAGE_WEIGHT)
