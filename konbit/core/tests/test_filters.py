"""``FixedFormFilterSet``: each instance works on its own copies of the filters and
of the form's fields, while the class-level ones stay untouched."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.http import QueryDict

from konbit.operations.filters import IncidentFilter
from konbit.operations.models import Incident
from konbit.operations.tests.factories import IncidentFactory


def test_each_filter_set_has_its_own_filters() -> None:
    first = IncidentFilter(QueryDict("actor=a"), queryset=Incident.objects.none())
    second = IncidentFilter(QueryDict("actor=b"), queryset=Incident.objects.none())
    for name, base in IncidentFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not base and mine is not theirs
        assert mine.extra is not base.extra and mine.extra == base.extra
        assert mine.parent is first and theirs.parent is second
        assert not hasattr(base, "parent") and not hasattr(base, "model")
    # A ``method=`` filter calls its own filter set's method.
    assert first.filters["actor"].filter.f is first.filters["actor"]  # type: ignore[attr-defined]
    first.filters["since"].lookup_expr = "lt"
    assert IncidentFilter.base_filters["since"].lookup_expr == "gte"
    assert second.filters["since"].lookup_expr == "gte"


def test_forms_share_choice_lists_but_not_fields() -> None:
    one = IncidentFilter(QueryDict(""), queryset=Incident.objects.none()).form
    two = IncidentFilter(QueryDict(""), queryset=Incident.objects.none()).form
    base = type(one).base_fields
    for name in ("event_type", "category", "origin"):
        assert one.fields[name] is not two.fields[name] is not base[name]
        assert one.fields[name].widget is not two.fields[name].widget
        assert one.fields[name].choices is base[name].choices  # type: ignore[attr-defined]
    one.fields["event_type"].widget.attrs["class"] = "mine"
    assert "class" not in two.fields["event_type"].widget.attrs
    assert "class" not in base["event_type"].widget.attrs
    assert one.fields["operation"].queryset is not base["operation"].queryset  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_bad_values_are_errors_of_their_fields() -> None:
    found = IncidentFilter(
        QueryDict("since=2023-13-45&event_type=Nope&origin=acled"),
        queryset=Incident.objects.all(),
    )
    assert not found.is_valid()
    assert set(found.errors) == {"since", "event_type"}


@pytest.mark.django_db
def test_concurrent_filter_sets_filter_by_their_own_values() -> None:
    IncidentFactory(actor1="Gran Grif", event_type="Battles")
    IncidentFactory(actor1="Viv Ansanm", event_type="Battles")
    IncidentFactory(actor1="Viv Ansanm", event_type="Riots")
    cases = {"Gran Grif": 1, "Viv Ansanm": 2, "Nobody": 0}
    # Filter sets are built and their querysets compiled in threads at once; the
    # counts are read afterwards in this thread (the test database is this thread's).
    built: dict[str, list[Any]] = {actor: [] for actor in cases}
    barrier = threading.Barrier(len(cases))

    def build(actor: str) -> None:
        barrier.wait()
        for _ in range(50):
            found = IncidentFilter(QueryDict(f"actor={actor}"), queryset=Incident.objects.all())
            if found.is_valid():
                built[actor].append(found.qs)

    threads = [threading.Thread(target=build, args=(actor,)) for actor in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for actor, querysets in built.items():
        assert len(querysets) == 50
        assert {qs.count() for qs in querysets} == {cases[actor]}, actor


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "event_type=Battles&since=2025-01-01",
        "event_type=Riots&actor=viv",
        "origin=mission&page_size=3",
        "since=2023-13-45&event_type=Nope&origin=acled",
        "category=&commune=HT0532",
        "",
    ],
)
def test_given_only_filters_and_refuses_as_the_whole_form(query: str) -> None:
    IncidentFactory(actor1="Gran Grif", event_type="Battles")
    IncidentFactory(actor1="Viv Ansanm", event_type="Riots")
    data = QueryDict(query)
    whole = IncidentFilter(data, queryset=Incident.objects.all())
    given = IncidentFilter(data, queryset=Incident.objects.all(), given_only=True)
    assert given.is_valid() == whole.is_valid()
    assert given.errors == whole.errors
    if whole.is_valid():
        assert list(given.qs) == list(whole.qs)
    names = {name for name in data if name in IncidentFilter.base_filters}
    assert set(given.form.fields) == names
    assert set(whole.form.fields) == set(IncidentFilter.base_filters)
    again = IncidentFilter(data, queryset=Incident.objects.all(), given_only=True)
    assert type(again.form) is type(given.form)


@pytest.mark.django_db
def test_the_browsable_api_shows_every_filter(cast: dict[str, Any]) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(cast["analyst"])
    page = browser.get("/api/v1/incidents/?event_type=Battles", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    html = page.content.decode()
    for name in IncidentFilter.base_filters:
        assert f'name="{name}"' in html, name
