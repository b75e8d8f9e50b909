"""The FtM export of the demo registry checked against FollowTheMoney's schema rules.

The ``followthemoney`` package is not installed: it brings pydantic, rdflib,
SQLAlchemy, PyICU (compiled) and a newer mypy into the environment for one check.
Its rules for the five schemas the export writes are restated here from the
package's model (``followthemoney/schema/*.yaml``): which properties each schema has
(with those it inherits: Thing, LegalEntity, Interval, Interest), which it requires,
the range of its entity properties, and the shape of dates, countries and topics.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest

from konbit.accounts.services import system_user
from konbit.actors import demo
from konbit.forces import demo as forces_demo
from konbit.operations import demo as operations_demo

pytestmark = pytest.mark.django_db

_THING = {
    "name": "name",
    "alias": "name",
    "previousName": "name",
    "weakAlias": "name",
    "country": "country",
    "summary": "text",
    "notes": "text",
    "description": "text",
    "sourceUrl": "url",
    "keywords": "string",
    "topics": "topic",
    "program": "string",
    "createdAt": "date",
    "modifiedAt": "date",
}
_LEGAL_ENTITY = {
    **_THING,
    "email": "email",
    "legalForm": "string",
    "incorporationDate": "date",
    "dissolutionDate": "date",
    "status": "string",
    "mainCountry": "country",
    "jurisdiction": "country",
}
_INTERVAL = {
    "startDate": "date",
    "endDate": "date",
    "date": "date",
    "summary": "string",
    "recordId": "string",
    "sourceUrl": "url",
}
_INTEREST = {**_INTERVAL, "role": "string", "status": "string"}
# schema: (parents, properties and their types, required, entity properties' ranges)
SCHEMAS: dict[str, tuple[set[str], dict[str, str], set[str], dict[str, str]]] = {
    "Organization": ({"Thing", "LegalEntity"}, _LEGAL_ENTITY, {"name"}, {}),
    "Person": (
        {"Thing", "LegalEntity"},
        {**_LEGAL_ENTITY, "birthDate": "date", "nationality": "country", "title": "string"},
        {"name"},
        {},
    ),
    "Membership": (
        {"Interval", "Interest"},
        {**_INTEREST, "member": "entity", "organization": "entity"},
        {"member", "organization"},
        {"member": "LegalEntity", "organization": "Organization"},
    ),
    "UnknownLink": (
        {"Interval", "Interest"},
        {**_INTEREST, "subject": "entity", "object": "entity"},
        {"subject", "object"},
        {"subject": "Thing", "object": "Thing"},
    ),
    "Sanction": (
        {"Interval"},
        {
            **_INTERVAL,
            "entity": "entity",
            "authority": "string",
            "authorityId": "identifier",
            "unscId": "identifier",
            "program": "string",
            "programId": "identifier",
            "provisions": "string",
            "status": "string",
            "reason": "text",
            "country": "country",
            "listingDate": "date",
        },
        {"entity"},
        {"entity": "Thing"},
    ),
}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[a-z]{2}$")
_TOPICS = {"crime", "crime.terror", "crime.war", "sanction", "role.pep", "role.rca", "poi"}


def problems_of(entities: list[dict[str, Any]]) -> list[str]:
    """Every break of the rules above, as "<id> <property>: what is wrong"."""
    by_id = {e.get("id"): e for e in entities}
    problems = []
    if len(by_id) != len(entities):
        problems.append("ids are not unique")
    for entity in entities:
        pk, schema = entity.get("id"), entity.get("schema")
        if not isinstance(pk, str) or not pk or schema not in SCHEMAS:
            problems.append(f"{pk}: bad id or unknown schema {schema}")
            continue
        _parents, props, required, ranges = SCHEMAS[schema]
        values: dict[str, Any] = entity.get("properties", {})
        problems += [f"{pk} {name}: required" for name in required if not values.get(name)]
        for name, given in values.items():
            kind = props.get(name)
            if kind is None:
                problems.append(f"{pk} {name}: not a property of {schema}")
                continue
            if not isinstance(given, list) or not all(isinstance(v, str) and v for v in given):
                problems.append(f"{pk} {name}: values must be a list of non-empty strings")
                continue
            for value in given:
                if kind == "date" and not _DATE.match(value):
                    problems.append(f"{pk} {name}: {value!r} is not an ISO date (prefix)")
                if kind == "country" and not _COUNTRY.match(value):
                    problems.append(f"{pk} {name}: {value!r} is not a country code")
                if kind == "topic" and value not in _TOPICS:
                    problems.append(f"{pk} {name}: {value!r} is not a topic")
                if kind == "url" and not value.startswith(("http://", "https://")):
                    problems.append(f"{pk} {name}: {value!r} is not a URL")
                if kind == "entity":
                    target = by_id.get(value)
                    wanted = ranges[name]
                    if target is None:
                        problems.append(f"{pk} {name}: {value} is not in the file")
                    elif wanted != "Thing" and not (
                        target["schema"] == wanted or wanted in SCHEMAS[target["schema"]][0]
                    ):
                        problems.append(f"{pk} {name}: {target['schema']} is not a {wanted}")
    return problems


def test_the_demo_registry_exports_as_valid_ftm(cast: dict[str, Any], api_as: Any) -> None:
    actor = system_user()
    forces_demo.load(actor=actor, out=io.StringIO())
    operations_demo.load(actor=actor, out=io.StringIO())
    demo.load(actor=actor, out=io.StringIO())
    response = api_as(cast["hq_staff"]).get("/api/v1/armed-groups/export/?fmt=ftm")
    assert response.status_code == 200
    entities = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert {e["schema"] for e in entities} >= {"Organization", "Person", "Membership", "Sanction"}
    assert problems_of(entities) == []
    # The rules catch what they should.
    broken = [
        {"id": "a", "schema": "Membership", "properties": {"member": ["b"]}},
        {"id": "b", "schema": "Person", "properties": {"name": ["X"], "birthDate": ["6 Jan"]}},
        {"id": "c", "schema": "Sanction", "properties": {"entity": ["a"], "colour": ["red"]}},
    ]
    assert len(problems_of(broken)) == 3


def test_the_analyst_and_oversight_get_no_export(cast: dict[str, Any], api_as: Any) -> None:
    for who in ("analyst", "oversight_officer"):
        response = api_as(cast[who]).get("/api/v1/armed-groups/export/?fmt=ftm")
        assert response.status_code == 404
