"""Reading ACLED files: every row validated with plain Python (no form or serializer
per row, so that 100,000 rows take seconds), each problem tied to its row and column.

Accepted: ACLED's full 31-column export and the narrower files of its API (a subset
of columns, the 2024 text labels for actor types and interactions), a stray index
column, UTF-8 with or without BOM, notes over several lines (a record's row is the
line where it starts). Columns of the user's own are ignored with a warning; known
misspellings are kept, mapped and warned about. Writing is ``acled_write``'s job.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from konbit.core.tabular import (
    Problem,
    TableError,
    iter_csv,
    normalize_header,
    normalize_text,
    unsafe_cell,
)
from konbit.operations import taxonomy
from konbit.operations.models import ACLED_FIELDS
from konbit.operations.taxonomy import TaxonomyError

REQUIRED = ("event_date", "event_type", "sub_event_type", "actor1", "latitude", "longitude")
# Columns of ACLED's files that Konbit does not keep (no warning for them).
KNOWN_UNUSED = frozenset(
    {
        "year",
        "data_id",
        "event_id_no_cnty",
        "iso3",
        "population_1km",
        "population_2km",
        "population_5km",
        "population_best",
    }
)
_STRAY_INDEX = re.compile(r"^(unnamed_\d+|index|x)?$")
_KEY_FIELDS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "latitude",
    "longitude",
    "notes",
)
# The "event_id_cnty" Konbit's ACLED export gives a mission report (its source key).
MISSION_PREFIX = "mission:"
_MONTH_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d-%m-%Y")


@dataclass
class ParsedRow:
    number: int
    values: tuple[Any, ...]  # in ACLED_FIELDS order
    key: str
    digest: str


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    refused_rows: int = 0
    other_country: int = 0
    total_rows: int = 0


def parse_date(text: str) -> dt.date:
    """ISO dates (the API), or ACLED's website formats ("02 January 2022", "02-01-2022")."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    for fmt in _MONTH_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_timestamp(text: str) -> int | None:
    """ACLED's ``timestamp`` (Unix seconds), or an ISO date-time as some API files give."""
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return int(moment.timestamp())


# Positions of the values in a parsed row (ACLED_FIELDS order).
POSITION = {name: index for index, name in enumerate(ACLED_FIELDS)}
I_ID, I_DATE, I_SUB = POSITION["event_id_cnty"], POSITION["event_date"], POSITION["sub_event_type"]
I_LAT, I_LON, I_TS = POSITION["latitude"], POSITION["longitude"], POSITION["acled_timestamp"]
I_ADMIN = (POSITION["admin1"], POSITION["admin2"], POSITION["admin3"])
I_SOURCE_DISORDER = POSITION["disorder_type_source"]
_KEY_INDEXES = tuple(POSITION[name] for name in _KEY_FIELDS)


def content_key(values: tuple[Any, ...]) -> str:
    """A key for rows without ``event_id_cnty``: the same event gives the same key,
    whichever file it comes from."""
    text = "\x1f".join(str(values[i] or "") for i in _KEY_INDEXES)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_of(values: tuple[Any, ...]) -> str:
    """A digest of the ACLED fields: an unchanged event is recognised without reading it."""
    return hashlib.blake2b(repr(values).encode("utf-8"), digest_size=16).hexdigest()


class _Taxon:
    """Caches of the taxonomy lookups: real files repeat a few dozen values."""

    def __init__(self) -> None:
        self.events: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}
        self.inters: dict[str, int | None] = {}
        self.interactions: dict[str, int | None] = {}

    def event(self, disorder: str, event: str, sub: str) -> tuple[str, str, str, str]:
        """(disorder, disorder as spelled if mapped, event, sub-event); raises with the column."""
        key = (disorder, event, sub)
        hit = self.events.get(key)
        if hit is None:
            try:
                canonical_event = taxonomy.event_type(event)
            except TaxonomyError as exc:
                raise _ColumnError("event_type", str(exc)) from None
            try:
                canonical_sub = taxonomy.sub_event_type(sub, canonical_event)
            except TaxonomyError as exc:
                raise _ColumnError("sub_event_type", str(exc)) from None
            if disorder.strip():
                try:
                    canonical_disorder, quirk = taxonomy.disorder_type(disorder)
                except TaxonomyError as exc:
                    raise _ColumnError("disorder_type", str(exc)) from None
            else:
                canonical_disorder, quirk = taxonomy.SUB_EVENT_TYPES[canonical_sub][1], False
            hit = (canonical_disorder, disorder if quirk else "", canonical_event, canonical_sub)
            self.events[key] = hit
        return hit

    def inter(self, column: str, text: str) -> int | None:
        if text not in self.inters:
            try:
                self.inters[text] = taxonomy.inter_code(text)
            except TaxonomyError as exc:
                raise _ColumnError(column, str(exc)) from None
        return self.inters[text]

    def interaction(self, text: str) -> int | None:
        if text not in self.interactions:
            try:
                self.interactions[text] = taxonomy.interaction_code(text)
            except TaxonomyError as exc:
                raise _ColumnError("interaction", str(exc)) from None
        return self.interactions[text]


class _ColumnError(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column = column
        self.message = message


def _int(column: str, text: str, *, low: int = 0, high: int | None = None) -> int | None:
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise _ColumnError(column, _("“%(v)s” is not a whole number.") % {"v": text}) from None
    if not number.is_integer() or number < low or (high is not None and number > high):
        if high is None:
            message = _("“%(v)s” must be a whole number of at least %(low)s.")
        else:
            message = _("“%(v)s” must be a whole number from %(low)s to %(high)s.")
        raise _ColumnError(column, message % {"v": text, "low": low, "high": high})
    return int(number)


def _coordinate(column: str, text: str, limit: float) -> float:
    if not text:
        raise _ColumnError(column, _("A value is required."))
    try:
        value = float(text)
    except ValueError:
        raise _ColumnError(column, _("“%(v)s” is not a number.") % {"v": text}) from None
    if not -limit <= value <= limit:
        raise _ColumnError(column, _("“%(v)s” is out of range.") % {"v": text})
    return value


_LIMITS = {
    "event_id_cnty": 32,
    "actor1": 300,
    "actor2": 300,
    "assoc_actor_1": 500,
    "assoc_actor_2": 500,
    "region": 64,
    "country": 64,
    "admin1": 100,
    "admin2": 100,
    "admin3": 100,
    "location": 200,
    "source_scale": 100,
}
# Integer columns: (low, high); their values repeat, so each text is checked once.
_INTS = {
    "time_precision": (1, 3),
    "iso": (0, 999),
    "geo_precision": (1, 3),
    "fatalities": (0, None),
}


# The free-text columns, in the order ``_RowReader.values`` unpacks them.
_TEXT_COLUMNS = (
    "event_id_cnty",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "source",
    "source_scale",
    "notes",
    "tags",
)


class _RowReader:
    """Turns the cells of one record into the tuple of its ACLED fields (in
    ACLED_FIELDS order), validating each; raises ``_ColumnError`` at the first problem.
    Built once per file from its header: a column the file lacks reads as empty."""

    def __init__(self, headers: list[str]) -> None:
        self.width = len(headers)
        position: dict[str, int] = {}
        for index, name in enumerate(headers):
            position.setdefault(name, index)
        # A missing column points one past the end, where each row gets an empty cell.
        self.at = {name: position.get(name, self.width) for name in taxonomy.COLUMNS}
        self.taxon = _Taxon()
        self.dates: dict[str, dt.date] = {}
        self.ints: dict[str, dict[str, int | None]] = {name: {} for name in _INTS}
        self.limits = [(name, self.at[name], limit) for name, limit in _LIMITS.items()]
        at = self.at
        # Positions looked up once per file, not once per cell.
        self.required = [(name, at[name]) for name in ("event_type", "sub_event_type", "actor1")]
        self.texts = [at[name] for name in _TEXT_COLUMNS]
        self.i_date, self.i_year = at["event_date"], at["year"]
        self.i_disorder, self.i_event, self.i_sub = (
            at["disorder_type"],
            at["event_type"],
            at["sub_event_type"],
        )
        self.i_inter1, self.i_inter2 = at["inter1"], at["inter2"]
        self.i_interaction, self.i_targeting = at["interaction"], at["civilian_targeting"]
        self.i_timestamp, self.i_lat, self.i_lon = at["timestamp"], at["latitude"], at["longitude"]
        self.targetings: dict[str, str] = {"": ""}

    def integer(self, cells: list[str], name: str) -> int | None:
        text = cells[self.at[name]].strip()
        cache = self.ints[name]
        if text not in cache:
            low, high = _INTS[name]
            cache[text] = _int(name, text, low=low, high=high)
        return cache[text]

    def date(self, text: str) -> dt.date:
        found = self.dates.get(text)
        if found is None:
            if not text:
                raise _ColumnError("event_date", _("A value is required."))
            try:
                found = parse_date(text)
            except ValueError:
                raise _ColumnError(
                    "event_date", _("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": text}
                ) from None
            self.dates[text] = found
        return found

    def targeting(self, text: str) -> str:
        found = self.targetings.get(text)
        if found is None:
            if normalize_text(text) != "civilian targeting":
                raise _ColumnError(
                    "civilian_targeting",
                    _("“%(v)s” is not ACLED's value (empty or “Civilian targeting”).")
                    % {"v": text},
                )
            found = self.targetings[text] = taxonomy.CIVILIAN_TARGETING
        return found

    def values(self, cells: list[str]) -> tuple[Any, ...]:
        if len(cells) < self.width:
            cells.extend([""] * (self.width - len(cells)))
        cells.append("")
        for name, index, limit in self.limits:
            if len(cells[index]) > limit and len(cells[index].strip()) > limit:
                if name == "event_id_cnty" and cells[index].startswith(MISSION_PREFIX):
                    continue
                raise _ColumnError(name, _("Longer than %(n)s characters.") % {"n": limit})
        for name, index in self.required:
            if not cells[index].strip():
                raise _ColumnError(name, _("A value is required."))
        event_date = self.date(cells[self.i_date].strip())
        year = cells[self.i_year].strip()
        if year and year != str(event_date.year):
            raise _ColumnError("year", _("%(y)s is not the year of the event date.") % {"y": year})
        taxon = self.taxon
        disorder, disorder_source, event, sub = taxon.event(
            cells[self.i_disorder], cells[self.i_event], cells[self.i_sub]
        )
        inter1 = taxon.inter("inter1", cells[self.i_inter1])
        inter2 = taxon.inter("inter2", cells[self.i_inter2])
        interaction_text = cells[self.i_interaction].strip()
        interaction = (
            taxon.interaction(interaction_text)
            if interaction_text
            else taxonomy.interaction_for(inter1, inter2)
        )
        targeting = self.targeting(cells[self.i_targeting].strip())
        stamp_text = cells[self.i_timestamp].strip()
        try:
            timestamp = int(stamp_text) if stamp_text.isdigit() else parse_timestamp(stamp_text)
        except ValueError:
            raise _ColumnError(
                "timestamp", _("“%(v)s” is not a Unix timestamp.") % {"v": stamp_text}
            ) from None
        texts = [cells[i].strip() for i in self.texts]
        # One scan in C for a cell that may begin with the export's quote; a false
        # alarm only costs the exact check below.
        if "\x00'" in "\x00" + "\x00".join(texts):
            texts = [unsafe_cell(text) for text in texts]
        (
            event_id,
            actor1,
            assoc1,
            actor2,
            assoc2,
            region,
            country,
            admin1,
            admin2,
            admin3,
            location,
            source,
            source_scale,
            notes,
            tags,
        ) = texts
        return (
            event_id or None,
            event_date,
            self.integer(cells, "time_precision"),
            disorder,
            disorder_source,
            event,
            sub,
            actor1,
            assoc1,
            inter1,
            actor2,
            assoc2,
            inter2,
            interaction,
            targeting,
            self.integer(cells, "iso"),
            region,
            country,
            admin1,
            admin2,
            admin3,
            location,
            _coordinate("latitude", cells[self.i_lat].strip(), 90.0),
            _coordinate("longitude", cells[self.i_lon].strip(), 180.0),
            self.integer(cells, "geo_precision"),
            source,
            source_scale,
            notes,
            self.integer(cells, "fatalities") or 0,
            tags,
            timestamp,
        )


def _header_problems(headers: list[str], result: ParseResult) -> set[str]:
    """Check the columns; returns the set of known columns present."""
    known = set(taxonomy.COLUMNS)
    present = set(headers) & known
    missing = [name for name in REQUIRED if name not in present]
    for name in missing:
        result.problems.append(Problem(1, name, _("This required column is missing.")))
    extra = [
        h for h in headers if h not in known and h not in KNOWN_UNUSED and not _STRAY_INDEX.match(h)
    ]
    for name in extra:
        result.warnings.append(Problem(1, name, _("Not an ACLED column: ignored.")))
    duplicated = sorted({h for h in headers if h in known and headers.count(h) > 1})
    for name in duplicated:
        result.problems.append(Problem(1, name, _("This column appears more than once.")))
    return present


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record after the header with the line where it starts (notes may span
    lines). Blank records are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    start = 2
    try:
        for cells in reader:
            if any(cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(Problem(start, "", str(exc))) from None


def parse(data: bytes, *, country: str | None = None) -> ParseResult:
    """Every row of an ACLED CSV file, validated. ``country`` keeps only that
    country's rows (the others are counted, not refused)."""
    result = ParseResult()
    try:
        # iter_csv checks the encoding and reads the header; the records are read
        # below as plain lists, without a dict per row.
        original, _rows = iter_csv(data)
        text = data.decode("utf-8-sig")
    except TableError as exc:
        result.problems.append(exc.problem)
        return result
    headers = [normalize_header(h) for h in original]
    _header_problems(headers, result)
    if result.problems:
        return result
    reader = _RowReader(headers)
    wanted = normalize_text(country) if country else ""
    country_at = reader.at["country"]
    by_key: dict[str, ParsedRow] = {}
    quirks: dict[str, list[int]] = {}
    extra_cells = len(headers)
    try:
        for number, cells in _records(text):
            result.total_rows += 1
            if len(cells) > extra_cells and any(c.strip() for c in cells[extra_cells:]):
                result.warnings.append(
                    Problem(number, "", _("More cells than columns: the extra cells are ignored."))
                )
                del cells[extra_cells:]
            if wanted and country_at < len(cells):
                spelled = cells[country_at].strip()
                if spelled and spelled != country and normalize_text(spelled) != wanted:
                    result.other_country += 1
                    continue
            try:
                values = reader.values(cells)
            except _ColumnError as exc:
                result.problems.append(Problem(number, exc.column, exc.message))
                result.refused_rows += 1
                continue
            if values[I_SOURCE_DISORDER]:
                quirks.setdefault(values[I_SOURCE_DISORDER], []).append(number)
            key = values[I_ID] or content_key(values)
            if key.startswith(MISSION_PREFIX):
                # A mission report exported by Konbit: keyed by its own id, never
                # stored as an ACLED id.
                values = (None, *values[1:])
            parsed = ParsedRow(number, values, key, digest_of(values))
            earlier = by_key.get(key)
            if earlier is not None:
                result.warnings.append(
                    Problem(
                        number,
                        "event_id_cnty",
                        _("The same event as row %(row)s; the more recent of the two is kept.")
                        % {"row": earlier.number},
                    )
                )
                if (values[I_TS] or 0) < (earlier.values[I_TS] or 0):
                    continue
            by_key[key] = parsed
    except TableError as exc:
        result.problems.append(exc.problem)
    result.rows = list(by_key.values())
    for spelled, numbers in quirks.items():
        canonical, _quirk = taxonomy.disorder_type(spelled)
        more = len(numbers) - 1
        message = _("“%(v)s” is read as “%(c)s” (the source's spelling is kept).") % {
            "v": spelled,
            "c": canonical,
        }
        if more:
            message += " " + _("Also on %(n)s more rows.") % {"n": more}
        result.warnings.append(Problem(numbers[0], "disorder_type", message))
    return result


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    return [problem.line() for problem in problems]
