"""Writing a parsed ACLED file: the fast path.

One transaction; the existing keys fetched once per chunk; new events inserted with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) with UUIDs made here; changed events
(a newer ``timestamp``, or new content when the file has none) get their ACLED fields
updated, never the mission's; the commune of each distinct point computed once. One
ImportRun and one audit entry for the whole file: the rows point to the run.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core import audit
from konbit.core.bulk import (
    analyze,
    bulk_load,
    copy_rows,
    copy_stream,
    copy_text,
    paused_gc,
    settles_after_commit,
    should_rebuild,
    vacuum_after_load,
)
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction, ImportRun
from konbit.core.parts import part_hooks
from konbit.core.tabular import Problem, sha256_of
from konbit.operations import tally
from konbit.operations.acled import (
    HAITI,
    MISSION_PREFIX,
    ParseResult,
    parse,
    picker,
    texts_of,
)
from konbit.operations.models import ACLED_FIELDS, Incident, Origin
from konbit.operations.taxonomy import CATEGORY_FOR_SUB_EVENT

if TYPE_CHECKING:
    from konbit.accounts.models import User

CHUNK = 5000
ANALYZE_AFTER = 10_000
# The columns the lists, the map and the stats filter and group on: their statistics
# are refreshed after a large import (not those of the long texts).
PLANNER_FIELDS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "category",
    "commune_pcode",
    "perpetrator",
    "origin",
    "released_to_hnp",
    "verification",
    "operation",
    "reporting_contingent",
    "latitude",
    "longitude",
)
KIND = "acled"
# Per-row columns after the ACLED fields.
_ROW_EXTRA = (
    "id",
    "source_key",
    "commune_pcode",
    "commune_pcode_by_name",
    "category",
)
_ADMIN = ("admin1", "admin2", "admin3")
# The columns of ``_ROW_EXTRA`` an update sets.
_UPDATED = ("commune_pcode", "commune_pcode_by_name")


@dataclass
class ImportResult:
    run: ImportRun | None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    other_country: int = 0
    other_countries: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.run is None or self.run.status == ImportRun.Status.DONE


def _places(parsed: ParseResult) -> tuple[list[str], list[str]]:
    """Each event's commune P-code from its point (each distinct point located once),
    and the commune its admin names give where that differs (else ""). The gazetteer
    is Haiti's: an event of another country has neither, even a few kilometres over
    the border, where the nearest Haitian commune would otherwise be taken."""
    from konbit.places.geo import communes_at
    from konbit.places.selectors import commune_for_names

    if not parsed.count:
        return [], []
    # A point as a complex number: hashed in C, unlike a tuple.
    points: list[complex | None] = list(
        map(complex, parsed.column("latitude"), parsed.column("longitude"))
    )
    names: list[tuple[str, ...] | None] = list(
        zip(*(parsed.column(name) for name in _ADMIN), strict=True)
    )
    at_home = _in_haiti(parsed)
    if at_home is not None:  # abroad: no point to locate, no name to look up
        points = [point if home else None for point, home in zip(points, at_home, strict=True)]
        names = [found if home else None for found, home in zip(names, at_home, strict=True)]
    distinct = {point for point in points if point is not None}
    located = communes_at({(point.real, point.imag) for point in distinct})
    by_point: dict[complex | None, str] = {None: ""}
    by_point.update({point: located[(point.real, point.imag)].pcode or "" for point in distinct})
    pcodes = list(map(by_point.__getitem__, points))
    by_name: dict[tuple[str, ...] | None, str] = {None: ""}
    by_name.update({found: commune_for_names(*found) or "" for found in set(names) if found})
    named = map(by_name.__getitem__, names)
    return pcodes, [n if n != p else "" for n, p in zip(named, pcodes, strict=True)]


def _in_haiti(parsed: ParseResult) -> list[bool] | None:
    """Whether each event is Haiti's (by its country or ISO number; an event that
    names no country is taken as Haiti's), or None when all are."""
    countries = list(zip(parsed.column("country"), parsed.column("iso"), strict=True))
    home = {
        (name, number): HAITI.holds(name, "" if number is None else str(number), "") is not False
        for name, number in set(countries)
    }
    if all(home.values()):
        return None
    return list(map(home.__getitem__, countries))


def ordered_ids(count: int) -> list[str]:
    """``count`` new UUIDs (as 32 hex digits) that sort in the order they are made,
    in the layout of UUID version 7: 48-bit milliseconds, the version, then a 36-bit
    sequence around the variant bits, and 36 random bits. The primary-key index grows
    at its end instead of everywhere at once."""
    millis = f"{int(time.time() * 1000) & ((1 << 48) - 1):012x}"
    noise = os.urandom(5 * count).hex()
    return [
        f"{millis}7{i >> 24 & 0xFFF:03x}{8 | (i >> 22 & 0x3):x}{i & 0x3FFFFF:06x}"
        f"{noise[10 * i + 1 : 10 * i + 10]}"
        for i in range(count)
    ]


def _existing(keys: list[str]) -> dict[str, tuple[Any, Any]]:
    """The id and ACLED timestamp of the events of ``keys`` already stored: one query."""
    table = connection.ops.quote_name(Incident._meta.db_table)
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT source_key, id, acled_timestamp FROM {table} "  # noqa: S608
            f"WHERE source_key IN ({marks})",
            keys,
        )
        return {key: (pk, stamp) for key, pk, stamp in cursor.fetchall()}


def _stored_texts(pks: list[Any]) -> dict[Any, tuple[str, ...]]:
    """The ACLED fields of the events ``pks`` as stored, as text (``texts_of``)."""
    table = connection.ops.quote_name(Incident._meta.db_table)
    fields = {f.name: f for f in Incident._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in ACLED_FIELDS)
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {columns} FROM {table} WHERE id IN ({marks})",  # noqa: S608
            pks,
        )
        return {pk: texts_of(values) for pk, *values in cursor.fetchall()}


def _sqlite_literal(value: Any) -> str:
    """A constant of the import (a time, a key, a default) as an SQLite literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("'", "''")
    return f"'{text}'"


class _Writer:
    """The SQL of one import, built once from the model's columns."""

    def __init__(self, *, actor: User, run: ImportRun) -> None:
        meta = Incident._meta
        self.table = connection.ops.quote_name(meta.db_table)
        fields = {f.name: f for f in meta.concrete_fields}
        self.sqlite = connection.vendor == "sqlite"
        now = timezone.now()
        set_by_run = {
            # An import writes ACLED events only, never a mission report.
            "origin": str(Origin.ACLED.value),
            "created_at": now,
            "updated_at": now,
            "created_by": actor.pk,
            "updated_by": actor.pk,
            "import_run": run.pk,
            "version": 1,
        }
        tail_names = [
            name for name in fields if name not in ACLED_FIELDS and name not in _ROW_EXTRA
        ]
        tail = []
        for name in tail_names:
            value = set_by_run[name] if name in set_by_run else fields[name].get_default()
            tail.append(self._adapt(value))
        names = [*ACLED_FIELDS, *_ROW_EXTRA, *tail_names]
        self.columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in names)
        per_row = ", ".join(["%s"] * (len(ACLED_FIELDS) + len(_ROW_EXTRA)))
        # The columns that are the same for every row of the import are written once:
        # into the statement on SQLite rather than bound 30 times a row, at the end of
        # each line of the COPY on PostgreSQL.
        self.constant = tuple(tail)
        values = f"{per_row}, {', '.join(_sqlite_literal(v) for v in tail)}"
        self.insert_sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({values})"  # noqa: S608
        acled_sets = ", ".join(
            f"{connection.ops.quote_name(fields[n].column)} = %s" for n in ACLED_FIELDS
        )
        self.update_sql = (
            # The names are the model's own columns, never input.
            f"UPDATE {self.table} SET {acled_sets}, commune_pcode = %s, "  # noqa: S608
            "commune_pcode_by_name = %s, updated_at = %s, updated_by_id = %s, "
            "import_run_id = %s, version = version + 1 WHERE id = %s"
        )
        self.update_tail = (self._adapt(now), self._adapt(actor.pk), self._adapt(run.pk))
        self.date_index = ACLED_FIELDS.index("event_date")

    def _adapt(self, value: Any) -> Any:
        if isinstance(value, uuid.UUID):
            return value.hex if self.sqlite else str(value)
        if hasattr(value, "tzinfo"):
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def insert_columns(self, parsed: ParseResult) -> list[Sequence[Any]]:
        """Every event's insert values, column by column in the order of
        ``insert_sql`` (ACLED's fields, then ``_ROW_EXTRA``)."""
        columns = list(parsed.columns)
        if self.sqlite:
            dates = columns[self.date_index]
            iso = {day: day.isoformat() for day in set(dates)}
            columns[self.date_index] = list(map(iso.__getitem__, dates))
        pcodes, by_names = _places(parsed)
        keys = parsed.keys
        categories = [
            CATEGORY_FOR_SUB_EVENT.get(sub, "") for sub in parsed.column("sub_event_type")
        ]
        ids = ordered_ids(len(keys))
        return [*columns, ids, keys, pcodes, by_names, categories]

    def insert(self, columns: Sequence[Sequence[Any]]) -> None:
        if not columns or not columns[0]:
            return
        if self.sqlite:
            with connection.cursor() as cursor:
                # A page cache big enough for the table's indexes while they grow
                # (the default 2 MB thrashes past some 20,000 rows).
                cursor.execute("PRAGMA cache_size = -262144")
                cursor.executemany(self.insert_sql, list(zip(*columns, strict=True)))
            return
        copy_rows(self.table, self.columns, columns, self.constant)

    def update(self, columns: Sequence[Sequence[Any]], pks: list[Any]) -> None:
        """``columns``: the insert columns of the changed events; ``pks``: their ids."""
        if not pks:
            return
        width = len(ACLED_FIELDS)
        pcodes, by_names = (columns[width + _ROW_EXTRA.index(n)] for n in _UPDATED)
        tail = [repeat(value, len(pks)) for value in self.update_tail]
        rows = list(zip(*columns[:width], pcodes, by_names, *tail, pks, strict=False))
        with connection.cursor() as cursor:
            cursor.executemany(self.update_sql, rows)


def refuse_mission_events(parsed: ParseResult) -> None:
    """An import never creates or changes a mission report: a row whose key is a
    mission report's, or whose ACLED id a mission report carries, is refused with
    its problem (rows keyed ``mission:...`` were refused when the file was read)."""
    if not parsed.count:
        return
    taken = {
        key
        for pair in Incident.objects.filter(origin=Origin.MISSION)
        .filter(Q(event_id_cnty__isnull=False) | ~Q(source_key__startswith=MISSION_PREFIX))
        .values_list("source_key", "event_id_cnty")
        for key in pair
        if key
    }
    if not taken:
        return
    ids = parsed.column("event_id_cnty")
    parsed.refuse(
        {
            row: Problem(
                parsed.numbers[row],
                "event_id_cnty",
                _("Event “%(v)s” is a mission report in Konbit: an ACLED import never changes one.")
                % {"v": key},
            )
            for row, key in enumerate(parsed.keys)
            if key in taken or ids[row] in taken
        }
    )


def _may_import(actor: User) -> bool:
    from konbit.core.policies import policy_for

    return policy_for(Incident).allows(actor, "import")


def import_acled(
    data: bytes,
    *,
    actor: User,
    file_name: str,
    country: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    run: ImportRun | None = None,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = True,
) -> ImportResult:
    """Import an ACLED file: refused whole if any row is bad (unless ``skip_invalid``),
    nothing written on a dry run; each event keyed by ``event_id_cnty`` or its content,
    so a re-import changes nothing. mission_admin and hq_staff only. A long file is
    read by two processes unless ``parallel`` is false (see ``acled.parse``)."""
    if not _may_import(actor):
        raise DomainError(_("You may not import ACLED files."))
    parsed = parse(data, country=country, parallel=parallel)
    result = write(
        parsed,
        data=data,
        actor=actor,
        file_name=file_name,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        run=run,
        progress=progress,
    )
    if not dry_run and (result.created or result.updated):
        # Other parts follow the new events (actors resolves their actor names).
        for hook in part_hooks("incidents_imported"):
            hook(actor=actor)
    return result


def _finish(
    result: ImportResult, parsed: ParseResult, run: ImportRun | None, status: str
) -> ImportResult:
    result.problems, result.warnings = parsed.problems, parsed.warnings
    result.refused, result.other_country = parsed.refused_rows, parsed.other_country
    result.other_countries = parsed.other_countries
    if run is not None:
        run.status = status
        run.finished_at = timezone.now()
        run.created, run.updated, run.unchanged = result.created, result.updated, result.unchanged
        run.refused = result.refused
        run.problems = [p.as_dict() for p in parsed.problems[:1000]]
        run.warnings = [p.as_dict() for p in parsed.warnings[:1000]]
        run.extra = {
            "rows": parsed.total_rows,
            "other_country": parsed.other_country,
            "other_countries": parsed.other_countries,
        }
        run.save()
    return result


def write(
    parsed: ParseResult,
    *,
    data: bytes,
    actor: User,
    file_name: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    run: ImportRun | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    if not dry_run and run is None:
        run = ImportRun.objects.create(
            kind=KIND,
            actor=actor,
            file_name=file_name[:255],
            sha256=sha256_of(data),
            status=ImportRun.Status.RUNNING,
            skip_invalid=skip_invalid,
        )
    result = ImportResult(run=run)
    refuse_mission_events(parsed)
    # Outside a caller's transaction PostgreSQL's table is vacuumed and analyzed once
    # the import commits; otherwise it is analyzed inside.
    settles = settles_after_commit()
    refuse = bool(parsed.problems) and (not skip_invalid or not parsed.count)
    if refuse:
        return _finish(result, parsed, run, ImportRun.Status.REFUSED)
    try:
        with paused_gc(), transaction.atomic():
            _write_rows(
                parsed,
                actor=actor,
                run=run,
                dry_run=dry_run,
                result=result,
                progress=progress,
                analyze_inside=not settles,
            )
            if run is not None:
                audit.record(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    target=run,
                    domain="operations",
                    detail=_(
                        "%(file)s: %(c)s created, %(u)s updated, %(n)s unchanged, %(r)s refused"
                    )
                    % {
                        "file": file_name,
                        "c": result.created,
                        "u": result.updated,
                        "n": result.unchanged,
                        "r": parsed.refused_rows,
                    },
                )
    except Exception:
        if run is not None:
            _finish(result, parsed, run, ImportRun.Status.FAILED)
        raise
    finished = _finish(result, parsed, run, ImportRun.Status.DONE)
    big = result.created + result.updated >= ANALYZE_AFTER
    if run is not None and settles and big:
        vacuum_after_load(Incident, PLANNER_FIELDS)
    return finished


def _write_rows(
    parsed: ParseResult,
    *,
    actor: User,
    run: ImportRun | None,
    dry_run: bool,
    result: ImportResult,
    progress: Callable[[int, int], None] | None,
    analyze_inside: bool,
) -> None:
    writer = _Writer(actor=actor, run=run) if run is not None else None
    existing_count = tally.total()
    # The first import into an empty table needs no look-ups.
    empty = existing_count == 0
    bulk = writer is not None and not dry_run and should_rebuild(parsed.count, existing_count)
    with contextlib.ExitStack() as loading:
        if writer is not None and not dry_run:
            # Entered first, left last: the tally is recounted once the indexes are back.
            if bulk:
                loading.enter_context(tally.paused())
            loading.enter_context(
                bulk_load(Incident, new_rows=parsed.count, existing_rows=existing_count)
            )
        _write_chunks(parsed, writer if not dry_run else None, empty, result, progress)
    big = result.created + result.updated >= ANALYZE_AFTER
    if writer is not None and not dry_run and big and analyze_inside:
        # Fresh statistics let the planner pick the right index for the list's filters.
        analyze(Incident, PLANNER_FIELDS)


def _write_chunks(
    parsed: ParseResult,
    writer: _Writer | None,
    empty: bool,
    result: ImportResult,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Chunk by chunk: the keys already stored looked up (none into an empty table),
    then the new events inserted and the changed ones updated, all from columns."""
    total = parsed.count
    if writer is None:
        # A dry run: only the counts.
        for start in range(0, total, CHUNK):
            end = min(start + CHUNK, total)
            existing = {} if empty else _existing(parsed.keys[start:end])
            _classify(parsed, start, end, existing, result)
        return
    columns = writer.insert_columns(parsed)
    with contextlib.ExitStack() as streaming:
        copy = None
        if empty and not writer.sqlite:
            # Into an empty table (no look-ups between chunks) PostgreSQL takes the
            # whole import as one COPY, sent by a thread while the next chunk is
            # prepared here.
            copy = streaming.enter_context(copy_stream(writer.table, writer.columns))
        for start in range(0, total, CHUNK):
            end = min(start + CHUNK, total)
            existing = {} if empty else _existing(parsed.keys[start:end])
            new, changed = _classify(parsed, start, end, existing, result)
            if new is None:
                chunk = [column[start:end] for column in columns]
            else:
                pick = picker(new)
                chunk = [pick(column) for column in columns]
            if copy is not None:
                copy.write(copy_text(chunk, writer.constant))
            else:
                writer.insert(chunk)
            if changed:
                pick = picker([row for row, _pk in changed])
                writer.update([pick(column) for column in columns], [pk for _row, pk in changed])
            if progress is not None:
                progress(end, total)


def _classify(
    parsed: ParseResult,
    start: int,
    end: int,
    existing: dict[str, tuple[Any, Any]],
    result: ImportResult,
) -> tuple[list[int] | None, list[tuple[int, Any]]]:
    """Count the events of rows ``start:end``: the rows to insert (None: all of
    them) and the (row, id) of those to update; the rest are unchanged. A stored
    event changes when the file's ``timestamp`` is newer, or, where either has no
    timestamp, when its ACLED fields differ from those stored (rows of mission
    reports never get here: ``refuse_mission_events``)."""
    if not existing:
        result.created += end - start
        return None, []
    keys, stamps = parsed.keys, parsed.column("acled_timestamp")
    new: list[int] = []
    changed: list[tuple[int, Any]] = []
    # Without a timestamp on either side, the fields themselves tell.
    undated: list[tuple[int, Any]] = []
    for row in range(start, end):
        found = existing.get(keys[row])
        if found is None:
            new.append(row)
        else:
            pk, stamp = found
            incoming = stamps[row]
            if incoming is None or stamp is None:
                undated.append((row, pk))
            elif incoming > stamp:
                changed.append((row, pk))
    if undated:
        stored = _stored_texts([pk for _row, pk in undated])
        columns = parsed.columns
        changed.extend(
            (row, pk)
            for row, pk in undated
            if stored[pk] != texts_of([column[row] for column in columns])
        )
    result.created += len(new)
    result.updated += len(changed)
    result.unchanged += end - start - len(new) - len(changed)
    return new, changed
