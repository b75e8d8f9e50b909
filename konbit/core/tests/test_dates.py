"""One way to write a date (Django's localized formats, konbit/formats/): the day
first in every language, month names in Creole too (issue 11: "March 12, 1994"
beside "2026-11-20", dates in Creole left in English)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format

DAY = dt.date(1994, 3, 12)


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("en", "12 March 1994", "1994-03-12"),
        ("fr", "12 mars 1994", "12/03/1994"),
        ("es", "12 de marzo de 1994", "12/03/1994"),
        ("ht", "12 mas 1994", "12/03/1994"),
    ],
)
def test_dates_in_every_language(language: str, long: str, short: str) -> None:
    with translation.override(language):
        assert date_format(DAY) == long
        assert date_format(DAY, "SHORT_DATE_FORMAT") == short


@pytest.mark.django_db
def test_the_trends_charts_name_months_and_time_in_the_readers_language(client_as, cast):
    browser = client_as(cast["analyst"])
    browser.post("/i18n/setlang/", {"language": "ht", "next": "/"})
    text = browser.get("/incidents/trends/").context["chart_text"]
    assert text["time"] == "Mwa"
    assert text["months"][2] == "mas" and text["months_short"][0] == "jan."
