"""The gazetteer browser: every role may use it, anonymous visitors are sent to log in."""

from __future__ import annotations

from typing import Any

import pytest

from konbit.conftest import CAST_ROLES

pytestmark = pytest.mark.django_db

PAGES = [
    "/places/",
    "/places/?q=cite+soleil",
    "/places/departments/HT01/",
    "/places/communes/HT0117/",
]


@pytest.mark.parametrize("who", CAST_ROLES)
@pytest.mark.parametrize("url", PAGES)
def test_every_role_sees_the_pages(cast: dict, client_as: Any, who: str, url: str) -> None:
    response = client_as(cast[who]).get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


def test_nav_entry_for_every_role(cast: dict, client_as: Any) -> None:
    for who, user in cast.items():
        if user is not None:
            assert b'href="/places/"' in client_as(user).get("/").content, who


def test_a_user_without_a_role_gets_404(client_as: Any) -> None:
    from konbit.accounts.tests.factories import UserFactory

    assert client_as(UserFactory(username="norole")).get("/places/").status_code == 404


def test_search_ignores_accents_and_answers_htmx_with_the_results_only(
    cast: dict, client_as: Any
) -> None:
    client = client_as(cast["analyst"])
    page = client.get("/places/?q=cite soleil").content.decode()
    assert "Cité Soleil" in page and "HT0117" in page and "<html" in page
    partial = client.get("/places/?q=CITE-SOLEIL", HTTP_HX_REQUEST="true").content.decode()
    assert "Cité Soleil" in partial and "<html" not in partial
    assert "No place matches" in client.get("/places/?q=atlantis").content.decode()


def test_department_page_lists_its_arrondissements_and_communes(
    cast: dict, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as(cast["analyst"])
    client.get("/places/departments/HT01/")
    with django_assert_max_num_queries(10):
        page = client.get("/places/departments/ht01/").content.decode()
    assert "Ouest" in page and "Cité Soleil" in page and "HT011" in page
    assert "<svg" in page and 'href="/places/communes/HT0117/"' in page


def test_commune_page_shows_its_sections_and_population(
    cast: dict, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as(cast["analyst"])
    client.get("/places/communes/HT0111/")
    with django_assert_max_num_queries(10):
        page = client.get("/places/communes/HT0111/").content.decode()
    assert "Port-au-Prince" in page and "1re Section Turgeau" in page and "HT0111-01" in page
    assert "1,227,540" in page or "1227540" in page  # 2019 population
    assert "<svg" in page


def test_index_query_count_is_constant(
    cast: dict, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as(cast["analyst"])
    client.get("/places/")
    with django_assert_max_num_queries(10):
        client.get("/places/?q=section")


@pytest.mark.parametrize("url", ["/places/departments/HT99/", "/places/communes/nope/"])
def test_unknown_places_are_404(cast: dict, client_as: Any, url: str) -> None:
    assert client_as(cast["analyst"]).get(url).status_code == 404
