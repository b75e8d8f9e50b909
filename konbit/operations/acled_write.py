"""The ACLED importer on the core pipeline, and writing its events: the fast path.

The pipeline's one transaction; each chunk checked (``acled.check_rows``), then the
existing keys fetched once, new events inserted with ``executemany`` (SQLite) or
``COPY`` (PostgreSQL) with UUIDs made here; changed events (a newer ``timestamp``,
or new content when the file has none) get their ACLED fields updated, never the
mission's; the commune of each distinct point computed once. One ImportRun and one
audit entry (the pipeline's) for the whole file: the rows point to the run.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from konbit.core.bulk import (
    analyze,
    bulk_load,
    copy_rows,
    ordered_ids,
    paused_gc,
    should_rebuild,
    vacuum_after_load,
)
from konbit.core.imports.base import Importer, Job, Outcome, Refused
from konbit.core.models import ImportRun
from konbit.core.parts import part_hooks
from konbit.core.tabular import Problem, Row
from konbit.operations import tally
from konbit.operations.acled import (
    HAITI,
    MISSION_PREFIX,
    CountryFilter,
    ParseResult,
    Taxon,
    check_rows,
    header_problems,
    picker,
    skipped_text,
    texts_of,
)
from konbit.operations.models import ACLED_FIELDS, Incident, Origin
from konbit.operations.taxonomy import CATEGORY_FOR_SUB_EVENT

if TYPE_CHECKING:
    from konbit.accounts.models import User

# Rows a chunk: read, checked and written together (memory holds one chunk).
CHUNK = 10_000
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


def _existing(keys: list[str]) -> dict[str, tuple[Any, Any, Any]]:
    """The id, ACLED timestamp and import run of the events of ``keys`` already
    stored: one query."""
    table = connection.ops.quote_name(Incident._meta.db_table)
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT source_key, id, acled_timestamp, import_run_id FROM {table} "  # noqa: S608
            f"WHERE source_key IN ({marks})",
            keys,
        )
        return {key: (pk, stamp, run) for key, pk, stamp, run in cursor.fetchall()}


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


class AcledForm(forms.Form):
    # The same choice and default as ``import_acled --country`` (see its help).
    country = forms.CharField(
        label=_l("Keep only this country"),
        required=False,
        max_length=64,
        help_text=_l(
            "ACLED's country name or ISO code (Haiti, HTI). Empty: every event of the "
            "file, whatever its country; the events of other countries get no commune."
        ),
    )


class AcledImporter(Importer):
    kind = KIND
    domain = "operations"
    label = _l("Import an ACLED file")
    explanation = _l(
        "ACLED's full export or a file from its API, in UTF-8 (CSV) or as a workbook. "
        "Events already imported are updated only when ACLED changed them; the "
        "mission's own fields and its own reports are never overwritten."
    )
    upload_url_name = "operations:import"
    chunk_rows = CHUNK
    # The events of other countries than the one asked for, counted and skipped.
    extra_template = "operations/_acled_skipped.html"

    def options_form(self, user: Any, data: Any = None) -> forms.Form:
        return AcledForm(data)

    def options(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"country": (cleaned.get("country") or "").strip()}

    def may_import(self, user: Any, options: dict[str, Any] | None = None) -> bool:
        """Asked of the incidents' policy (its "import" action)."""
        from konbit.core.policies import policy_for

        return policy_for(Incident).allows(user, "import")

    def scope(self, options: dict[str, Any]) -> str:
        return str(options.get("country") or "")

    def begin(
        self, run: ImportRun, headers: list[str], original: list[str], *, dry_run: bool
    ) -> Job:
        problems, warnings = header_problems(headers)
        if problems:
            raise Refused(problems)
        return AcledJob(run, headers, warnings, dry_run=dry_run)


class AcledJob(Job):
    """Checks a chunk (``acled.check_rows``), then writes it: the keys already
    stored looked up, new events inserted and changed ones updated, all from
    columns. A dry run (the preview) writes too, inside the pipeline's transaction,
    which is rolled back: its counts are exactly the import's, and an event met
    again in a later chunk is found where the earlier one was written."""

    def __init__(
        self, run: ImportRun, headers: list[str], warnings: list[Problem], *, dry_run: bool
    ) -> None:
        super().__init__(run, dry_run=dry_run)
        self.headers = headers
        self.header_warnings = warnings
        asked = str(run.options.get("country") or "").strip()
        self.country = CountryFilter.of(asked) if asked else None
        self.taxon = Taxon()
        self.quirks: set[str] = set()
        # The rows of other countries (skipped), those countries, and the rows kept.
        self.other_country = 0
        self.other_countries: set[str] = set()
        self.kept = 0
        self.written = 0
        self.writer = _Writer(actor=run.actor, run=run)
        existing_rows = tally.total()
        # Only the first chunk into an empty table needs no look-ups.
        self.empty = existing_rows == 0
        self.loading = contextlib.ExitStack()
        self.loading.enter_context(paused_gc())
        if not dry_run:
            # Some 300 bytes a row: the load is sized from the file before reading it.
            estimated = (run.upload.size if run.upload else 0) // 300
            if should_rebuild(estimated, existing_rows):
                # Entered first, left last: the tally is recounted once the indexes
                # are back.
                self.loading.enter_context(tally.paused())
            self.loading.enter_context(
                bulk_load(Incident, new_rows=estimated, existing_rows=existing_rows)
            )

    def check(self, rows: list[Row]) -> tuple[ParseResult, list[Problem], list[Problem]]:
        parsed = check_rows(rows, self.headers, country=self.country, taxon=self.taxon)
        refuse_mission_events(parsed)
        self.other_country += parsed.other_country
        self.other_countries.update(parsed.other_countries)
        self.kept += parsed.total_rows - parsed.other_country
        warnings = [*self.header_warnings, *parsed.warnings]
        self.header_warnings = []
        # A misspelling is warned about once, where it is first met.
        fresh = []
        for warning in warnings:
            if warning.column == "disorder_type" and warning.message.split("”")[0] in self.quirks:
                continue
            if warning.column == "disorder_type":
                self.quirks.add(warning.message.split("”")[0])
            fresh.append(warning)
        return parsed, parsed.problems, fresh

    def write(self, valid: ParseResult) -> Outcome:
        outcome = Outcome()
        if not valid.count:
            return outcome
        existing = {} if self.empty else _existing(valid.keys)
        self.empty = False
        new, changed = _classify(valid, existing, outcome, self.run.pk)
        columns = self.writer.insert_columns(valid)
        chunk = columns if new is None else [picker(new)(column) for column in columns]
        self.writer.insert(chunk)
        if changed:
            pick = picker([row for row, _pk in changed])
            self.writer.update([pick(column) for column in columns], [pk for _row, pk in changed])
        self.written += outcome.created + outcome.updated
        return outcome

    def finish(self) -> dict[str, Any]:
        countries = sorted(self.other_countries)
        if self.country is not None and self.other_country and not self.kept:
            skipped = skipped_text(self.other_country, countries)
            raise Refused(
                [
                    Problem(
                        1,
                        "country",
                        _("No event of “%(c)s” in this file (%(skipped)s).")
                        % {"c": self.country.asked, "skipped": skipped},
                    )
                ]
            )
        if not self.dry_run and self.written:
            # Other parts follow the new events (actors resolves their actor names).
            for hook in part_hooks("incidents_imported"):
                hook(actor=self.run.actor)
        return {"other_country": self.other_country, "other_countries": countries}

    def close(self) -> None:
        try:
            self.loading.close()
        finally:
            if not self.dry_run and self.written >= ANALYZE_AFTER:
                # Fresh statistics let the planner pick the right index for the
                # list's filters: on PostgreSQL, with the visibility map, once the
                # import has committed, when its transaction is the outermost.
                if connection.vendor == "postgresql" and not connection.savepoint_ids:
                    transaction.on_commit(lambda: vacuum_after_load(Incident, PLANNER_FIELDS))
                else:
                    analyze(Incident, PLANNER_FIELDS)


def _classify(
    parsed: ParseResult,
    existing: dict[str, tuple[Any, Any, Any]],
    outcome: Outcome,
    run_id: Any,
) -> tuple[list[int] | None, list[tuple[int, Any]]]:
    """Count a chunk's events: the rows to insert (None: all of them) and the (row,
    id) of those to update; the rest are unchanged. A stored event changes when the
    file's ``timestamp`` is newer, or, where either has no timestamp, when its ACLED
    fields differ from those stored (rows of mission reports never get here:
    ``refuse_mission_events``). An event written earlier by this same run is the
    file's own duplicate: the more recent is kept, and it is counted once."""
    if not existing:
        outcome.created += parsed.count
        return None, []
    keys, stamps = parsed.keys, parsed.column("acled_timestamp")
    new: list[int] = []
    changed: list[tuple[int, Any]] = []
    # Without a timestamp on either side, the fields themselves tell.
    undated: list[tuple[int, Any]] = []
    again: set[int] = set()
    for row in range(parsed.count):
        found = existing.get(keys[row])
        if found is None:
            new.append(row)
            continue
        pk, stamp, by_run = found
        if by_run is not None and str(by_run).replace("-", "") == run_id.hex:
            again.add(row)
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
    outcome.created += len(new)
    outcome.updated += len([row for row, _pk in changed if row not in again])
    outcome.unchanged += (
        parsed.count - len(new) - len(changed) - len(again - {row for row, _pk in changed})
    )
    return new, changed
