"""Checking ACLED files, chunk by chunk as the import pipeline reads them: every row
validated with plain Python, column by column (no form or serializer per row, so
that 100,000 rows take seconds in one process), each problem tied to its row and
column.

Accepted: ACLED's full 31-column export and the narrower files of its API (a subset
of columns, the 2024 text labels for actor types and interactions), a stray index
column, UTF-8 with or without BOM, notes over several lines (a record's row is the
line where it starts). Columns of the user's own are ignored with a warning; known
misspellings are kept, mapped and warned about. Writing is ``acled_write``'s job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from konbit.core.bulk import paused_gc
from konbit.core.tabular import Problem, Row, normalize_text, unsafe_cell
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
# The "event_id_cnty" Konbit's ACLED export gives a mission report (its source key):
# never an ACLED event's, so an import refuses the row.
MISSION_PREFIX = "mission:"
_MONTH_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d-%m-%Y")


@dataclass
class ParsedRow:
    number: int
    values: tuple[Any, ...]  # in ACLED_FIELDS order
    key: str


@dataclass
class ParseResult:
    """The accepted events column by column (``columns``, in ACLED_FIELDS order, with
    their import ``keys`` and row ``numbers``): 100,000 rows are written
    from the columns without a Python object per row. ``rows``/``head`` give rows."""

    columns: list[Sequence[Any]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    refused_rows: int = 0
    # The rows of other countries than the one asked for (skipped, not refused),
    # and those countries as their rows name them.
    other_country: int = 0
    other_countries: list[str] = field(default_factory=list)
    total_rows: int = 0

    @property
    def count(self) -> int:
        return len(self.keys)

    def column(self, name: str) -> Sequence[Any]:
        return self.columns[POSITION[name]]

    def head(self, count: int) -> list[ParsedRow]:
        return [
            ParsedRow(
                self.numbers[row],
                tuple(column[row] for column in self.columns),
                self.keys[row],
            )
            for row in range(min(count, self.count))
        ]

    @property
    def rows(self) -> list[ParsedRow]:
        return self.head(self.count)

    def refuse(self, refused: dict[int, Problem]) -> None:
        """Leave out the accepted rows at the positions ``refused``, each reported
        with its problem."""
        if not refused:
            return
        pick = picker([row for row in range(self.count) if row not in refused])
        self.columns = [pick(column) for column in self.columns]
        self.keys, self.numbers = pick(self.keys), pick(self.numbers)
        self.problems = sorted([*self.problems, *refused.values()], key=lambda p: p.row)
        self.refused_rows += len(refused)


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


def is_mission_key(text: str) -> bool:
    return text[: len(MISSION_PREFIX)].lower() == MISSION_PREFIX


def mission_key_message(text: str) -> str:
    return _(
        "“%(v)s” is the key of a mission report: an ACLED import never creates or changes one."
    ) % {"v": text}


def _iso_number(text: str) -> str:
    """An ``iso`` cell as ACLED's number ("332"; some tools write "332.0")."""
    try:
        return str(int(float(text)))
    except ValueError:
        return text


@dataclass(frozen=True)
class CountryFilter:
    """The country whose events an import keeps, asked by ACLED's name or an ISO
    3166 code ("Haiti", "HTI", "332"). A row is that country's when its ``country``,
    ``iso`` or ``iso3`` cell says so; a row whose cells say nothing of its country
    (an API file without those columns) is kept."""

    asked: str
    names: frozenset[str]
    numbers: frozenset[str]
    codes: frozenset[str]

    @classmethod
    def of(cls, text: str) -> CountryFilter:
        asked = text.strip()
        try:
            found = pycountry.countries.lookup(asked)
        except LookupError:  # a name of ACLED's own (e.g. "Kosovo"): by name only
            return cls(asked, frozenset({normalize_text(asked)}), frozenset(), frozenset())
        names = {asked, found.name}
        names |= {getattr(found, n, "") for n in ("common_name", "official_name")}
        return cls(
            asked,
            frozenset(normalize_text(name) for name in names if name),
            frozenset({str(int(found.numeric))}),
            frozenset({found.alpha_3}),
        )

    def holds(self, country: str, iso: str, iso3: str) -> bool | None:
        """Whether a row with these cells is of this country; None when they are empty."""
        if not (country or iso or iso3):
            return None
        return (
            normalize_text(country) in self.names
            or _iso_number(iso) in self.numbers
            or iso3.upper() in self.codes
        )


HAITI = CountryFilter.of("HTI")


def skipped_text(events: int, countries: Sequence[str]) -> str:
    """ "1,234 events of 168 other countries skipped" (the one country named when
    there is one)."""
    values = {"events": number_format(events, force_grouping=True)}
    if len(countries) == 1:
        return ngettext(
            "%(events)s event of %(country)s skipped",
            "%(events)s events of %(country)s skipped",
            events,
        ) % {**values, "country": countries[0]}
    return ngettext(
        "%(events)s event of %(countries)s other countries skipped",
        "%(events)s events of %(countries)s other countries skipped",
        events,
    ) % {**values, "countries": number_format(len(countries), force_grouping=True)}


# Positions of the values in a parsed row (ACLED_FIELDS order).
POSITION = {name: index for index, name in enumerate(ACLED_FIELDS)}
I_ID, I_DATE, I_SUB = POSITION["event_id_cnty"], POSITION["event_date"], POSITION["sub_event_type"]
I_LAT, I_LON, I_TS = POSITION["latitude"], POSITION["longitude"], POSITION["acled_timestamp"]
I_ADMIN = (POSITION["admin1"], POSITION["admin2"], POSITION["admin3"])
I_SOURCE_DISORDER = POSITION["disorder_type_source"]
_KEY_INDEXES = tuple(POSITION[name] for name in _KEY_FIELDS)
# The fields that are not text: dates, numbers, or an id that may be None.
_NOT_TEXT = frozenset(
    {
        "event_id_cnty",
        "event_date",
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "acled_timestamp",
    }
)
# The text fields whose value is read from the taxonomy rather than kept as written.
_FROM_TAXONOMY = frozenset(
    {"disorder_type", "disorder_type_source", "event_type", "sub_event_type", "civilian_targeting"}
)
_STRING_POSITIONS = frozenset(POSITION[name] for name in ACLED_FIELDS if name not in _NOT_TEXT)


def content_key(values: tuple[Any, ...]) -> str:
    """A key for rows without ``event_id_cnty``: the same event gives the same key,
    whichever file it comes from."""
    text = "\x1f".join(str(values[i] or "") for i in _KEY_INDEXES)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def texts_of(values: Sequence[Any]) -> tuple[str, ...]:
    """The ACLED fields of an event as text: what an import compares, whether the
    values come from a file or from the database (dates and numbers read the same)."""
    return tuple(map(_text, values))


class Taxon:
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


# ACLED's free text (actors, associated actors, places, sources, notes, tags) has no
# length limit and is taken whole; only its event id, a code, has a bound.
EVENT_ID_LENGTH = 32
# Integer columns: (low, high); their values repeat, so each text is checked once.
_INTS = {
    "time_precision": (1, 3),
    "iso": (0, 999),
    "geo_precision": (1, 3),
    "fatalities": (0, None),
}


# The free-text columns: kept as written (stripped), undoing the export's quote.
_TEXT_COLUMNS = tuple(
    name for name in ACLED_FIELDS if name not in _NOT_TEXT and name not in _FROM_TAXONOMY
)
# The order in which a row's problems are looked for; a row reports its first one.
_ORDER = {
    "event_id_cnty": 0,
    "required": 20,
    "event_date": 30,
    "year": 31,
    "event_type": 40,
    "sub_event_type": 41,
    "disorder_type": 42,
    "inter1": 50,
    "inter2": 51,
    "interaction": 52,
    "civilian_targeting": 53,
    "timestamp": 54,
    "time_precision": 60,
    "iso": 61,
    "latitude": 62,
    "longitude": 63,
    "geo_precision": 64,
    "fatalities": 65,
}


class _Checker:
    """Validates a file column by column rather than row by row: each column's
    distinct values are checked once (real files repeat a few dozen dates, types and
    codes) and the column is then mapped in C, so 100,000 rows cost well under a
    second beyond reading the CSV. A row with problems keeps only the first of them,
    in the order of ``_ORDER`` (the order a reader would check a row's cells)."""

    def __init__(self, columns: dict[str, list[str]], count: int, taxon: Taxon) -> None:
        self.columns = columns
        self.count = count
        self.errors: dict[int, tuple[int, str, str]] = {}
        self.taxon = taxon
        self.source_keys: list[str] = []

    def fail(self, row: int, check: str, column: str, message: str) -> None:
        order = _ORDER[check]
        found = self.errors.get(row)
        if found is None or order < found[0]:
            self.errors[row] = (order, column, message)

    def fail_where(
        self, column: list[Any], bad: dict[Any, str], check: str, name: str | None = None
    ) -> None:
        """Report every row whose value is a key of ``bad`` (its message)."""
        if bad:
            for row, value in enumerate(column):
                message = bad.get(value)
                if message is not None:
                    self.fail(row, check, name or check, message)

    def mapped(
        self, name: str, convert: Callable[[str], Any], check: str | None = None
    ) -> list[Any]:
        """The column converted through its distinct values; the rows of a value
        ``convert`` refuses (``_ColumnError``) are reported, and read as None."""
        column = self.columns[name]
        table: dict[str, Any] = {}
        bad: dict[str, str] = {}
        for text in set(column):
            try:
                table[text] = convert(text)
            except _ColumnError as exc:
                bad[text] = exc.message
                table[text] = None
        self.fail_where(column, bad, check or name, name)
        return list(map(table.__getitem__, column))

    def event_ids(self) -> None:
        """ACLED's id is a short code; a mission report's key ("mission:...", which
        Konbit's own ACLED export writes there) is never an ACLED event's."""
        column = self.columns["event_id_cnty"]
        if not column:
            return
        # One scan in C for a mission key, as in ``texts``.
        mission = "\x00" + MISSION_PREFIX in "\x00" + "\x00".join(column).lower()
        if not mission and max(map(len, column)) <= EVENT_ID_LENGTH:
            return
        too_long = _("Longer than %(n)s characters.") % {"n": EVENT_ID_LENGTH}
        for row, text in enumerate(column):
            if is_mission_key(text):
                self.fail(row, "event_id_cnty", "event_id_cnty", mission_key_message(text))
            elif len(text) > EVENT_ID_LENGTH:
                self.fail(row, "event_id_cnty", "event_id_cnty", too_long)

    def required(self) -> None:
        for name in ("event_type", "sub_event_type", "actor1"):
            if "" in self.columns[name]:
                self.fail_where(
                    self.columns[name], {"": _("A value is required.")}, "required", name
                )

    def dates(self) -> list[Any]:
        def convert(text: str) -> dt.date:
            if not text:
                raise _ColumnError("event_date", _("A value is required."))
            try:
                return parse_date(text)
            except ValueError:
                raise _ColumnError(
                    "event_date", _("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": text}
                ) from None

        dates = self.mapped("event_date", convert)
        years = self.columns["year"]
        pairs = {pair for pair in set(zip(years, dates, strict=True)) if pair[0] and pair[1]}
        bad = {
            (year, day): _("%(y)s is not the year of the event date.") % {"y": year}
            for year, day in pairs
            if year != str(day.year)
        }
        if bad:
            self.fail_where(list(zip(years, dates, strict=True)), bad, "year")
        return dates

    def events(self) -> tuple[tuple[Any, ...], ...]:
        """The (disorder, disorder as spelled if mapped, event, sub-event) columns."""
        triples = list(
            zip(
                self.columns["disorder_type"],
                self.columns["event_type"],
                self.columns["sub_event_type"],
                strict=True,
            )
        )
        table: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}
        bad: dict[tuple[str, str, str], tuple[str, str]] = {}
        for triple in set(triples):
            try:
                table[triple] = self.taxon.event(*triple)
            except _ColumnError as exc:
                bad[triple] = (exc.column, exc.message)
                table[triple] = ("", "", "", "")
        if bad:
            for row, triple in enumerate(triples):
                if triple in bad:
                    column, message = bad[triple]
                    self.fail(row, column, column, message)
        if not triples:
            return ((), (), (), ())
        return tuple(zip(*map(table.__getitem__, triples), strict=True))

    def interactions(self, inter1: list[Any], inter2: list[Any]) -> list[Any]:
        texts = self.columns["interaction"]
        combos = list(zip(texts, inter1, inter2, strict=True))
        table: dict[tuple[str, Any, Any], Any] = {}
        bad: dict[tuple[str, Any, Any], str] = {}
        for combo in set(combos):
            text, first, second = combo
            try:
                table[combo] = (
                    self.taxon.interaction(text)
                    if text
                    else taxonomy.interaction_for(first, second)
                )
            except _ColumnError as exc:
                bad[combo] = exc.message
                table[combo] = None
        self.fail_where(combos, bad, "interaction")
        return list(map(table.__getitem__, combos))

    def timestamps(self) -> list[int | None]:
        column = self.columns["timestamp"]
        try:
            # The common case, all whole numbers, converted in C.
            return list(map(int, column))
        except ValueError:
            pass

        def convert(text: str) -> int | None:
            try:
                return int(text) if text.isdigit() else parse_timestamp(text)
            except ValueError:
                raise _ColumnError(
                    "timestamp", _("“%(v)s” is not a Unix timestamp.") % {"v": text}
                ) from None

        return self.mapped("timestamp", convert)

    def coordinates(self, name: str, limit: float) -> list[Any]:
        column = self.columns[name]
        try:
            values = list(map(float, column))
            if not values or (-limit <= min(values) and max(values) <= limit):
                return values
        except ValueError:
            pass
        return self.mapped(name, lambda text: _coordinate(name, text, limit))

    def integers(self, name: str) -> list[Any]:
        low, high = _INTS[name]
        return self.mapped(name, lambda text: _int(name, text, low=low, high=high))

    def texts(self, name: str) -> list[str]:
        column = self.columns[name]
        # One scan in C for a cell that may begin with the export's quote; a false
        # alarm only costs the exact check.
        if "\x00'" in "\x00" + "\x00".join(column):
            return list(map(unsafe_cell, column))
        return column

    def targeting(self) -> list[str]:
        def convert(text: str) -> str:
            if text and normalize_text(text) != "civilian targeting":
                raise _ColumnError(
                    "civilian_targeting",
                    _("“%(v)s” is not ACLED's value (empty or “Civilian targeting”).")
                    % {"v": text},
                )
            return taxonomy.CIVILIAN_TARGETING if text else ""

        return self.mapped("civilian_targeting", convert)

    def values(self) -> list[Sequence[Any]]:
        """The ACLED fields, column by column in ACLED_FIELDS order (rows with
        problems too: the caller leaves them out)."""
        self.event_ids()
        self.required()
        event_date = self.dates()
        disorder, disorder_source, event, sub = self.events()
        inter1 = self.mapped("inter1", lambda text: self.taxon.inter("inter1", text))
        inter2 = self.mapped("inter2", lambda text: self.taxon.inter("inter2", text))
        interaction = self.interactions(inter1, inter2)
        targeting = self.targeting()
        timestamp = self.timestamps()
        fatalities = [number or 0 for number in self.integers("fatalities")]
        # The import key of each row: ACLED's id (a row without one is keyed by its
        # content later).
        self.source_keys = self.texts("event_id_cnty")
        event_ids = [text or None for text in self.source_keys]
        texts = {name: self.texts(name) for name in _TEXT_COLUMNS}
        columns: dict[str, Sequence[Any]] = {
            "event_id_cnty": event_ids,
            "event_date": event_date,
            "time_precision": self.integers("time_precision"),
            "disorder_type": disorder,
            "disorder_type_source": disorder_source,
            "event_type": event,
            "sub_event_type": sub,
            "inter1": inter1,
            "inter2": inter2,
            "interaction": interaction,
            "civilian_targeting": targeting,
            "iso": self.integers("iso"),
            "latitude": self.coordinates("latitude", 90.0),
            "longitude": self.coordinates("longitude", 180.0),
            "geo_precision": self.integers("geo_precision"),
            "fatalities": fatalities,
            "acled_timestamp": timestamp,
            **texts,
        }
        return [columns[name] for name in ACLED_FIELDS]


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


def _fit(records: list[list[str]], starts: list[int], width: int, warnings: list[Problem]) -> None:
    """Give every record the header's width: missing cells read as empty, extra
    cells are dropped (with a warning when they hold something)."""
    if set(map(len, records)) <= {width}:
        return
    for cells, start in zip(records, starts, strict=True):
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        elif len(cells) > width:
            if any(cell.strip() for cell in cells[width:]):
                warnings.append(
                    Problem(start, "", _("More cells than columns: the extra cells are ignored."))
                )
            del cells[width:]


@dataclass
class _Checked:
    """A chunk of a file's records, read and checked: the ACLED fields column by
    column (every row, problems too), each row's first problem, its source key and
    the line where it starts."""

    by_field: list[Sequence[Any]]
    errors: dict[int, tuple[int, str, str]]
    source_keys: list[str]
    starts: list[int]
    warnings: list[Problem]
    total_rows: int
    other_country: int
    other_countries: set[str]


def _other_country_rows(
    columns: dict[str, list[str]], iso3: list[str], country: CountryFilter
) -> tuple[list[int], set[str]]:
    """The rows of other countries than ``country``, and those countries (each as
    its rows name it: country, else iso3, else iso). Each distinct trio of cells is
    looked at once."""
    trios = list(zip(columns["country"], columns["iso"], iso3, strict=True))
    others = {trio for trio in set(trios) if country.holds(*trio) is False}
    if not others:
        return [], set()
    rows = [row for row, trio in enumerate(trios) if trio in others]
    return rows, {name or code or number for name, number, code in others}


def _check_records(
    rows: list[Row], headers: list[str], country: CountryFilter | None, taxon: Taxon
) -> _Checked:
    records = [row.values for row in rows]
    starts = [row.number for row in rows]
    total = len(records)
    warnings: list[Problem] = []
    _fit(records, starts, len(headers), warnings)
    position: dict[str, int] = {}
    for index, name in enumerate(headers):
        position.setdefault(name, index)
    # One list per column, every cell stripped (in C); a column the file lacks is empty.
    transposed = list(zip(*records, strict=True)) if records else [() for _h in headers]
    del records
    empty = [""] * len(starts)
    columns = {
        name: list(map(str.strip, transposed[position[name]])) if name in position else empty
        for name in taxonomy.COLUMNS
    }
    other_rows: list[int] = []
    other_countries: set[str] = set()
    if country is not None:
        iso3 = list(map(str.strip, transposed[position["iso3"]])) if "iso3" in position else empty
        other_rows, other_countries = _other_country_rows(columns, iso3, country)
        if other_rows:
            skipped = set(other_rows)
            pick = picker([row for row in range(len(starts)) if row not in skipped])
            columns = {name: pick(column) for name, column in columns.items()}
            starts = pick(starts)
    del transposed
    checker = _Checker(columns, len(starts), taxon)
    by_field = checker.values()
    return _Checked(
        by_field,
        checker.errors,
        checker.source_keys,
        starts,
        warnings,
        total,
        len(other_rows),
        other_countries,
    )


def header_problems(headers: list[str]) -> tuple[list[Problem], list[Problem]]:
    """The problems and warnings of a file's header (normalized)."""
    result = ParseResult()
    _header_problems(headers, result)
    return result.problems, result.warnings


def check_rows(
    rows: list[Row], headers: list[str], *, country: CountryFilter | None, taxon: Taxon
) -> ParseResult:
    """A chunk of an ACLED file's records, validated, in one process: the accepted
    events column by column, the problems (each bad row's first) and warnings.
    Without ``country``, every country's events; with it (``CountryFilter``), only
    that country's, the others counted and skipped, not refused (a file with none of
    its events is refused when the whole file has been read: ``no_event_of``).
    ``taxon`` caches the taxonomy's answers from chunk to chunk."""
    with paused_gc():
        checked = _check_records(rows, headers, country, taxon)
    result = ParseResult(
        total_rows=checked.total_rows,
        other_country=checked.other_country,
        other_countries=sorted(checked.other_countries),
    )
    result.warnings.extend(checked.warnings)
    by_field, starts = checked.by_field, checked.starts
    for row, (_order, column, message) in sorted(checked.errors.items()):
        result.problems.append(Problem(starts[row], column, message))
    result.refused_rows = len(checked.errors)
    chosen, keys, duplicates = _kept_rows(checked)
    if chosen is not None:
        pick = picker(chosen)
        by_field = [pick(column) for column in by_field]
        starts = pick(starts)
    result.columns, result.keys, result.numbers = by_field, keys, starts
    result.warnings = sorted([*result.warnings, *duplicates], key=lambda p: p.row)
    result.warnings.extend(_quirk_warnings(result.column("disorder_type_source"), starts))
    return result


def picker(rows: list[int]) -> Callable[[Sequence[Any]], list[Any]]:
    """Selects ``rows`` of a column (in C)."""
    if not rows:
        return lambda column: []
    if len(rows) == 1:
        return lambda column: [column[rows[0]]]
    getter = operator.itemgetter(*rows)
    return lambda column: list(getter(column))


def _kept_rows(checked: _Checked) -> tuple[list[int] | None, list[str], list[Problem]]:
    """The rows to write (None: all of them), their keys, and a warning for each
    event that appears twice (the more recent one is kept)."""
    source_keys, starts, errors = checked.source_keys, checked.starts, checked.errors
    if not errors and "" not in source_keys and len(set(source_keys)) == len(starts):
        # ACLED's ids, all present and distinct: every row, keyed by its id.
        return None, source_keys, []
    by_field = checked.by_field
    by_key: dict[str, int] = {}
    duplicates: list[Problem] = []
    stamps = by_field[I_TS]
    for row in range(len(starts)):
        if row in errors:
            continue
        key = source_keys[row] or content_key(tuple(column[row] for column in by_field))
        earlier = by_key.get(key)
        if earlier is not None:
            duplicates.append(
                Problem(
                    starts[row],
                    "event_id_cnty",
                    _("The same event as row %(row)s; the more recent of the two is kept.")
                    % {"row": starts[earlier]},
                )
            )
            if (stamps[row] or 0) < (stamps[earlier] or 0):
                continue
        by_key[key] = row
    return list(by_key.values()), list(by_key), duplicates


def _quirk_warnings(spellings: Sequence[str], numbers: list[int]) -> list[Problem]:
    """One warning per misspelt disorder type that was mapped, at its first row."""
    if not any(spellings):
        return []
    quirks: dict[str, list[int]] = {}
    for spelled, number in zip(spellings, numbers, strict=True):
        if spelled:
            quirks.setdefault(spelled, []).append(number)
    warnings = []
    for spelled, found in quirks.items():
        canonical, _quirk = taxonomy.disorder_type(spelled)
        more = len(found) - 1
        message = _("“%(v)s” is read as “%(c)s” (the source's spelling is kept).") % {
            "v": spelled,
            "c": canonical,
        }
        if more:
            message += " " + _("Also on %(n)s more rows.") % {"n": more}
        warnings.append(Problem(min(found), "disorder_type", message))
    return warnings


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    return [problem.line() for problem in problems]
