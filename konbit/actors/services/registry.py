"""Writes to the registry: groups, persons, and the sourced statements about them
(aliases, strength, status, relations, territory, designations).

Each service validates the part's rules, writes in one transaction and appends the
audit entry in it (``core.services``). The rules that matter to the resolver: a
group's name or alias gives a key (``names.name_key``) that no other group may use,
or an ACLED name would be linked to whichever group came first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.actors.models import (
    ArmedGroup,
    Designation,
    GroupAlias,
    GroupKind,
    Person,
    PersonAlias,
    Relation,
    RelationKind,
    StatusChange,
    StrengthEstimate,
    Territory,
)
from konbit.actors.names import name_key
from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction, TrackedModel
from konbit.core.services import M2M, lock_for_update, record_create, record_delete, record_update

if TYPE_CHECKING:
    from konbit.accounts.models import User

T = TypeVar("T", bound=TrackedModel)

# The registry's kinds of records, by the name the API and pages use.
STATEMENTS: dict[str, type[TrackedModel]] = {
    "alias": GroupAlias,
    "strength": StrengthEstimate,
    "status": StatusChange,
    "relation": Relation,
    "territory": Territory,
    "designation": Designation,
    "person_alias": PersonAlias,
}


def _key_owner(key: str, *, except_group: ArmedGroup | None) -> ArmedGroup | None:
    """The other group whose name or an alias already gives ``key``."""
    others = ArmedGroup.objects.exclude(pk=except_group.pk) if except_group else ArmedGroup.objects
    owner = others.filter(name_norm=key).first()
    if owner is None:
        alias = GroupAlias.objects.filter(name_norm=key).select_related("group")
        if except_group is not None:
            alias = alias.exclude(group=except_group)
        found = alias.first()
        owner = found.group if found else None
    return owner


def _check_key(name: str, *, group: ArmedGroup | None, field: str) -> str:
    key = name_key(name)
    if not key:
        raise DomainError(
            _("A name needs at least one letter or digit."), errors={field: [_("Empty name.")]}
        )
    owner = _key_owner(key, except_group=group)
    if owner is not None:
        message = _("“%(name)s” reads the same as a name of %(group)s.") % {
            "name": name,
            "group": owner.name,
        }
        raise DomainError(message, errors={field: [message]})
    return key


# --- groups ------------------------------------------------------------------------------


def group_create(
    *, actor: User, data: Mapping[str, Any], base_communes: Iterable[Any] = ()
) -> ArmedGroup:
    """Add a group; its name may not read like another group's name or alias."""
    with transaction.atomic():
        key = _check_key(str(data.get("name", "")), group=None, field="name")
        return record_create(
            actor=actor,
            model=ArmedGroup,
            data={**data, "name_norm": key},
            m2m={"base_communes": list(base_communes)},
        )


def group_update(
    *,
    actor: User,
    group: ArmedGroup,
    data: Mapping[str, Any],
    version: int | None,
    base_communes: Iterable[Any] | None = None,
) -> ArmedGroup:
    """Change a group (``version`` is the one the caller read)."""
    with transaction.atomic():
        changes = dict(data)
        if "name" in changes:
            changes["name_norm"] = _check_key(str(changes["name"]), group=group, field="name")
        m2m: M2M | None = None
        if base_communes is not None:
            m2m = {"base_communes": list(base_communes)}
        return record_update(actor=actor, instance=group, data=changes, version=version, m2m=m2m)


def group_delete(*, actor: User, group: ArmedGroup, version: int | None) -> None:
    """Delete a group with every statement about it; its actor names become unresolved."""
    record_delete(actor=actor, instance=group, version=version)


@transaction.atomic
def release_to_hnp(*, actor: User, record: T, version: int | None) -> T:
    """Share a group or a person with the HNP: an explicit action of hq_staff or
    mission_admin, recorded as a release in the audit trail. Releasing twice is a
    no-op."""
    perm = (
        "actors.release_armedgroup" if isinstance(record, ArmedGroup) else "actors.release_person"
    )
    if not actor.has_perm(perm):
        raise DomainError(_("You may not release this record to the HNP."))
    locked = lock_for_update(record, version=version)
    if locked.released_to_hnp:  # type: ignore[attr-defined]
        return locked
    locked.released_to_hnp = True  # type: ignore[attr-defined]
    locked.released_at = timezone.now()  # type: ignore[attr-defined]
    locked.released_by = actor  # type: ignore[attr-defined]
    locked.updated_by = actor
    locked.version += 1
    locked.save(
        update_fields=[
            "released_to_hnp",
            "released_at",
            "released_by",
            "updated_by",
            "version",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.RELEASE,
        target=locked,
        changes={"released_to_hnp": [False, True]},
        detail="released to the HNP",
    )
    return locked


# --- persons -----------------------------------------------------------------------------


def person_create(*, actor: User, data: Mapping[str, Any]) -> Person:
    """Add a person of interest."""
    name = str(data.get("name", ""))
    return record_create(actor=actor, model=Person, data={**data, "name_norm": name_key(name)})


def person_update(
    *, actor: User, person: Person, data: Mapping[str, Any], version: int | None
) -> Person:
    """Change a person of interest (``version`` is the one the caller read)."""
    changes = dict(data)
    if "name" in changes:
        changes["name_norm"] = name_key(str(changes["name"]))
    return record_update(actor=actor, instance=person, data=changes, version=version)


def person_delete(*, actor: User, person: Person, version: int | None) -> None:
    record_delete(actor=actor, instance=person, version=version)


# --- statements ----------------------------------------------------------------------


def _check_statement(
    model: type[TrackedModel], data: dict[str, Any], instance: TrackedModel | None
) -> dict[str, Any]:
    """The rules of each kind of statement, beyond the model's own constraints.
    Returns the data to write (with derived fields)."""
    merged = {**({} if instance is None else _values(instance)), **data}
    if model is GroupAlias:
        group = merged.get("group")
        data["name_norm"] = _check_key(str(merged.get("name", "")), group=group, field="name")
    elif model is Relation:
        _check_relation(merged)
    elif model is Territory:
        section, commune = merged.get("section"), merged.get("commune")
        if section is not None and commune is not None and section.commune_id != commune.pk:
            message = _("This communal section is not in the commune.")
            raise DomainError(message, errors={"section": [message]})
    elif model is StatusChange:
        group, on = merged.get("group"), merged.get("on")
        if group is not None and on is not None and group.founded_on and on < group.founded_on:
            message = _("A status cannot change before the group was founded (%(date)s).") % {
                "date": group.founded_on
            }
            raise DomainError(message, errors={"on": [message]})
    return data


def _values(instance: TrackedModel) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.is_relation:
            values[field.name] = getattr(instance, field.name)
        else:
            values[field.name] = getattr(instance, field.attname)
    return values


def _check_relation(merged: Mapping[str, Any]) -> None:
    """A group is a member only of a coalition, and no membership in a coalition
    starts before the coalition was founded (announced)."""
    kind, group = merged.get("kind"), merged.get("group")
    member, person = merged.get("member_group"), merged.get("person")
    if group is None:
        return
    if kind == RelationKind.MEMBERSHIP and member is not None and group.kind != GroupKind.COALITION:
        message = _("A group can only be a member of a coalition.")
        raise DomainError(message, errors={"group": [message]})
    if kind != RelationKind.MEMBERSHIP and person is not None:
        message = _("A person can only be a member of a group.")
        raise DomainError(message, errors={"kind": [message]})
    if kind != RelationKind.MEMBERSHIP and member is None:
        message = _("An alliance or a rivalry is between two groups.")
        raise DomainError(message, errors={"member_group": [message]})
    starts = merged.get("starts_on")
    if (
        kind == RelationKind.MEMBERSHIP
        and group.kind == GroupKind.COALITION
        and group.founded_on
        and starts is not None
        and starts < group.founded_on
    ):
        message = _("Nobody is a member of %(group)s before it existed (%(date)s).") % {
            "group": group.name,
            "date": group.founded_on,
        }
        raise DomainError(message, errors={"starts_on": [message]})


def statement_create(
    *, actor: User, model: type[T], data: Mapping[str, Any], m2m: M2M | None = None
) -> T:
    """Add a sourced statement (an alias, a relation, a territory...) after checking
    the rules of its kind."""
    with transaction.atomic():
        checked = _check_statement(model, dict(data), None)
        return record_create(actor=actor, model=model, data=checked, m2m=m2m)


def statement_update(
    *,
    actor: User,
    statement: T,
    data: Mapping[str, Any],
    version: int | None,
    m2m: M2M | None = None,
) -> T:
    """Change a sourced statement (``version`` is the one the caller read)."""
    with transaction.atomic():
        checked = _check_statement(type(statement), dict(data), statement)
        return record_update(
            actor=actor, instance=statement, data=checked, version=version, m2m=m2m
        )


def statement_delete(*, actor: User, statement: TrackedModel, version: int | None) -> None:
    record_delete(actor=actor, instance=statement, version=version)
