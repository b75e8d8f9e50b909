"""Demo registry: the coalitions, gangs, leaders, designations and dated territories
of DOMAIN.md section 3, the statement's three destabilized gangs with their status
change and its evidence, and the aliases that link the demo's incidents (resolved at
the end). Loading twice changes nothing."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from konbit.actors import demo_data as facts
from konbit.actors.models import (
    ArmedGroup,
    Designation,
    GroupAlias,
    Person,
    PersonAlias,
    Relation,
    StatusChange,
    StrengthEstimate,
    Territory,
)
from konbit.actors.names import name_key
from konbit.actors.services.resolver import actor_names_refresh
from konbit.core.services import record_upsert
from konbit.operations.models import Incident, JointOperation
from konbit.places.models import CommunalSection, Commune

if TYPE_CHECKING:
    from konbit.accounts.models import User

ORDER = 300  # after operations (incidents and joint operations are evidence)
# The operations demo keys its mission reports by this namespace and a slug.
_INCIDENT_NAMESPACE = uuid.UUID("5f0c2e58-7c47-4a8e-9f61-2a0c3f7d2699")


def _graded(source: str, grade: dict[str, Any]) -> dict[str, Any]:
    return {"source": source, **grade}


def load(*, actor: User, out: Any) -> None:
    groups: dict[str, ArmedGroup] = {}
    for spec in facts.GROUPS:
        data = {
            "name_norm": name_key(spec["name"]),
            "kind": spec["kind"],
            "founded_on": spec.get("founded_on"),
            "founded_precision": spec.get("founded_precision", "day"),
            "operational_on": spec.get("operational_on"),
            "description": spec["description"],
        }
        communes = list(Commune.objects.filter(pcode__in=spec["communes"]))
        group, _state = record_upsert(
            actor=actor,
            model=ArmedGroup,
            lookup={"name": spec["name"]},
            data=data,
            m2m={"base_communes": communes},
        )
        groups[group.name] = group
        for alias, language, kind, source, grade in spec["aliases"]:
            record_upsert(
                actor=actor,
                model=GroupAlias,
                lookup={"group": group, "name": alias},
                data={
                    "name_norm": name_key(alias),
                    "language": language,
                    "kind": kind,
                    **_graded(source, grade),
                },
            )
    persons = _persons(actor)
    _statements(actor, groups, persons)
    counts = actor_names_refresh(actor=actor)
    out.write(
        f"actors: {len(groups)} groups, {len(persons)} persons; "
        f"{counts['linked']} of {counts['names']} actor names linked\n"
    )


def _persons(actor: User) -> dict[str, Person]:
    persons: dict[str, Person] = {}
    for spec in facts.PERSONS:
        person, _state = record_upsert(
            actor=actor,
            model=Person,
            lookup={"name": spec["name"]},
            data={
                "name_norm": name_key(spec["name"]),
                "born_on": spec.get("born_on"),
                "born_precision": spec.get("born_precision", "day"),
                "description": spec.get("description", ""),
            },
        )
        persons[person.name] = person
        for alias, language in spec["aliases"]:
            record_upsert(
                actor=actor,
                model=PersonAlias,
                lookup={"person": person, "name": alias},
                data={"language": language, **_graded(spec["source"], spec["grade"])},
            )
    return persons


def _subject(
    ref: tuple[str, str], groups: dict[str, ArmedGroup], persons: dict[str, Person]
) -> dict[str, Any]:
    kind, name = ref
    return {"person": persons[name]} if kind == "person" else {"group": groups[name]}


def _statements(actor: User, groups: dict[str, ArmedGroup], persons: dict[str, Person]) -> None:
    for name, status, on, reason, source, grade, slugs, operations in facts.STATUS:
        keys = [f"mission:{uuid.uuid5(_INCIDENT_NAMESPACE, slug)}" for slug in slugs]
        record_upsert(
            actor=actor,
            model=StatusChange,
            lookup={"group": groups[name], "on": on},
            data={"status": status, "reason": reason, **_graded(source, grade)},
            m2m={
                "evidence_incidents": list(Incident.objects.filter(source_key__in=keys)),
                "evidence_operations": list(JointOperation.objects.filter(name__in=operations)),
            },
        )
    for kind, subject, group, role, starts, ends, source, grade, note in facts.RELATIONS:
        who = _subject(subject, groups, persons)
        lookup = {
            "kind": kind,
            "group": groups[group],
            "person": who.get("person"),
            "member_group": who.get("group"),
        }
        data = {"role": role, "starts_on": starts, "ends_on": ends, "note": note}
        record_upsert(
            actor=actor, model=Relation, lookup=lookup, data={**data, **_graded(source, grade)}
        )
    for group, commune, section, control, starts, ends, source, grade in facts.TERRITORIES:
        record_upsert(
            actor=actor,
            model=Territory,
            lookup={
                "group": groups[group],
                "commune": Commune.objects.get(pcode=commune),
                "section": CommunalSection.objects.get(pcode=section) if section else None,
                "starts_on": starts,
            },
            data={"control": control, "ends_on": ends, **_graded(source, grade)},
        )
    for (
        target,
        authority,
        programme,
        instrument,
        listed,
        reference,
        source,
        grade,
    ) in facts.DESIGNATIONS:
        who = _subject(target, groups, persons)
        record_upsert(
            actor=actor,
            model=Designation,
            lookup={
                "group": who.get("group"),
                "person": who.get("person"),
                "authority": authority,
                "programme": programme,
                "listed_on": listed,
            },
            data={"instrument": instrument, "reference": reference, **_graded(source, grade)},
        )
    for group, on, low, high, source, grade in facts.STRENGTHS:
        record_upsert(
            actor=actor,
            model=StrengthEstimate,
            lookup={"group": groups[group], "on": on},
            data={"low": low, "high": high, **_graded(source, grade)},
        )
