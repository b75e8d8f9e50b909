"""Writes of the actor-name table and the incident links it produces.

``actor_names_refresh`` reads every incident's actor cells (ACLED's actor 1 and 2,
their associated actors separated by ";", and the mission's free-text armed group),
counts the events of each distinct name, adds the new names (linked automatically
when their key is one group's, else suggested or unresolved) and brings the links of
incidents to groups in line with the linked names. A person then confirms or rejects
suggestions, or links a name by hand; each decision relinks all the name's
incidents at once, and later imports follow it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    IncidentGroupLink,
    LinkMethod,
    LinkRole,
)
from konbit.actors.names import name_key, split_cell
from konbit.actors.resolution import Match, Matcher
from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction
from konbit.core.services import lock_for_update
from konbit.operations.models import Incident

if TYPE_CHECKING:
    from konbit.accounts.models import User

# The incident's cells that name actors, and the role a name found there plays.
CELLS = (
    ("actor1", LinkRole.ACTOR1),
    ("assoc_actor_1", LinkRole.ASSOC1),
    ("actor2", LinkRole.ACTOR2),
    ("assoc_actor_2", LinkRole.ASSOC2),
    ("armed_group", LinkRole.ASSOCIATED),
)
_MAX_NAME = ActorName._meta.get_field("name").max_length or 300
_BATCH = 5000


def _names_in(row: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(name, role) for each name in one incident's cells (``row`` after its id)."""
    for (_cell, role), text in zip(CELLS, row, strict=True):
        if not text:
            continue
        if role in (LinkRole.ACTOR1, LinkRole.ACTOR2):
            yield text.strip()[:_MAX_NAME], role
        else:
            for name in split_cell(text):
                yield name[:_MAX_NAME], role


def _scan(rows: Iterable[tuple[Any, ...]]) -> tuple[Counter[str], dict[str, list[tuple[Any, str]]]]:
    """Events per name, and each name's (incident id, role) occurrences, from rows of
    (incident id, *cells)."""
    events: Counter[str] = Counter()
    seen: dict[str, list[tuple[Any, str]]] = {}
    # Incidents repeat the same cells (a gang's events name it the same way): each
    # distinct set of cells is split once.
    split: dict[tuple[Any, ...], tuple[list[tuple[str, str]], set[str]]] = {}
    for incident_id, *cells in rows:
        key = tuple(cells)
        found = split.get(key)
        if found is None:
            pairs = [(name, role) for name, role in _names_in(cells) if name]
            found = split[key] = (pairs, {name for name, _role in pairs})
        for name, role in found[0]:
            seen.setdefault(name, []).append((incident_id, role))
        events.update(found[1])
    return events, seen


def _raw(sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows of ``sql`` straight from the cursor, ids as text: the resolver reads
    every incident and every link, and turning 300,000 ids into UUID objects (the
    ORM's converters) would cost more than the rest of the work together."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(_BATCH):
            yield from rows


def _all_incidents() -> Iterator[tuple[Any, ...]]:
    table = Incident._meta.db_table
    cells = ", ".join(connection.ops.quote_name(cell) for cell, _role in CELLS)
    return _raw(f"SELECT CAST(id AS TEXT), {cells} FROM {table}")  # noqa: S608 (model names)


def _apply(row: ActorName, match: Match | None) -> None:
    if match is None:
        row.group, row.suggested_group, row.reason, row.link_method = None, None, "", ""
    elif match.exact:
        row.group_id, row.suggested_group, row.link_method = (
            match.group_id,
            None,
            LinkMethod.AUTOMATIC,
        )
        row.reason = match.reason
    else:
        row.group, row.suggested_group_id, row.link_method = None, match.group_id, ""
        row.reason = match.reason


@transaction.atomic
def actor_names_refresh(*, actor: User) -> dict[str, int]:
    """Bring the actor-name table and the incidents' links in line with the incidents
    and the registry. Names nobody decided on are matched again (a new alias may
    link them); decisions of a person stay. Returns counts for the caller."""
    events, seen = _scan(_all_incidents())
    matcher = Matcher()
    existing = {row.name: row for row in ActorName.objects.prefetch_related("rejected_groups")}
    new_rows, changed = [], []
    for name, count in events.items():
        row = existing.get(name)
        if row is None:
            row = ActorName(name=name, name_norm=name_key(name)[:_MAX_NAME], events=count)
            row.created_by = row.updated_by = actor
            _apply(row, matcher.match(name))
            new_rows.append(row)
            continue
        before = (row.events, row.group_id, row.suggested_group_id, row.reason)
        row.events = count
        if row.decided_by_id is None:
            rejected = frozenset(g.pk for g in row.rejected_groups.all())
            _apply(row, matcher.match(name, rejected))
        if before != (row.events, row.group_id, row.suggested_group_id, row.reason):
            changed.append(row)
    for name, row in existing.items():
        if name not in events and row.events:
            row.events = 0
            changed.append(row)
    ActorName.objects.bulk_create(new_rows, batch_size=_BATCH)
    ActorName.objects.bulk_update(
        changed,
        ["events", "group", "suggested_group", "reason", "link_method"],
        batch_size=_BATCH,
    )
    # The linked names with their ids as the database writes them as text (as the
    # incidents' and links' ids are read).
    names_table = ActorName._meta.db_table
    linked = {
        name: (name_pk, group_pk)
        for name_pk, name, group_pk in _raw(
            f"SELECT CAST(id AS TEXT), name, CAST(group_id AS TEXT) FROM {names_table} "  # noqa: S608
            "WHERE group_id IS NOT NULL"
        )
    }
    added, removed = _sync_links(seen, linked)
    counts = {
        "names": len(events),
        "new": len(new_rows),
        "linked": sum(1 for name in events if name in linked),
        "links_added": added,
        "links_removed": removed,
    }
    if not (new_rows or changed or added or removed):
        return counts  # nothing changed: nothing to record
    audit.record(
        actor=actor,
        action=AuditAction.OTHER,
        domain="actors",
        target_type="actors.actorname",
        target_id="",
        target_repr=_("actor names"),
        detail="refresh: " + ", ".join(f"{k}={v}" for k, v in counts.items()),
    )
    return counts


def _sync_links(
    seen: dict[str, list[tuple[Any, str]]], linked: dict[str, tuple[Any, Any]]
) -> tuple[int, int]:
    """Make the name-made links exactly those of the linked names' occurrences."""
    wanted: dict[tuple[Any, Any, str], Any] = {}
    for name, (name_pk, group_pk) in linked.items():
        for incident_id, role in seen.get(name, ()):
            wanted.setdefault((incident_id, group_pk, role), name_pk)
    links_table = IncidentGroupLink._meta.db_table
    have = {
        (incident, group, role): (pk, name)
        for pk, incident, group, role, name in _raw(
            "SELECT id, CAST(incident_id AS TEXT), CAST(group_id AS TEXT), role, "  # noqa: S608
            f"CAST(actor_name_id AS TEXT) FROM {links_table} WHERE actor_name_id IS NOT NULL"
        )
    }
    stale = [pk for key, (pk, name) in have.items() if wanted.get(key) != name]
    for start in range(0, len(stale), _BATCH):
        IncidentGroupLink.objects.filter(pk__in=stale[start : start + _BATCH]).delete()
    keep = {key for key, (_pk, name) in have.items() if wanted.get(key) == name}
    new = [(i, g, r, n) for (i, g, r), n in wanted.items() if (i, g, r) not in keep]
    _insert_links(new)
    return len(new), len(stale)


def _insert_links(rows: list[tuple[Any, Any, str, Any]]) -> None:
    """Insert (incident id, group id, role, actor name id) rows, ids as the database
    writes them as text, skipping any that exists (a link a person set by hand on
    the same incident, group and role stays). Plain ``executemany``: the ORM's
    ``bulk_create`` would build a model and convert three ids per row, most of the
    resolver's time on a first import."""
    if not rows:
        return
    ops = connection.ops
    table = ops.quote_name(IncidentGroupLink._meta.db_table)
    fields: list[Any] = [
        IncidentGroupLink._meta.get_field(n) for n in ("incident", "group", "role", "actor_name")
    ]
    columns = ", ".join(ops.quote_name(str(f.column)) for f in fields)
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    sql = (
        f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {table} ({columns}) "
        f"VALUES (%s, %s, %s, %s) {suffix}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start : start + _BATCH])


def _occurrences(name: str) -> list[tuple[Any, str]]:
    """(incident id, role) of every incident that names ``name``, found by the
    database (equal cells, or cells holding it) and checked by splitting the cells."""
    incidents = Incident.objects.order_by()
    candidates = incidents.filter(**{"actor1": name}) | incidents.filter(actor2=name)
    for cell, _role in CELLS:
        if cell not in ("actor1", "actor2"):
            candidates = candidates | incidents.filter(**{f"{cell}__contains": name})
    columns = [cell for cell, _role in CELLS]
    _events, seen = _scan(candidates.values_list("id", *columns).iterator(chunk_size=_BATCH))
    return seen.get(name, [])


def _relink(name: ActorName) -> None:
    """Rewrite the links of one name's incidents after its group changed."""
    name.links.all().delete()
    if name.group_id is None:
        return
    _sync_one(name, _occurrences(name.name))


@transaction.atomic
def incidents_saved(*, actor: User, ids: Iterable[Any]) -> dict[str, int]:
    """Incidents entered or changed by hand: their actor names resolve at once, as an
    import's would. A name seen for the first time joins the table (linked when its
    key is one group's, else suggested or unresolved); the incidents' links follow
    the linked names; the events of every name they name, or named, are counted
    again. Decisions of a person stay."""
    ids = list(ids)
    columns = [cell for cell, _role in CELLS]
    _events, seen = _scan(Incident.objects.filter(pk__in=ids).values_list("id", *columns))
    before = set(
        ActorName.objects.filter(links__incident_id__in=ids).values_list("name", flat=True)
    )
    existing = {row.name: row for row in ActorName.objects.filter(name__in=set(seen) | before)}
    matcher: Matcher | None = None
    new_rows = []
    for name in seen:
        if name in existing:
            continue
        matcher = matcher or Matcher()
        row = ActorName(name=name, name_norm=name_key(name)[:_MAX_NAME], events=0)
        row.created_by = row.updated_by = actor
        _apply(row, matcher.match(name))
        new_rows.append(row)
    ActorName.objects.bulk_create(new_rows, batch_size=_BATCH)
    rows = [*existing.values(), *new_rows]
    for row in rows:
        row.events = len({incident for incident, _role in _occurrences(row.name)})
    ActorName.objects.bulk_update(rows, ["events"], batch_size=_BATCH)
    # The name-made links of these incidents are exactly their linked names' (a link
    # a person set by hand stays).
    IncidentGroupLink.objects.filter(incident_id__in=ids, actor_name__isnull=False).delete()
    links = [
        IncidentGroupLink(incident_id=incident, group_id=row.group_id, role=role, actor_name=row)
        for row in rows
        if row.group_id is not None
        for incident, role in seen.get(row.name, ())
    ]
    IncidentGroupLink.objects.bulk_create(links, batch_size=_BATCH, ignore_conflicts=True)
    return {"names": len(seen), "new": len(new_rows), "links": len(links)}


def _sync_one(name: ActorName, occurrences: Iterable[tuple[Any, str]]) -> None:
    group_id = name.group_id
    assert group_id is not None
    rows = {
        (incident_id, role): IncidentGroupLink(
            incident_id=incident_id, group_id=group_id, role=role, actor_name=name
        )
        for incident_id, role in occurrences
    }
    IncidentGroupLink.objects.bulk_create(rows.values(), batch_size=_BATCH, ignore_conflicts=True)


def _decide(
    *, actor: User, name: ActorName, version: int | None, group: ArmedGroup | None, method: str
) -> ActorName:
    if not actor.has_perm("actors.resolve_actorname"):
        raise DomainError(_("You may not decide on actor names."))
    locked = lock_for_update(name, version=version)
    before = {
        "group": str(locked.group_id or ""),
        "suggested_group": str(locked.suggested_group_id or ""),
    }
    locked.group = group
    locked.link_method = method if group is not None else ""
    locked.suggested_group = None
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.updated_by = actor
    locked.version += 1
    locked.save()
    _relink(locked)
    after = {"group": str(locked.group_id or ""), "suggested_group": ""}
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=locked,
        changes=audit.diff(before, after),
        detail=f"{method}: {locked.links.count()} incidents linked",
    )
    return locked


@transaction.atomic
def actor_name_confirm(*, actor: User, name: ActorName, version: int | None) -> ActorName:
    """Accept the suggested group: the name and all its incidents (past and future
    imports) are linked to it."""
    if name.suggested_group_id is None:
        raise DomainError(_("This name has no suggestion to confirm."))
    group = ArmedGroup.objects.get(pk=name.suggested_group_id)
    return _decide(
        actor=actor, name=name, version=version, group=group, method=LinkMethod.CONFIRMED
    )


@transaction.atomic
def actor_name_reject(*, actor: User, name: ActorName, version: int | None) -> ActorName:
    """Turn the suggestion down: that group is never suggested again for this name.
    The next best suggestion, if any, takes its place for a person to decide."""
    if not actor.has_perm("actors.resolve_actorname"):
        raise DomainError(_("You may not decide on actor names."))
    locked = lock_for_update(name, version=version)
    if locked.suggested_group is None:
        raise DomainError(_("This name has no suggestion to reject."))
    turned_down = locked.suggested_group
    locked.rejected_groups.add(turned_down)
    rejected = frozenset(locked.rejected_groups.values_list("pk", flat=True))
    match = Matcher().match(locked.name, rejected)
    # A rejection never ends in an automatic link: what is left is a suggestion.
    locked.suggested_group_id = match.group_id if match else None
    locked.reason = match.reason if match else ""
    locked.updated_by = actor
    locked.version += 1
    locked.save(update_fields=["suggested_group", "reason", "updated_by", "version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=locked,
        changes={"rejected_groups": [None, str(turned_down.pk)]},
        detail=f"rejected suggestion {turned_down.name}",
    )
    return locked


@transaction.atomic
def actor_name_link(
    *, actor: User, name: ActorName, group: ArmedGroup | None, version: int | None
) -> ActorName:
    """Link a name to a group chosen by a person (or unlink it with ``group=None``)."""
    return _decide(actor=actor, name=name, version=version, group=group, method=LinkMethod.MANUAL)
