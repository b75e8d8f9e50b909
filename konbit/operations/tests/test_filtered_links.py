"""After an htmx filter, the export, map and trends links carry the filter (issue 11:
3 incidents on screen, 29 rows in the CSV)."""

import pytest
from django.urls import reverse

from konbit.operations.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

LINKS = ["/incidents/map/?", "/incidents/trends/?", "/api/v1/incidents/export/?fmt=acled&amp;"]


def test_an_htmx_filter_swaps_the_links_with_the_rows(client_as, cast):
    IncidentFactory(commune_pcode="HT0111")
    IncidentFactory(commune_pcode="HT0532")
    response = client_as(cast["hq_staff"]).get(
        reverse("operations:incidents"), {"commune": "HT0111", "page": "1"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page  # the partial
    assert 'id="incident-links" class="links" hx-swap-oob="true"' in page
    for link in LINKS:
        assert f"{link}commune=HT0111" in page
    assert "page=1" not in page.split('id="rows"')[0]  # the page number stays behind
    assert "1 incident" in page


def test_the_full_page_has_the_links_once_and_no_swap(client_as, cast):
    response = client_as(cast["hq_staff"]).get(
        reverse("operations:incidents"), {"commune": "HT0111"}
    )
    page = response.content.decode()
    assert page.count('id="incident-links"') == 1
    assert "hx-swap-oob" not in page
    for link in LINKS:
        assert f"{link}commune=HT0111" in page


def test_unfiltered_links_carry_no_stray_separator(client_as, cast):
    page = client_as(cast["hq_staff"]).get(reverse("operations:incidents")).content.decode()
    assert 'href="/incidents/map/"' in page
    assert 'fmt=acled&amp;"' not in page
