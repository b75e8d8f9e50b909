"""Indicator values from files, on core's import pipeline: the HDX HAPI IDP file
(``hapi``), IOM DTM's own API output (``dtm``) and the BINUH/OHCHR figures
(``binuh``). The format is told (``--format``, the upload form) or recognised by
the header.

Rows that cannot be used are reported, never guessed: a row of another country, a
P-code the gazetteer does not know, a department-level figure (HAPI) is skipped
with a warning naming its row and column; a cell that is not what its column needs
(a count that is not a whole number, a date that is not a date) is a problem, and
a file with problems writes nothing unless the valid rows are asked for. Each value
keeps the source's breakdown (DTM: operation, round, displacement reason, origin
department; ``female``/``male`` empty when the source leaves them empty: unknown).
A value is found again by its key (``figures.value_key``): re-importing a file
changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import connection, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from konbit.core import tabular
from konbit.core.bulk import REBUILD_AFTER, analyze, bulk_load, paused_gc, vacuum_after_load
from konbit.core.imports.base import Importer, Job, Outcome, Refused
from konbit.core.models import ImportRun
from konbit.core.policies import policy_for
from konbit.core.tabular import Problem, Row
from konbit.places.models import Commune
from konbit.stability.figures import value_key
from konbit.stability.models import Confidence, Indicator, IndicatorValue

KIND = "stability_indicators"
FORMATS = ("hapi", "dtm", "binuh")
# The columns each format needs (normalized headers) and the ones it may have.
REQUIRED = {
    "hapi": [
        "location_code",
        "admin_level",
        "admin2_code",
        "operation",
        "population",
        "reporting_round",
        "reference_period_start",
        "reference_period_end",
    ],
    "dtm": ["admin2pcode", "numpresentidpind", "reportingdate", "roundnumber", "operation"],
    "binuh": ["period_start", "period_end", "reporting_body", "killed", "injured", "kidnapped"],
}
# The indicators each format feeds, with their names (created when missing).
STANDARD = {
    "idps": (_l("Internally displaced people"), _l("people")),
    "killings": (_l("People killed"), _l("people")),
    "injuries": (_l("People injured"), _l("people")),
    "kidnappings": (_l("People kidnapped"), _l("people")),
    "schools_open": (_l("Schools open"), _l("schools")),
    "courts_functioning": (_l("Courts functioning"), _l("courts")),
    "police_stations": (_l("Police stations operational"), _l("stations")),
}
BINUH_COLUMNS = {"killed": "killings", "injured": "injuries", "kidnapped": "kidnappings"}
SOURCES = {
    "hapi": ("HDX HAPI (IOM DTM)", "https://data.humdata.org/dataset/hdx-hapi-idps"),
    "dtm": ("IOM DTM", "https://dtm.iom.int"),
}
HAITI = ("hti", "haiti")
# The fields an import compares on a value found again, and where the importer's row
# (``services.NEW_VALUE_FIELDS``) has them; ``published`` last.
_COMPARED = (
    "value",
    "female",
    "male",
    "breakdown",
    "source_url",
    "confidence",
    "period_start",
    "published",
)
_COMPARED_AT = (4, 5, 6, 7, 9, 10, 3)
# The columns the map, the series and the lists filter and group on.
PLANNER_FIELDS = ("indicator", "commune", "date", "published")
DTM_TEMPLATE = [
    "operation", "admin0Name", "admin0Pcode", "admin1Name", "admin1Pcode", "admin2Name",
    "admin2Pcode", "numPresentIdpInd", "reportingDate", "roundNumber", "displacementReason",
    "numberMales", "numberFemales", "idpOriginAdmin1Name", "idpOriginAdmin1Pcode",
    "assessmentType",
]  # fmt: skip
# DTM's own spelling of its columns, for the messages.
DTM_SPELLING = {
    name.casefold(): name
    for name in (
        "admin0Pcode", "admin0Name", "admin2Pcode", "numPresentIdpInd", "reportingDate",
        "roundNumber", "displacementReason", "numberMales", "numberFemales",
        "idpOriginAdmin1Pcode", "idpOriginAdmin1Name", "assessmentType",
    )
}  # fmt: skip


def detect(headers: list[str]) -> str | None:
    """The format whose required columns the header has."""
    present = set(headers)
    for name in FORMATS:
        if set(REQUIRED[name]) <= present:
            return name
    return None


def parse_count(text: str) -> int | None:
    """A whole non-negative number ("1 234", "1234.0" accepted); None if not one."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", "")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if number < 0 or number != int(number) or number > 10**12:
        return None
    return int(number)


def parse_day(text: str) -> dt.date | None:
    """An ISO date, or the date of an ISO date-time (DTM: 2024-03-01T00:00:00)."""
    head = text.strip()[:10]
    try:
        return dt.date.fromisoformat(head)
    except ValueError:
        return None


@dataclass
class Checked:
    """A chunk's values ready to write, by (indicator code, key): rows of
    ``services.NEW_VALUE_FIELDS``."""

    values: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)


class IndicatorImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_l("Format"),
        required=False,
        choices=[
            ("", _l("Recognise it from the header")),
            ("hapi", _l("HDX HAPI (displaced people)")),
            ("dtm", _l("IOM DTM API output")),
            ("binuh", _l("BINUH / OHCHR figures")),
        ],
    )
    publish = forms.BooleanField(
        label=_l("Publish the values (the public API shows them)"), required=False
    )


class IndicatorImporter(Importer):
    kind = KIND
    domain = "stability"
    label = _l("Import indicator values")
    explanation = format_lazy(
        "{} {}",
        _l(
            "Upload a CSV or Excel file of indicator values: the HDX HAPI file of displaced "
            "people, IOM DTM's API output (admin 2) or the BINUH/OHCHR figures. Rows of other "
            "countries, unknown P-codes and department totals are skipped and listed; "
            "importing the same file again changes nothing."
        ),
        _l("IOM DTM's API answer may also be uploaded as it comes, in JSON."),
    )
    upload_url_name = "stability:import"
    extensions = (".csv", ".xlsx", ".json")
    example_formats = ("csv",)

    def example(self, fmt: str) -> bytes:
        """The columns of IOM DTM's API output (admin 2) that the importer reads,
        without rows: nothing invented can be imported by mistake."""
        if fmt != "csv":
            raise LookupError(fmt)
        buffer = io.StringIO()
        tabular.write_csv(buffer, DTM_TEMPLATE, [])
        return buffer.getvalue().encode("utf-8")

    def options_form(self, user: Any, data: Any = None) -> forms.Form:
        return IndicatorImportForm(data)

    def options(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"format": cleaned.get("format") or "", "publish": bool(cleaned.get("publish"))}

    def may_import(self, user: Any, options: dict[str, Any] | None = None) -> bool:
        return policy_for(IndicatorValue).allows(user, "import")

    def scope(self, options: dict[str, Any]) -> str:
        return str(options.get("format") or "")

    def begin(
        self, run: ImportRun, headers: list[str], original: list[str], *, dry_run: bool
    ) -> Job:
        told = str(run.options.get("format") or "")
        if told and told not in FORMATS:
            raise Refused([Problem(0, "", _("Unknown format %(f)s.") % {"f": told})])
        fmt = told or detect(headers)
        if fmt is None:
            raise Refused(
                [
                    Problem(
                        1,
                        "",
                        _(
                            "This is not a file Konbit knows: the header has the columns of "
                            "neither HDX HAPI, IOM DTM nor the BINUH figures."
                        ),
                    )
                ]
            )
        missing = [name for name in REQUIRED[fmt] if name not in headers]
        if missing:
            raise Refused(
                [
                    Problem(1, DTM_SPELLING.get(name, name), _("this column is missing"))
                    for name in missing
                ]
            )
        return IndicatorJob(run, fmt, headers, dry_run=dry_run)


def indicators_ensure(actor: Any, codes: list[str]) -> dict[str, Indicator]:
    """The indicators of ``codes``, the standard ones created when missing."""
    from konbit.stability import services

    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for code in codes:
        if code not in found:
            name, unit = STANDARD[code]
            found[code] = services.indicator_create(
                actor=actor, data={"code": code, "name": str(name), "unit": str(unit)}
            )
    return found


class IndicatorJob(Job):
    """Checks each chunk's rows into values, and writes them in bulk."""

    def __init__(self, run: ImportRun, fmt: str, headers: list[str], *, dry_run: bool) -> None:
        super().__init__(run, dry_run=dry_run)
        self.fmt, self.headers = fmt, headers
        self.publish = bool(run.options.get("publish"))
        codes = list(BINUH_COLUMNS.values()) if fmt == "binuh" else ["idps"]
        self.indicators = indicators_ensure(run.actor, codes)
        self.communes = set(Commune.objects.values_list("pcode", flat=True))
        # (indicator code, key) -> the row that gave it, across chunks.
        self.seen: dict[tuple[str, str], int] = {}
        self.skipped = 0
        self.written = 0
        existing_rows = IndicatorValue.objects.count()
        # Only the first chunk into an empty table needs no look-ups.
        self.empty = existing_rows == 0
        self.loading = contextlib.ExitStack()
        self.loading.enter_context(paused_gc())
        if not dry_run:
            # Some 100 bytes a row at least: the load is sized from the file.
            estimated = (run.upload.size if run.upload else 0) // 100
            self.loading.enter_context(
                bulk_load(IndicatorValue, new_rows=estimated, existing_rows=existing_rows)
            )

    # --- rows -> values --------------------------------------------------------------
    def check(self, rows: list[Row]) -> tuple[Checked, list[Problem], list[Problem]]:
        checked = Checked()
        problems: list[Problem] = []
        warnings: list[Problem] = []
        reader = {"hapi": self._hapi, "dtm": self._dtm, "binuh": self._binuh}[self.fmt]
        for row in rows:
            cells = row.cells(self.headers)
            if "__extra__" in cells:
                problems.append(Problem(row.number, "", _("more cells than columns")))
                continue
            found, row_problems, row_warnings = reader(row.number, cells)
            problems.extend(row_problems)
            warnings.extend(row_warnings)
            if row_problems:
                continue
            if not found and row_warnings:
                self.skipped += 1
            for code, value in found:
                ident = (code, value[-1])
                if ident in self.seen:
                    warnings.append(
                        Problem(
                            row.number,
                            "",
                            _("the same value as row %(r)s: skipped") % {"r": self.seen[ident]},
                        )
                    )
                    continue
                self.seen[ident] = row.number
                checked.values[ident] = value
        return checked, problems, warnings

    def _value(
        self,
        code: str,
        *,
        commune: str | None,
        date: dt.date,
        value: int,
        source: str,
        source_url: str = "",
        breakdown: dict[str, Any] | None = None,
        period_start: dt.date | None = None,
        female: int | None = None,
        male: int | None = None,
        confidence: str = Confidence.HIGH,
    ) -> tuple[str, tuple[Any, ...]]:
        breakdown = breakdown or {}
        start = period_start if period_start and period_start != date else None
        key = value_key(
            commune=commune, date=date, source=source, breakdown=breakdown, period_start=start
        )
        # In the order of ``services.NEW_VALUE_FIELDS``.
        return code, (
            self.indicators[code].pk,
            commune,
            date,
            start,
            value,
            female,
            male,
            breakdown,
            source,
            source_url[:500],
            confidence,
            str(breakdown.get("assessment") or "")[:40],
            key,
        )

    def _commune(self, number: int, column: str, pcode: str, warnings: list[Problem]) -> bool:
        if not pcode:
            warnings.append(Problem(number, column, _("no P-code: skipped")))
            return False
        if pcode not in self.communes:
            warnings.append(
                Problem(
                    number,
                    column,
                    _("%(p)s is not a commune of the gazetteer: skipped, not guessed")
                    % {"p": pcode},
                )
            )
            return False
        return True

    def _count(
        self, number: int, column: str, text: str, problems: list[Problem], *, required: bool
    ) -> int | None:
        if not text.strip():
            if required:
                problems.append(Problem(number, column, _("required")))
            return None
        count = parse_count(text)
        if count is None:
            problems.append(
                Problem(number, column, _("not a whole number of 0 or more: %(v)s") % {"v": text})
            )
        return count

    def _day(self, number: int, column: str, text: str, problems: list[Problem]) -> dt.date | None:
        if not text.strip():
            problems.append(Problem(number, column, _("required")))
            return None
        day = parse_day(text)
        if day is None:
            problems.append(
                Problem(number, column, _("not a date (use 2024-12-31): %(v)s") % {"v": text})
            )
        return day

    def _dtm(
        self, number: int, c: dict[str, str]
    ) -> tuple[list[Any], list[Problem], list[Problem]]:
        problems: list[Problem] = []
        warnings: list[Problem] = []
        country = (c.get("admin0pcode") or c.get("admin0name") or "HTI").strip()
        if country.casefold() not in HAITI:
            column = "admin0Pcode" if c.get("admin0pcode") else "admin0Name"
            warnings.append(
                Problem(
                    number, column, _("a row of another country (%(c)s): skipped") % {"c": country}
                )
            )
            return [], problems, warnings
        pcode = c["admin2pcode"].strip().upper()
        value = self._count(
            number, "numPresentIdpInd", c["numpresentidpind"], problems, required=True
        )
        day = self._day(number, "reportingDate", c["reportingdate"], problems)
        round_number = self._count(number, "roundNumber", c["roundnumber"], problems, required=True)
        operation = c["operation"].strip()
        if not operation:
            problems.append(Problem(number, "operation", _("required")))
        male = self._count(
            number, "numberMales", c.get("numbermales", ""), problems, required=False
        )
        female = self._count(
            number, "numberFemales", c.get("numberfemales", ""), problems, required=False
        )
        if problems or not self._commune(number, "admin2Pcode", pcode, warnings):
            return [], problems, warnings
        assert value is not None and day is not None
        if (female or 0) + (male or 0) > value:
            warnings.append(
                Problem(
                    number, "numberFemales", _("women and men together are more than the total")
                )
            )
        breakdown: dict[str, Any] = {"operation": operation, "round": round_number}
        for name, column in (
            ("reason", "displacementreason"),
            ("origin_department", "idporiginadmin1pcode"),
            ("origin_department_name", "idporiginadmin1name"),
            ("assessment", "assessmenttype"),
        ):
            if (c.get(column) or "").strip():
                breakdown[name] = c[column].strip()
        source, url = SOURCES["dtm"]
        return (
            [
                self._value(
                    "idps",
                    commune=pcode,
                    date=day,
                    value=value,
                    source=source,
                    source_url=url,
                    breakdown=breakdown,
                    female=female,
                    male=male,
                )
            ],
            problems,
            warnings,
        )

    def _hapi(
        self, number: int, c: dict[str, str]
    ) -> tuple[list[Any], list[Problem], list[Problem]]:
        problems: list[Problem] = []
        warnings: list[Problem] = []
        country = c["location_code"].strip()
        if country.casefold() not in HAITI:
            warnings.append(
                Problem(
                    number,
                    "location_code",
                    _("a row of another country (%(c)s): skipped") % {"c": country},
                )
            )
            return [], problems, warnings
        if c.get("error", "").strip():
            warnings.append(
                Problem(number, "error", _("the source marks this row as an error: skipped"))
            )
            return [], problems, warnings
        level = c["admin_level"].strip()
        value = self._count(number, "population", c["population"], problems, required=True)
        end = self._day(number, "reference_period_end", c["reference_period_end"], problems)
        start_text = c["reference_period_start"].strip()
        start = parse_day(start_text) if start_text else None
        if start_text and start is None:
            problems.append(
                Problem(
                    number,
                    "reference_period_start",
                    _("not a date (use 2024-12-31): %(v)s") % {"v": start_text},
                )
            )
        if end and start and start > end:
            problems.append(
                Problem(number, "reference_period_start", _("after the end of the period"))
            )
        round_number = self._count(
            number, "reporting_round", c["reporting_round"], problems, required=False
        )
        if level not in ("0", "1", "2"):
            problems.append(
                Problem(number, "admin_level", _("must be 0, 1 or 2, not %(v)s") % {"v": level})
            )
        if problems:
            return [], problems, warnings
        if level == "1":
            warnings.append(
                Problem(
                    number,
                    "admin_level",
                    _("a department total: skipped (the communes' values give it)"),
                )
            )
            return [], problems, warnings
        pcode = c["admin2_code"].strip().upper() if level == "2" else None
        if pcode is not None and not self._commune(number, "admin2_code", pcode, warnings):
            return [], problems, warnings
        if c.get("warning", "").strip():
            warnings.append(
                Problem(
                    number, "warning", _("the source warns: %(w)s") % {"w": c["warning"].strip()}
                )
            )
        assert value is not None and end is not None
        breakdown: dict[str, Any] = {"operation": c["operation"].strip(), "round": round_number}
        if c.get("assessment_type", "").strip():
            breakdown["assessment"] = c["assessment_type"].strip()
        source, url = SOURCES["hapi"]
        return (
            [
                self._value(
                    "idps",
                    commune=pcode,
                    date=end,
                    period_start=start,
                    value=value,
                    source=source,
                    source_url=url,
                    breakdown=breakdown,
                )
            ],
            problems,
            warnings,
        )

    def _binuh(
        self, number: int, c: dict[str, str]
    ) -> tuple[list[Any], list[Problem], list[Problem]]:
        problems: list[Problem] = []
        warnings: list[Problem] = []
        start = self._day(number, "period_start", c["period_start"], problems)
        end = self._day(number, "period_end", c["period_end"], problems)
        body = c["reporting_body"].strip()
        if not body:
            problems.append(Problem(number, "reporting_body", _("required")))
        elif len(body) > 200:
            problems.append(Problem(number, "reporting_body", _("longer than 200 characters")))
        if start and end and start > end:
            problems.append(Problem(number, "period_start", _("after the end of the period")))
        counts = {
            column: self._count(number, column, c[column], problems, required=False)
            for column in BINUH_COLUMNS
        }
        if problems:
            return [], problems, warnings
        assert start is not None and end is not None
        url = (c.get("source_url") or "").split(";")[0].strip()
        if url and not url.startswith(("http://", "https://")):
            url = ""
        found = [
            self._value(
                code,
                commune=None,
                date=end,
                period_start=start,
                value=counts[column] or 0,
                source=body,
                source_url=url,
                confidence=Confidence.LOW,
            )
            for column, code in BINUH_COLUMNS.items()
            if counts[column] is not None
        ]
        if not found:
            warnings.append(
                Problem(number, "", _("no killed, injured or kidnapped figure: nothing to import"))
            )
        return found, problems, warnings

    # --- writing ---------------------------------------------------------------------------
    def write(self, valid: Checked) -> Outcome:
        from konbit.stability.services import values_import

        outcome = Outcome()
        if not valid.values:
            return outcome
        existing = {} if self.empty else self._existing(valid)
        self.empty = False
        creates: list[tuple[Any, ...]] = []
        changed: dict[Any, tuple[Any, ...]] = {}
        for (code, key), row in valid.values.items():
            current = existing.get((self.indicators[code].pk, key))
            if current is None:
                creates.append(row)
            elif self._differs(current, row):
                changed[current[0]] = row
            else:
                outcome.unchanged += 1
        updates = self._updated(changed)
        outcome.created, outcome.updated = len(creates), len(updates)
        if not self.dry_run:
            values_import(
                actor=self.run.actor,
                run=self.run,
                creates=creates,
                updates=updates,
                publish=self.publish,
            )
        self.written += outcome.created
        return outcome

    def _existing(self, valid: Checked) -> dict[tuple[Any, str], tuple[Any, ...]]:
        """The stored values of the chunk's keys, as (id, *``_COMPARED``): one query
        per indicator."""
        by_indicator: dict[Any, list[str]] = {}
        for code, key in valid.values:
            by_indicator.setdefault(self.indicators[code].pk, []).append(key)
        existing: dict[tuple[Any, str], tuple[Any, ...]] = {}
        for indicator_id, keys in by_indicator.items():
            found = IndicatorValue.objects.filter(indicator_id=indicator_id, key__in=keys)
            for key, *stored in found.values_list("key", "id", *_COMPARED).order_by():
                existing[(indicator_id, key)] = tuple(stored)
        return existing

    def _differs(self, current: tuple[Any, ...], row: tuple[Any, ...]) -> bool:
        """Whether a value found again changes (an import publishes when asked, and
        never unpublishes)."""
        if self.publish and not current[-1]:
            return True
        return any(current[1 + i] != row[at] for i, at in enumerate(_COMPARED_AT))

    def _updated(self, changed: dict[Any, tuple[Any, ...]]) -> list[IndicatorValue]:
        """The values of ``changed`` (id → the file's row) with the file's fields."""
        if not changed:
            return []
        values = list(IndicatorValue.objects.filter(pk__in=list(changed)))
        for value in values:
            row = changed[value.pk]
            for name, at in zip(_COMPARED, _COMPARED_AT, strict=False):
                setattr(value, name, row[at])
            value.assessment = row[-2]
            if self.publish:
                value.published = True
        return values

    def finish(self) -> dict[str, Any]:
        return {"format": self.fmt, "skipped": self.skipped}

    def close(self) -> None:
        try:
            self.loading.close()
        finally:
            if not self.dry_run and self.written >= REBUILD_AFTER:
                # Fresh statistics for the map's and the lists' queries.
                if connection.vendor == "postgresql" and not connection.savepoint_ids:
                    transaction.on_commit(lambda: vacuum_after_load(IndicatorValue, PLANNER_FIELDS))
                else:
                    analyze(IndicatorValue, PLANNER_FIELDS)
