"""The registry as FollowTheMoney entities (JSON lines), the format investigators
load into Aleph: groups as Organization, persons as Person, memberships (of persons
in groups and of groups in coalitions) as Membership, alliances and rivalries as
UnknownLink, designations as Sanction.

Only what the reader may see goes out: the caller passes querysets scoped by the
policies, and persons only to a reader of persons.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from konbit.actors.models import (
    ArmedGroup,
    DatePrecision,
    Designation,
    Person,
    Relation,
    RelationKind,
)

SCHEMAS = ("Organization", "Person", "Membership", "UnknownLink", "Sanction")


def entity_id(kind: str, pk: Any) -> str:
    return f"konbit-{kind}-{pk}"


def _date(value: Any, precision: str = DatePrecision.DAY) -> list[str]:
    if value is None:
        return []
    text = value.isoformat()
    return [
        text[:4]
        if precision == DatePrecision.YEAR
        else text[:7]
        if precision == DatePrecision.MONTH
        else text
    ]


def _url(source: str) -> list[str]:
    return [source] if source.startswith(("http://", "https://")) else []


def _entity(schema: str, pk: str, properties: dict[str, list[str]]) -> dict[str, Any]:
    return {"id": pk, "schema": schema, "properties": {k: v for k, v in properties.items() if v}}


def organization(group: ArmedGroup) -> dict[str, Any]:
    return _entity(
        "Organization",
        entity_id("group", group.pk),
        {
            "name": [group.name],
            "alias": [alias.name for alias in group.aliases.all()],
            "country": ["ht"],
            "incorporationDate": _date(group.founded_on, group.founded_precision),
            "dissolutionDate": _date(group.dissolved_on),
            "description": [group.description] if group.description else [],
            "legalForm": [group.get_kind_display()],
            "topics": ["crime"],
        },
    )


def person(record: Person) -> dict[str, Any]:
    return _entity(
        "Person",
        entity_id("person", record.pk),
        {
            "name": [record.name],
            "alias": [alias.name for alias in record.aliases.all()],
            "birthDate": _date(record.born_on, record.born_precision),
            "description": [record.description] if record.description else [],
            "topics": ["crime"],
        },
    )


def link(relation: Relation) -> dict[str, Any]:
    subject = (
        entity_id("person", relation.person_id)
        if relation.person_id
        else entity_id("group", relation.member_group_id)
    )
    dates = {"startDate": _date(relation.starts_on), "endDate": _date(relation.ends_on)}
    if relation.kind == RelationKind.MEMBERSHIP:
        return _entity(
            "Membership",
            entity_id("relation", relation.pk),
            {
                "member": [subject],
                "organization": [entity_id("group", relation.group_id)],
                "role": [relation.get_role_display()] if relation.role else [],
                "sourceUrl": _url(relation.source),
                **dates,
            },
        )
    return _entity(
        "UnknownLink",
        entity_id("relation", relation.pk),
        {
            "subject": [subject],
            "object": [entity_id("group", relation.group_id)],
            "role": [relation.get_kind_display()],
            **dates,
        },
    )


def sanction(designation: Designation) -> dict[str, Any]:
    target = (
        entity_id("person", designation.person_id)
        if designation.person_id
        else entity_id("group", designation.group_id)
    )
    return _entity(
        "Sanction",
        entity_id("designation", designation.pk),
        {
            "entity": [target],
            "authority": [designation.get_authority_display()],
            "program": [designation.programme],
            "reason": [designation.instrument],
            "authorityId": [designation.reference] if designation.reference else [],
            "listingDate": _date(designation.listed_on),
            "startDate": _date(designation.listed_on),
            "endDate": _date(designation.delisted_on),
            "sourceUrl": _url(designation.source),
        },
    )


def lines(
    *,
    groups: Iterable[ArmedGroup],
    persons: Iterable[Person],
    relations: Iterable[Relation],
    designations: Iterable[Designation],
) -> Iterator[str]:
    """One JSON entity a line; every entity a link points to is in the file."""
    group_ids, person_ids = set(), set()
    for group in groups:
        group_ids.add(group.pk)
        yield json.dumps(organization(group), ensure_ascii=False) + "\n"
    for record in persons:
        person_ids.add(record.pk)
        yield json.dumps(person(record), ensure_ascii=False) + "\n"
    for relation in relations:
        ends = {relation.group_id, relation.member_group_id} - {None}
        if ends <= group_ids and (relation.person_id is None or relation.person_id in person_ids):
            yield json.dumps(link(relation), ensure_ascii=False) + "\n"
    for designation in designations:
        if designation.group_id in group_ids or designation.person_id in person_ids:
            yield json.dumps(sanction(designation), ensure_ascii=False) + "\n"
