"""``core.renderers.JSONRenderer``: DRF's JSON, byte for byte, written by orjson."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.utils.translation import gettext_lazy, override
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from konbit.core.renderers import JSONRenderer

UTC = dt.UTC

SAME_BYTES = [
    {"count": 2, "next": None, "results": [{"id": 1, "ok": True}, {"id": 2, "ok": False}]},
    [1, -2, 2**63 - 1, "", "Pétion-Ville", "Cité Soleil \u2028 ligne \u2029 fin"],
    {"date": dt.date(2025, 2, 23), "time": dt.time(6, 30, 15, 123456)},
    {"at": dt.datetime(2025, 3, 25, 14, 5, 9, 987654, tzinfo=UTC)},
    {"at": dt.datetime(2025, 3, 25, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))},
    {"naive": dt.datetime(2025, 3, 25, 14, 5)},
    {"id": uuid.UUID("12345678-1234-5678-1234-567812345678"), "amount": Decimal("12.50")},
    {"nested": {"deep": [[{"a": [None, True]}]]}, "empty": {}, "none": []},
    {"quote": 'he said "go"\\ and \n left\t', "control": "\x01"},
    {"detail": gettext_lazy("Invalid input.")},
]


@pytest.mark.parametrize("data", SAME_BYTES)
def test_writes_the_same_bytes_as_drf(data: object) -> None:
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_lazy_translations_are_written_in_the_active_language() -> None:
    data = {"detail": gettext_lazy("Invalid input.")}
    with override("fr"):
        written = JSONRenderer().render(data)
        assert written == DRFJSONRenderer().render(data)
    assert json.loads(written)["detail"] != "Invalid input."


def test_floats_keep_their_value() -> None:
    data = [0.1, 18.5432, -72.3381, 1e16, 1.5e-7, 123456789.123]
    assert json.loads(JSONRenderer().render(data)) == data


@pytest.mark.parametrize(
    "data", [{1: "integer key"}, {"big": 2**70}], ids=["integer-key", "big-integer"]
)
def test_what_orjson_refuses_is_written_by_drf(data: object) -> None:
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_nan_is_written_as_null() -> None:
    # The one difference from DRF's strict encoder, which raised an error instead.
    assert JSONRenderer().render({"x": float("nan")}) == b'{"x":null}'


@pytest.mark.parametrize("data", [{"x": object()}, {"x": {(1, 2): "tuple key"}}])
def test_what_neither_can_write_raises_as_before(data: object) -> None:
    with pytest.raises(TypeError):
        DRFJSONRenderer().render(data)
    with pytest.raises(TypeError):
        JSONRenderer().render(data)


def test_indented_json_when_asked() -> None:
    data = {"a": [1, 2]}
    asked = JSONRenderer().render(data, "application/json; indent=2")
    assert asked == DRFJSONRenderer().render(data, "application/json; indent=2")
    assert b"\n" in asked
    assert JSONRenderer().render(data, None, {"indent": 4}) == DRFJSONRenderer().render(
        data, None, {"indent": 4}
    )


def test_nothing_for_none() -> None:
    assert JSONRenderer().render(None) == b""


@pytest.mark.django_db
def test_the_api_answers_through_it(cast: dict[str, Any], api_as: Any) -> None:
    response = api_as(cast["analyst"]).get("/api/v1/incidents/?page_size=5")
    assert response.status_code == 200
    assert type(response.accepted_renderer) is JSONRenderer
    assert response.content == DRFJSONRenderer().render(response.data)
    assert api_as(None).get("/api/v1/incidents/").json()["detail"]
