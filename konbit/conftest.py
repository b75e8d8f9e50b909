"""The fixed cast of the tests (STYLE.md): every permission test uses these people.

``cast`` maps a role name to a user: a mission administrator, an HQ officer, a Kenyan
and a Jamaican contingent commander, an HNP liaison, an oversight officer, an analyst
and an anonymous visitor (None).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from konbit.accounts.tests.cast import CAST_ROLES
from konbit.accounts.tests.factories import UserFactory
from konbit.forces.tests.factories import ContingentFactory, ContingentMembershipFactory


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the database may use all of its aliases: an import
    writes its progress through the ``progress`` alias (konbit.core.imports.progress).
    The browser suite (``konbit/browser``) runs last: its live server reads what it
    commits to the test database, which no test after it should meet."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and "db" not in getattr(item, "fixturenames", ()):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        kwargs.setdefault("databases", "__all__")
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), False)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded files (imports) go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """A request leaves its language active in the thread (LocaleMiddleware does not
    reset it); each test starts and ends in the default language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def contingents(db: Any) -> dict[str, Any]:
    return {
        "KEN": ContingentFactory(country__iso3="KEN", country__name="Kenya", is_lead_nation=True),
        "JAM": ContingentFactory(country__iso3="JAM", country__name="Jamaica"),
    }


@pytest.fixture
def import_context(db: Any) -> Any:
    """What importers' options name must exist: training's results go to a cohort
    ("Import test class"). Created through the app registry, as core's tests know no
    part."""
    import datetime as dt

    from django.apps import apps

    programme = apps.get_model("training", "Programme").objects.create(
        code="PRG-IMP", name="Import test programme", kind="basic"
    )
    return apps.get_model("training", "Cohort").objects.create(
        programme=programme,
        name="Import test class",
        starts_on=dt.date(2024, 8, 27),
        ends_on=dt.date(2025, 1, 10),
        venue="Test venue",
    )


@pytest.fixture
def cast(contingents: dict[str, Any]) -> dict[str, Any]:
    people: dict[str, Any] = {}
    for name, (role, iso3) in CAST_ROLES.items():
        people[name] = None if role is None else UserFactory(username=name, role=role)
        if iso3:
            ContingentMembershipFactory(user=people[name], contingent=contingents[iso3])
    return people


@pytest.fixture
def api_as() -> Callable[[Any], APIClient]:
    """An API client signed in as a member of the cast (None: anonymous)."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def client_as(client: Any) -> Callable[[Any], Any]:
    """A browser session signed in as a member of the cast (None: anonymous)."""
    from django.test import Client

    def make(user: Any) -> Client:
        browser = Client()
        if user is not None:
            browser.force_login(user)
        return browser

    return make
