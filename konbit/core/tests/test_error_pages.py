"""Refused and missing pages end in the layout, with the menu and in the reader's
language; under /api/ errors stay JSON (issue 11: no dead end)."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from konbit.core import errors
from konbit.operations.models import JointOperation

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_in_the_layout_with_the_menu(client_as, cast):
    response = client_as(cast["hq_staff"]).get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'aria-label="Parts of the mission"' in page
    assert 'href="/incidents/"' in page  # the menu of the reader's role
    assert "Back to the overview" in page


def test_a_part_the_role_may_not_see_is_the_same_404(client_as, cast):
    response = client_as(cast["analyst"]).get("/audit/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_refused_action_is_a_403_page_in_the_layout(client_as, cast):
    response = client_as(cast["analyst"]).get("/incidents/new/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" in page
    assert 'aria-label="Parts of the mission"' in page


@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", "Page introuvable"), ("es", "Página no encontrada"), ("ht", "Paj la pa egziste")],
)
def test_the_dead_ends_are_translated(client_as, cast, language, title):
    response = client_as(cast["hq_staff"]).get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert title in response.content.decode()


def test_api_errors_stay_json(api_as, cast):
    response = api_as(cast["hq_staff"]).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_the_500_page_is_in_the_layout_and_plain_when_the_layout_fails(cast, monkeypatch):
    request = RequestFactory().get("/incidents/")
    request.user = cast["hq_staff"]
    request.session = {}
    response = errors.server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"Parts of the mission" in response.content

    def broken(user):
        raise RuntimeError("the database is down")

    monkeypatch.setattr("konbit.core.context_processors.nav_groups_for", broken)
    with translation.override("fr"):
        plain = errors.server_error(request)
    assert plain.status_code == 500
    assert "Un problème est survenu".encode() in plain.content
    assert b"Parts of the mission" not in plain.content


def test_a_stale_form_gets_a_page_that_says_what_to_do(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast["hq_staff"])
    response = browser.post("/operations/new/", {"name": "Stale"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Le formulaire a expiré" in page
    assert 'aria-label="Volets de la mission"' in page  # the menu, in French
    assert "Retour à la vue" in page
    assert not JointOperation.objects.filter(name="Stale").exists()
