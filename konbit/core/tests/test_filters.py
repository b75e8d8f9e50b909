"""The incidents' filter set as the list, the API and the browsable API use it:
bad values are errors of their fields, concurrent requests filter by their own
values, every filter is offered."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.http import QueryDict

from konbit.operations.filters import IncidentFilter
from konbit.operations.models import Incident
from konbit.operations.tests.factories import IncidentFactory


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
def test_the_browsable_api_shows_every_filter(cast: dict[str, Any]) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(cast["analyst"])
    page = browser.get("/api/v1/incidents/?event_type=Battles", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    html = page.content.decode()
    for name in IncidentFilter.base_filters:
        assert f'name="{name}"' in html, name
