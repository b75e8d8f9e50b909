"""Stability's communes chosen by name (core.choosers): the values' filter (pages,
API and the public API), the series and the value form take a name or a P-code, or
"national"; an unknown commune is a 400 or an error naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from konbit.stability.models import IndicatorValue
from konbit.stability.tests.factories import IndicatorFactory, ValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idps() -> Any:
    indicator = IndicatorFactory(code="idps", name="Internally displaced people")
    ValueFactory(indicator=indicator, commune_id="HT0117", value=7, published=True)
    ValueFactory(indicator=indicator, commune_id=None, value=9, date=dt.date(2024, 4, 30))
    return indicator


@pytest.mark.parametrize(
    "commune, values",
    [("cite soleil", [7]), ("HT0117", [7]), ("Cité Soleil (HT0117)", [7]), ("national", [9])],
)
def test_values_by_commune_name_or_code(
    cast: dict[str, Any], api_as: Any, idps: Any, commune: str, values: list[int]
) -> None:
    response = api_as(cast["analyst"]).get("/api/v1/indicator-values/", {"commune": commune})
    assert response.status_code == 200
    assert [row["value"] for row in response.json()["results"]] == values


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicator-values/",
        "/api/v1/public/indicators/",
        "/api/v1/indicators/{pk}/series/",
    ],
)
def test_an_unknown_commune_is_a_400_naming_it(
    cast: dict[str, Any], api_as: Any, idps: Any, url: str
) -> None:
    response = api_as(cast["analyst"]).get(url.format(pk=idps.pk), {"commune": "Cabaret City"})
    assert response.status_code == 400
    assert "commune" in response.json()["errors"]


def test_series_by_commune_name(cast: dict[str, Any], api_as: Any, idps: Any) -> None:
    body = api_as(cast["analyst"]).get(
        f"/api/v1/indicators/{idps.pk}/series/", {"commune": "Cité Soleil"}
    )
    assert body.status_code == 200 and body.json()["commune"] == "HT0117"


def test_the_values_page_shows_the_error_and_no_rows(
    cast: dict[str, Any], client_as: Any, idps: Any
) -> None:
    page = client_as(cast["analyst"]).get("/stability/values/", {"commune": "Cabaret City"})
    text = page.content.decode()
    assert "The filters have an error" in text and "Cabaret City" in text
    assert "0 values" in text
    assert "/choose/commune/?field=commune" in text


def test_the_value_form_takes_the_commune_by_name(
    cast: dict[str, Any], client_as: Any, idps: Any
) -> None:
    browser = client_as(cast["mission_admin"])
    data = {
        "indicator": idps.pk,
        "date": "2024-06-30",
        "value": 10,
        "source": "Demo",
        "confidence": "high",
    }
    refused = browser.post("/stability/values/new/", {**data, "commune": "Cabaret City"})
    assert "Nothing is named “Cabaret City”" in refused.content.decode()
    created = browser.post("/stability/values/new/", {**data, "commune": "Delmas"})
    assert created.status_code == 302
    assert IndicatorValue.objects.filter(commune_id="HT0112", value=10).exists()


def test_the_indicator_is_chosen_by_name(cast: dict[str, Any], api_as: Any, client_as: Any, idps):
    page = client_as(cast["analyst"]).get("/stability/values/").content.decode()
    assert '<option value="idps">Internally displaced people</option>' in page
    api = api_as(cast["analyst"])
    by_id = api.get("/api/v1/indicator-values/", {"indicator": str(idps.pk)})
    assert by_id.status_code == 200 and by_id.json()["count"] == 2
    bad = api.get("/api/v1/indicator-values/", {"indicator": "schools"})
    assert bad.status_code == 400 and "indicator" in bad.json()["errors"]
