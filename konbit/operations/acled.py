"""Reading ACLED files: every row validated with plain Python (no form or serializer
per row, so that 100,000 rows take seconds), each problem tied to its row and column.

Accepted: ACLED's full 31-column export and the narrower files of its API (a subset
of columns, the 2024 text labels for actor types and interactions), a stray index
column, UTF-8 with or without BOM, notes over several lines (a record's row is the
line where it starts). Columns of the user's own are ignored with a warning; known
misspellings are kept, mapped and warned about. Writing is ``acled_write``'s job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from konbit.core.tabular import Problem, TableError, iter_csv, normalize_text
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
    values: dict[str, Any]
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


def content_key(values: dict[str, Any]) -> str:
    """A key for rows without ``event_id_cnty``: the same event gives the same key,
    whichever file it comes from."""
    text = "\x1f".join(str(values.get(name) or "") for name in _KEY_FIELDS)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_of(values: dict[str, Any]) -> str:
    text = "\x1f".join(str(values.get(name)) for name in ACLED_FIELDS)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


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


def _row_values(cells: dict[str, str], taxon: _Taxon) -> dict[str, Any]:
    """One row's ACLED fields, validated; raises ``_ColumnError`` at the first problem."""
    get = cells.get
    for name in ("event_type", "sub_event_type", "actor1"):
        if not get(name, "").strip():
            raise _ColumnError(name, _("A value is required."))
    date_text = get("event_date", "").strip()
    if not date_text:
        raise _ColumnError("event_date", _("A value is required."))
    try:
        event_date = parse_date(date_text)
    except ValueError:
        raise _ColumnError(
            "event_date", _("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": date_text}
        ) from None
    year = get("year", "").strip()
    if year and year != str(event_date.year):
        raise _ColumnError("year", _("%(y)s is not the year of the event date.") % {"y": year})
    disorder, disorder_source, event, sub = taxon.event(
        get("disorder_type", ""), get("event_type", ""), get("sub_event_type", "")
    )
    inter1 = taxon.inter("inter1", get("inter1", ""))
    inter2 = taxon.inter("inter2", get("inter2", ""))
    interaction_text = get("interaction", "").strip()
    interaction = (
        taxon.interaction(interaction_text)
        if interaction_text
        else taxonomy.interaction_for(inter1, inter2)
    )
    targeting = get("civilian_targeting", "").strip()
    if targeting and normalize_text(targeting) != "civilian targeting":
        raise _ColumnError(
            "civilian_targeting",
            _("“%(v)s” is not ACLED's value (empty or “Civilian targeting”).") % {"v": targeting},
        )
    try:
        timestamp = parse_timestamp(get("timestamp", "").strip())
    except ValueError:
        raise _ColumnError(
            "timestamp", _("“%(v)s” is not a Unix timestamp.") % {"v": get("timestamp")}
        ) from None
    fatalities = _int("fatalities", get("fatalities", "").strip())
    return {
        "event_id_cnty": get("event_id_cnty", "").strip() or None,
        "event_date": event_date,
        "time_precision": _int("time_precision", get("time_precision", "").strip(), low=1, high=3),
        "disorder_type": disorder,
        "disorder_type_source": disorder_source,
        "event_type": event,
        "sub_event_type": sub,
        "actor1": get("actor1", "").strip(),
        "assoc_actor_1": get("assoc_actor_1", "").strip(),
        "inter1": inter1,
        "actor2": get("actor2", "").strip(),
        "assoc_actor_2": get("assoc_actor_2", "").strip(),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": taxonomy.CIVILIAN_TARGETING if targeting else "",
        "iso": _int("iso", get("iso", "").strip(), high=999),
        "region": get("region", "").strip(),
        "country": get("country", "").strip(),
        "admin1": get("admin1", "").strip(),
        "admin2": get("admin2", "").strip(),
        "admin3": get("admin3", "").strip(),
        "location": get("location", "").strip(),
        "latitude": _coordinate("latitude", get("latitude", "").strip(), 90.0),
        "longitude": _coordinate("longitude", get("longitude", "").strip(), 180.0),
        "geo_precision": _int("geo_precision", get("geo_precision", "").strip(), low=1, high=3),
        "source": get("source", "").strip(),
        "source_scale": get("source_scale", "").strip(),
        "notes": get("notes", "").strip(),
        "fatalities": fatalities or 0,
        "tags": get("tags", "").strip(),
        "acled_timestamp": timestamp,
    }


_LIMITS = {
    "event_id_cnty": 32,
    "disorder_type_source": 64,
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


def _check_lengths(values: dict[str, Any]) -> None:
    for name, limit in _LIMITS.items():
        value = values[name]
        if name == "event_id_cnty" and value and value.startswith(MISSION_PREFIX):
            continue
        if value and len(value) > limit:
            raise _ColumnError(name, _("Longer than %(n)s characters.") % {"n": limit})


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


def parse(data: bytes, *, country: str | None = None) -> ParseResult:
    """Every row of an ACLED CSV file, validated. ``country`` keeps only that
    country's rows (the others are counted, not refused)."""
    result = ParseResult()
    try:
        original, rows = iter_csv(data)
    except TableError as exc:
        result.problems.append(exc.problem)
        return result
    from konbit.core.tabular import normalize_header

    headers = [normalize_header(h) for h in original]
    _header_problems(headers, result)
    if result.problems:
        return result
    wanted = normalize_text(country) if country else ""
    taxon = _Taxon()
    by_key: dict[str, ParsedRow] = {}
    quirks: dict[str, list[int]] = {}
    try:
        for row in rows:
            result.total_rows += 1
            cells = row.cells
            if wanted and cells.get("country") and normalize_text(cells["country"]) != wanted:
                result.other_country += 1
                continue
            try:
                values = _row_values(cells, taxon)
                _check_lengths(values)
            except _ColumnError as exc:
                result.problems.append(Problem(row.number, exc.column, exc.message))
                result.refused_rows += 1
                continue
            if "__extra__" in cells:
                result.warnings.append(
                    Problem(
                        row.number, "", _("More cells than columns: the extra cells are ignored.")
                    )
                )
            if values["disorder_type_source"]:
                quirks.setdefault(values["disorder_type_source"], []).append(row.number)
            key = values["event_id_cnty"] or content_key(values)
            if key.startswith(MISSION_PREFIX):
                # A mission report exported by Konbit: keyed by its own id, never
                # stored as an ACLED id.
                values["event_id_cnty"] = None
            parsed = ParsedRow(row.number, values, key, digest_of(values))
            earlier = by_key.get(key)
            if earlier is not None:
                result.warnings.append(
                    Problem(
                        row.number,
                        "event_id_cnty",
                        _("The same event as row %(row)s; the more recent of the two is kept.")
                        % {"row": earlier.number},
                    )
                )
                if (values["acled_timestamp"] or 0) < (earlier.values["acled_timestamp"] or 0):
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
