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


# --- places, contingents and sub-event types by name; unknown values are errors -----------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"commune": "Port-au-Prince"}, 1),
        ({"commune": "port au prince (HT0111)"}, 1),
        ({"department": "Ouest"}, 1),
        ({"department": "HT01"}, 1),
        ({"department": "Nord-Ouest"}, 0),
        ({"sub_event_type": "Armed clash"}, 1),
    ],
)
def test_filters_take_the_code_or_the_exact_name(client_as, api_as, cast, params, expected):
    IncidentFactory(commune_pcode="HT0111", sub_event_type="Armed clash", event_type="Battles")
    IncidentFactory(
        commune_pcode="HT0532", sub_event_type="Attack", event_type="Violence against civilians"
    )
    body = api_as(cast["analyst"]).get("/api/v1/incidents/", params).json()
    assert body["count"] == expected
    page = client_as(cast["analyst"]).get(reverse("operations:incidents"), params)
    assert f"{expected} incident" in page.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"commune": "Cabaretx"}, "commune"),
        ({"department": "West"}, "department"),
        ({"contingent": "Kenya!"}, "contingent"),
        ({"sub_event_type": "armed clash"}, "sub_event_type"),
    ],
)
def test_an_unknown_value_is_an_error_never_every_row(client_as, api_as, cast, params, field):
    """Issue 11: a wrong filter value silently gave 0 rows, or all 20,029."""
    IncidentFactory(commune_pcode="HT0111")
    refused = api_as(cast["analyst"]).get("/api/v1/incidents/", params)
    assert refused.status_code == 400 and list(refused.json()["errors"]) == [field]
    export = api_as(cast["analyst"]).get("/api/v1/incidents/export/", {"fmt": "acled", **params})
    assert export.status_code == 400
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        page = client_as(cast["analyst"]).get(reverse("operations:incidents"), params, **headers)
        text = page.content.decode()
        assert page.status_code == 200
        assert "The filters have an error, so nothing is listed" in text
        assert "No incidents." in text
