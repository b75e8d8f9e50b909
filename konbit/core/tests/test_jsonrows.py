"""``core.jsonrows``: rows read straight into the values DRF's encoder would write."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.paginator import Paginator
from django.db.models import Q
from rest_framework.utils.encoders import JSONEncoder

from konbit.core.jsonrows import JsonRows, json_rows
from konbit.operations.models import Incident
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory

pytestmark = pytest.mark.django_db

FIELDS = (
    "id",
    "event_date",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "sensitive",
    "released_to_hnp",
    "time_precision",
    "acled_timestamp",
    "notes",
    "operation",
)


def encoded(rows: object) -> object:
    """What the API wrote before: ``values()`` through DRF's JSON encoder."""
    return json.loads(json.dumps(rows, cls=JSONEncoder))


def test_rows_are_what_values_gives_once_encoded() -> None:
    IncidentFactory(
        event_date=dt.date(2024, 12, 31),
        location="Pétion-Ville «centre»",
        latitude=18.512345678901234,
        longitude=-72.1,
        fatalities=3,
        sensitive=True,
        released_to_hnp=True,
        time_precision=None,
        acled_timestamp=1_700_000_000_123,
        notes='Quote " and \\ and a\nnewline',
        operation=JointOperationFactory(),
    )
    IncidentFactory.create_batch(4, event_date=dt.date(2023, 1, 2), latitude=18.0)
    queryset = Incident.objects.order_by("-event_date", "-id")
    expected = encoded(list(queryset.values(*FIELDS)))
    assert json_rows(queryset, FIELDS) == expected
    assert json_rows(queryset[1:3], FIELDS) == expected[1:3]
    first = json_rows(queryset, FIELDS)[0]
    assert isinstance(first["id"], str) and len(first["id"]) == 36
    assert first["event_date"] == "2024-12-31" and first["sensitive"] is True
    assert first["time_precision"] is None and isinstance(first["latitude"], float)
    assert first["operation"] == str(Incident.objects.get(pk=first["id"]).operation_id)
    # The same bytes as the encoder wrote for values().
    assert json.dumps(json_rows(queryset, FIELDS), cls=JSONEncoder) == json.dumps(
        list(queryset.values(*FIELDS)), cls=JSONEncoder
    )


def test_an_empty_queryset_runs_no_query(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert json_rows(Incident.objects.none(), FIELDS) == []


def test_fields_it_cannot_write_are_refused() -> None:
    with pytest.raises(TypeError, match="created_at"):
        json_rows(Incident.objects.all(), ("id", "created_at"))


def test_a_paginator_counts_and_reads_one_page(django_assert_num_queries: object) -> None:
    IncidentFactory.create_batch(7)
    queryset = Incident.objects.order_by("-event_date", "-id")
    paginator = Paginator(JsonRows(queryset, ("id", "event_date")), 3)
    with django_assert_num_queries(2):  # type: ignore[operator]
        page = list(paginator.page(3))
    assert paginator.count == 7
    assert page == encoded(list(queryset.values("id", "event_date")[6:]))


def test_counts_and_pages_are_the_querysets(django_assert_num_queries: object) -> None:
    IncidentFactory.create_batch(4, released_to_hnp=True, event_type="Riots")
    IncidentFactory.create_batch(3, origin="acled", event_type="Protests")
    IncidentFactory.create_batch(2, location="Jérémie", released_to_hnp=True)
    ordered = Incident.objects.order_by("-event_date", "-id")
    cases = [
        ordered,
        ordered.filter(Q(origin="acled") | Q(released_to_hnp=True)),
        ordered.filter(event_type="Riots", released_to_hnp=True),
        ordered.filter(reporting_contingent__country__iso3="KEN"),
        ordered.filter(location__icontains="jér"),
        ordered.exclude(event_type="Battles"),
        ordered.none(),
    ]
    for queryset in cases:
        rows = JsonRows(queryset, ("id", "event_date", "released_to_hnp"))
        expected_count = queryset.count()
        with django_assert_num_queries(0 if queryset.query.is_empty() else 1):  # type: ignore[operator]
            assert rows.count() == expected_count
        expected = encoded(list(queryset.values("id", "event_date", "released_to_hnp")))
        assert rows[0:3] == expected[0:3]
        assert rows[3:] == expected[3:]
        assert rows[2:2] == []
    # DISTINCT is counted by Django's own COUNT.
    distinct = ordered.distinct()
    assert JsonRows(distinct, ("id",)).count() == distinct.count()


@pytest.mark.parametrize("number", [1, 2, 3])
def test_an_expected_page_is_read_with_its_count(
    number: int, django_assert_num_queries: object
) -> None:
    IncidentFactory.create_batch(7)
    queryset = Incident.objects.filter(event_type="Battles").order_by("-event_date", "-id")
    rows = JsonRows(queryset, ("id", "event_date"))
    rows.expect_page((number - 1) * 3, number * 3)
    paginator = Paginator(rows, 3)
    with django_assert_num_queries(1):  # type: ignore[operator]
        page = list(paginator.page(number))
    assert paginator.count == 7
    expected = encoded(list(queryset.values("id", "event_date")))
    assert page == expected[(number - 1) * 3 : number * 3]


def test_an_expected_page_without_rows_counts_apart(django_assert_num_queries: object) -> None:
    IncidentFactory.create_batch(2)
    rows = JsonRows(Incident.objects.order_by("-id"), ("id",))
    rows.expect_page(10, 20)
    with django_assert_num_queries(2):  # type: ignore[operator]
        assert rows.count() == 2
    none = JsonRows(Incident.objects.filter(event_type="Nothing").order_by("-id"), ("id",))
    none.expect_page(0, 10)
    paginator = Paginator(none, 10)
    with django_assert_num_queries(2):  # type: ignore[operator]
        assert list(paginator.page(1)) == []


def test_rows_beyond_the_page_read_are_read_again(django_assert_num_queries: object) -> None:
    IncidentFactory.create_batch(7)
    queryset = Incident.objects.order_by("-event_date", "-id")
    expected = encoded(list(queryset.values("id")))
    rows = JsonRows(queryset, ("id",))
    rows.expect_page(0, 3)
    assert rows.count() == 7
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert rows[0:2] == expected[0:2]
        assert rows[0:3] == expected[0:3]
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert rows[0:5] == expected[0:5]
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert rows[0:] == expected
    short = JsonRows(queryset, ("id",))
    short.expect_page(6, 20)
    assert short.count() == 7
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert short[6:7] == expected[6:] == short[6:]
