"""What readers see of ACLED's taxonomy and of the mission's choices: labels in their
language, while stored values, the API and the exports keep ACLED's English strings
and the mission's codes.

The catalogues are not edited here (a later pass translates); the French tests put
the few entries they need into the loaded French catalogue for their duration, which
is what a translated .po file gives once compiled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import trans_real

from konbit.operations.forms import IncidentForm
from konbit.operations.taxonomy import (
    ACLED_LABELS,
    DISORDER_TYPES,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    acled_label,
)
from konbit.operations.templatetags import operations_labels
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory

FRENCH = {
    "Political violence": "Violence politique",
    "Battles": "Batailles",
    "Armed clash": "Affrontement armé",
}


@pytest.fixture
def french_catalogue() -> Iterator[None]:
    """French translations of a few ACLED labels, as a compiled catalogue would hold
    them (the msgid carries the "ACLED" context)."""
    catalogue = trans_real.translation("fr")._catalog._catalogs[0]  # type: ignore[attr-defined]
    entries = {f"ACLED\x04{value}": label for value, label in FRENCH.items()}
    with mock.patch.dict(catalogue, entries):
        yield


@pytest.fixture
def incident(cast: dict[str, Any]) -> Any:
    operation = JointOperationFactory(name="Savien patrol")
    return IncidentFactory(operation=operation, location="Savien")


def test_every_acled_value_has_a_label_that_is_the_value_in_english() -> None:
    values = set(DISORDER_TYPES) | set(EVENT_TYPES) | set(SUB_EVENT_TYPES)
    assert set(ACLED_LABELS) == values
    with translation.override("en"):
        for value, label in ACLED_LABELS.items():
            assert isinstance(label, Promise), value
            assert str(label) == value


def test_the_label_goes_through_gettext(french_catalogue: None) -> None:
    label = operations_labels.acled_label("Armed clash")
    assert isinstance(label, Promise)  # lazy: translated when shown, in the reader's language
    with translation.override("en"):
        assert str(label) == "Armed clash"
    with translation.override("fr"):
        assert str(label) == "Affrontement armé"
        assert str(acled_label("Battles")) == "Batailles"
        # Outside the taxonomy (or empty): shown as stored.
        assert acled_label("Something ACLED never said") == "Something ACLED never said"
        assert operations_labels.acled_label("") == ""
        assert operations_labels.acled_label(None) is None


def test_choice_labels_of_the_mission_fields() -> None:
    with translation.override("fr"):
        label = operations_labels.choice_label
        assert str(label("ARMED_CLASH_SECURITY_FORCES", "category")) == (
            "Affrontement armé avec les forces de sécurité"
        )
        assert str(label("mission", "origin")) == "Rapport de la mission"
        assert str(label("verified", "verification")) == "Vérifié"
        assert str(label("gang", "perpetrator")) == "Gang"
        assert label("", "category") == ""


def test_pages_show_french_labels_and_keep_acled_values(
    client_as: Any, cast: dict[str, Any], incident: Any, french_catalogue: None
) -> None:
    browser = client_as(cast["hq_staff"])

    def page(url: str, language: str = "fr") -> str:
        response = browser.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        return response.content.decode()

    listed = page("/incidents/")
    assert "Affrontement armé<br><small>Batailles</small>" in listed
    assert '<option value="Battles">Batailles</option>' in listed  # the filter
    assert "<td>Affrontement armé avec les forces de sécurité</td>" in listed  # the category
    assert "<td>ARMED_CLASH_SECURITY_FORCES</td>" not in listed
    assert "Rapport de la mission" in listed
    detail = page(f"/incidents/{incident.pk}/")
    assert "<h1>Affrontement armé · 23/02/2025</h1>" in detail  # French dates
    assert "Violence politique · Batailles · Affrontement armé" in detail
    assert "Savien patrol" in detail
    operation = page(f"/operations/{incident.operation_id}/")
    assert "23/02/2025 Affrontement armé Savien" in operation
    trends = page("/incidents/trends/?since=2025-01-01&until=2025-03-31")
    assert "<td>Affrontement armé avec les forces de sécurité</td>" in trends
    assert "<td>Gang</td>" in trends and "<td>gang</td>" not in trends
    form = page("/incidents/new/")
    assert '<option value="Battles">Batailles</option>' in form
    assert '<optgroup label="Batailles">' in form
    assert '<option value="Armed clash">Affrontement armé</option>' in form
    assert '"Armed clash": "Affrontement arm\\u00e9"' in page("/incidents/map/")

    english = page("/incidents/", "en")
    assert "Armed clash<br><small>Battles</small>" in english
    assert '<option value="Battles">Battles</option>' in english
    assert "Armed clash with security forces" in english


def test_api_and_exports_keep_acled_english(
    api_as: Any, cast: dict[str, Any], incident: Any, french_catalogue: None
) -> None:
    client = api_as(cast["hq_staff"])
    row = client.get("/api/v1/incidents/", HTTP_ACCEPT_LANGUAGE="fr").json()["results"][0]
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert row["category"] == "ARMED_CLASH_SECURITY_FORCES"
    stats = client.get(
        "/api/v1/incidents/stats/", {"group_by": "event_type"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).json()
    assert [r["event_type"] for r in stats["results"]] == ["Battles"]
    export = client.get("/api/v1/incidents/export/", {"fmt": "acled"}, HTTP_ACCEPT_LANGUAGE="fr")
    text = b"".join(export.streaming_content).decode()
    assert ",Political violence,Battles,Armed clash,Gran Grif," in text
    assert "Batailles" not in text and "Affrontement" not in text


def test_the_form_stores_acled_values(
    cast: dict[str, Any], french_catalogue: None, db: Any
) -> None:
    with translation.override("fr"):
        form = IncidentForm(user=cast["hq_staff"])
        assert ("Battles", "Batailles") in [
            (value, str(label)) for value, label in form.fields["event_type"].choices
        ]
        bound = IncidentForm(
            {"event_type": "Battles", "sub_event_type": "Armed clash"}, user=cast["hq_staff"]
        )
        bound.is_valid()
        assert bound.cleaned_data["event_type"] == "Battles"
        assert bound.cleaned_data["sub_event_type"] == "Armed clash"
        assert bound.cleaned_data["disorder_type"] == "Political violence"
