"""A contingent's roster as a table (CSV or XLSX): the importer the core pipeline runs
(checking each row, working out what importing it would change), the template, and
the export.

Nothing here writes: ``konbit.forces.services.roster`` applies a plan. Headers match
whatever their case, spacing or accents; units match by name within the contingent
ignoring case and accents; dates are ISO or day-first (31/12/1990).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from konbit.core import tabular
from konbit.core.imports.base import Importer, Job, Outcome, Refused
from konbit.core.models import ImportRun
from konbit.core.policies import policy_for
from konbit.core.tabular import Problem, normalize_text
from konbit.forces.models import Contingent, Deployment, Personnel, Unit, validate_languages
from konbit.forces.models.personnel import RANK_GRADES
from konbit.forces.policies import contingents_for

# Column, required column, required value (the template's order).
COLUMNS: list[tuple[str, bool, bool]] = [
    ("service_number", True, True),
    ("rank", True, True),
    ("rank_grade", False, False),
    ("given_name", True, True),
    ("family_name", True, True),
    ("sex", True, True),
    ("date_of_birth", True, True),
    ("specialty", True, True),
    ("unit", True, False),
    ("languages", False, False),
    ("hr_screening", False, False),
    ("hr_screened_on", False, False),
    ("medical_clearance", False, False),
    ("predeployment_training", False, False),
    ("status", False, False),
    ("arrival_date", False, False),
]
HEADERS = [name for name, _c, _v in COLUMNS]
# Other names rosters use for the same columns (already normalized).
ALIASES = {
    "service_no": "service_number",
    "service_n": "service_number",
    "force_number": "service_number",
    "first_name": "given_name",
    "first_names": "given_name",
    "given_names": "given_name",
    "surname": "family_name",
    "last_name": "family_name",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "gender": "sex",
    "arrival": "arrival_date",
    "grade": "rank_grade",
}
CHOICES: dict[str, Any] = {
    "specialty": Personnel.Specialty,
    "hr_screening": Personnel.Screening,
    "medical_clearance": Personnel.Medical,
    "predeployment_training": Personnel.Training,
    "status": Personnel.Status,
}
SEXES = {"f": "F", "female": "F", "m": "M", "male": "M"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]
# Fields a roster row sets on a person (arrival_date and unit are handled apart).
PERSON_FIELDS = [h for h in HEADERS if h not in ("unit", "arrival_date")] + ["unit_id"]
KIND = "forces_roster"
# People absent from a roster listed on its run (all are counted).
ABSENT_CAP = 1000


@dataclass
class RosterRow:
    number: int
    values: dict[str, Any]  # field -> value; absent optional fields are left out
    arrival: dt.date | None


def parse_date(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def choice_maps() -> dict[str, dict[str, str]]:
    """For each column with choices: its values and labels (normalized) -> value. Built
    once a file, in the user's language."""
    maps: dict[str, dict[str, str]] = {}
    for name, choices in CHOICES.items():
        maps[name] = {}
        for value, label in choices.choices:
            maps[name][normalize_text(str(label))] = str(value)
            maps[name][normalize_text(str(value))] = str(value)
    return maps


def _max_length(name: str) -> int | None:
    return getattr(Personnel._meta.get_field(name), "max_length", None)


def check_header(headers: list[str], original: list[str]) -> tuple[dict[int, str], list[Problem]]:
    """Map the file's columns (by position) to the roster's; every unknown or missing
    one is a problem."""
    problems: list[Problem] = []
    mapping: dict[int, str] = {}
    for index, (written, normalized) in enumerate(zip(original, headers, strict=False)):
        if not normalized:
            continue
        name = ALIASES.get(normalized, normalized)
        if name not in HEADERS:
            problems.append(Problem(1, written, _("unknown column")))
        elif name in mapping.values():
            problems.append(Problem(1, written, _("this column appears twice")))
        else:
            mapping[index] = name
    for name, required, _value in COLUMNS:
        if required and name not in mapping.values():
            problems.append(Problem(1, name, _("required column missing")))
    return mapping, problems


def raw_values(row: tabular.Row, mapping: dict[int, str]) -> dict[str, str]:
    """A row's cells by roster column, stripped, the export's formula quote undone."""
    values = row.values
    return {
        name: tabular.unsafe_cell(values[index].strip()) if index < len(values) else ""
        for index, name in mapping.items()
    }


def check_row(
    number: int,
    raw: dict[str, str],
    units: dict[str, Unit],
    choices: dict[str, dict[str, str]],
    *,
    extra_cells: bool = False,
) -> tuple[RosterRow | None, list[Problem]]:
    """One row's values, or its problems (each with its column and a plain reason).
    Labels are read before lengths are checked: "fit for deployment" and "female"
    are accepted wherever the forms show them."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def bad(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    if extra_cells:
        bad("", _("more cells than columns"))
    for name, _required_column, required in COLUMNS:
        text = raw.get(name, "")
        if not text:
            if required:
                bad(name, _("required"))
            continue
        if name == "sex":
            if text.casefold() not in SEXES:
                bad(name, _("must be F or M, not %(v)s") % {"v": text})
            else:
                values[name] = SEXES[text.casefold()]
        elif name in ("date_of_birth", "hr_screened_on", "arrival_date"):
            day = parse_date(text)
            if day is None:
                bad(name, _("not a date (use 2024-12-31 or 31/12/2024): %(v)s") % {"v": text})
            else:
                values[name] = day
        elif name in CHOICES:
            value = choices[name].get(normalize_text(text))
            if value is None:
                allowed = ", ".join(str(v) for v in CHOICES[name].values)
                bad(name, _("unknown value %(v)s (one of: %(a)s)") % {"v": text, "a": allowed})
            else:
                values[name] = value
        elif name == "unit":
            unit = units.get(normalize_text(text))
            if unit is None:
                bad(name, _("no unit named %(v)s in this contingent") % {"v": text})
            else:
                values["unit_id"] = unit.pk
        elif name == "rank_grade":
            # The model field's own validators: the form and the API check the same.
            try:
                values[name] = Personnel.rank_grade.field.clean(text, None)
            except ValidationError:
                bad(
                    name,
                    _("a whole number from 1 to %(n)s, not %(v)s") % {"n": RANK_GRADES, "v": text},
                )
        elif name == "languages" and len(text) > (_max_length(name) or 0):
            bad(name, _("longer than %(n)s characters") % {"n": _max_length(name)})
        elif name == "languages":
            try:
                validate_languages(text)
            except ValidationError as exc:
                bad(name, str(exc.messages[0]))
            else:
                values[name] = ", ".join(code.strip() for code in text.split(",") if code.strip())
        elif (limit := _max_length(name)) and len(text) > limit:
            bad(name, _("longer than %(n)s characters") % {"n": limit})
        else:
            values[name] = text
    if "unit" in raw and not raw["unit"]:
        values["unit_id"] = None
    dob = values.get("date_of_birth")
    if dob and dob >= dt.date.today():
        bad("date_of_birth", _("in the future"))
    if problems:
        return None, problems
    return RosterRow(number, values, values.pop("arrival_date", None)), []


def _defaults(row: RosterRow) -> dict[str, Any]:
    values = dict(row.values)
    if "status" not in values:
        values["status"] = (
            Personnel.Status.DEPLOYED
            if row.arrival and row.arrival <= dt.date.today()
            else Personnel.Status.PLEDGED
        )
    return values


def roster_queryset(contingent: Contingent) -> QuerySet[Personnel]:
    """The contingent's people with their unit and latest arrival (one query)."""
    latest = (
        Deployment.objects.filter(person=OuterRef("pk"))
        .values("person")
        .annotate(last=Max("arrival_date"))
        .values("last")
    )
    return (
        Personnel.objects.filter(contingent=contingent)
        .select_related("unit")
        .annotate(arrival_date=Subquery(latest))
        .order_by("service_number")
    )


def roster_rows(people: QuerySet[Personnel]) -> list[list[Any]]:
    def cell(person: Personnel, name: str) -> Any:
        if name == "unit":
            return person.unit.name if person.unit else ""
        value = getattr(person, name)
        return "" if value is None else value

    return [[cell(person, name) for name in HEADERS] for person in people]


def write_roster(people: QuerySet[Personnel], fmt: str) -> bytes:
    """The roster as CSV or XLSX, formula-safe; importing it back changes nothing."""
    rows = roster_rows(people)
    if fmt == "xlsx":
        return tabular.write_xlsx(HEADERS, rows, title="Roster")
    buffer = io.StringIO()
    tabular.write_csv(buffer, HEADERS, rows)
    return buffer.getvalue().encode("utf-8")


TEMPLATE_EXAMPLE = [
    "DEMO-0001", "Constable", "2", "Alfa", "Demo-Example", "F", "1990-05-17",
    "police_officer", "", "en, fr", "cleared", "2024-05-01", "fit", "completed", "", "",
]  # fmt: skip


def roster_template(fmt: str) -> bytes:
    """An empty roster: its headers only, so that nothing invented can be imported by
    mistake. The workbook shows an example row on a second sheet (imports read the
    first sheet only)."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        workbook.create_sheet(title="Roster").append(HEADERS)
        example = workbook.create_sheet(title=_("Example")[:31])
        example.append(HEADERS)
        example.append(TEMPLATE_EXAMPLE)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer_text = io.StringIO()
    tabular.write_csv(buffer_text, HEADERS, [])
    return buffer_text.getvalue().encode("utf-8")


# --- The importer: what the core pipeline needs from the roster ----------------------


@dataclass
class RosterPlan:
    """What importing a chunk of rows would do."""

    creates: list[Personnel] = field(default_factory=list)
    updates: list[tuple[Personnel, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0
    new_deployments: list[Deployment] = field(default_factory=list)
    moved_deployments: list[tuple[Deployment, dt.date]] = field(default_factory=list)


class RosterForm(forms.Form):
    contingent = forms.ModelChoiceField(label=_l("Contingent"), queryset=Contingent.objects.none())

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contingent"].queryset = contingents_for(user, Personnel, "import")  # type: ignore[attr-defined]


class RosterImporter(Importer):
    kind = KIND
    domain = "forces"
    label = _l("Import a contingent's roster")
    explanation = _l(
        "Upload the roster as an Excel workbook (.xlsx) or a CSV file, one person a row. "
        "People are matched by service number; people of the contingent missing from "
        "the file are listed and left unchanged."
    )
    upload_url_name = "forces:roster_upload"
    example_formats = ("xlsx", "csv")
    extra_template = "forces/_roster_absent.html"

    def options_form(self, user: Any, data: Any = None) -> forms.Form:
        return RosterForm(data, user=user)

    def options(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"contingent": str(cleaned["contingent"].pk)}

    def may_import(self, user: Any, options: dict[str, Any] | None = None) -> bool:
        """HQ imports any contingent's roster, a commander their own (the personnel
        policy's "import")."""
        if options is None:
            return policy_for(Personnel).allows(user, "import")
        return policy_for(Personnel).allows(
            user, "import", contingent=options.get("contingent") or None
        )

    def scope(self, options: dict[str, Any]) -> str:
        found = Contingent.objects.filter(pk=options.get("contingent", "")).values_list(
            "country__iso3", flat=True
        )
        return found.first() or ""

    def example(self, fmt: str) -> bytes:
        return roster_template(fmt)

    def begin(
        self, run: ImportRun, headers: list[str], original: list[str], *, dry_run: bool
    ) -> Job:
        mapping, problems = check_header(headers, original)
        if problems:
            raise Refused(problems)
        return RosterJob(run, mapping, width=len(headers), dry_run=dry_run)


class RosterJob(Job):
    """Checks each chunk and plans it against the contingent's people (a few
    queries a chunk); the plan is written by ``services.roster.roster_apply``."""

    def __init__(self, run: ImportRun, mapping: dict[int, str], *, width: int, dry_run: bool):
        super().__init__(run, dry_run=dry_run)
        self.mapping, self.width = mapping, width
        self.contingent = Contingent.objects.select_related("country").get(
            pk=run.options["contingent"]
        )
        self.units = {
            normalize_text(u.name): u for u in Unit.objects.filter(contingent=self.contingent)
        }
        self.choices = choice_maps()
        # Each service number seen so far (valid or not) and its row; the people of
        # the contingent by service number.
        self.seen: dict[str, int] = {}
        people = Personnel.objects.filter(contingent=self.contingent)
        self.people: dict[str, Any] = {
            number.casefold(): pk for number, pk in people.values_list("service_number", "pk")
        }
        self.deployments = {"new": 0, "moved": 0}

    def check(self, rows: list[tabular.Row]) -> tuple[RosterPlan, list[Problem], list[Problem]]:
        problems: list[Problem] = []
        checked: list[RosterRow] = []
        for row in rows:
            raw = raw_values(row, self.mapping)
            extra = any(value.strip() for value in row.values[self.width :])
            good, found = check_row(row.number, raw, self.units, self.choices, extra_cells=extra)
            number = raw.get("service_number", "")
            key = number.casefold()
            if key and key in self.seen:
                found = [
                    Problem(
                        row.number,
                        "service_number",
                        _("%(n)s already appears in row %(r)s")
                        % {"n": number, "r": self.seen[key]},
                    )
                ]
                good = None
            elif key:
                self.seen[key] = row.number
            problems.extend(found)
            if good is not None:
                checked.append(good)
        return self._plan(checked, problems), problems, []

    def _plan(self, rows: list[RosterRow], problems: list[Problem]) -> RosterPlan:
        """Compare the chunk's good rows with the people they name (two queries):
        who is new, what changes for whom, whose arrival is new."""
        plan = RosterPlan()
        keys = [row.values["service_number"].casefold() for row in rows]
        pks = [self.people[key] for key in keys if key in self.people]
        people = {p.pk: p for p in Personnel.objects.filter(pk__in=pks)}
        latest: dict[Any, Deployment] = {}
        for deployment in Deployment.objects.filter(person__in=pks).order_by("arrival_date"):
            latest[deployment.person_id] = deployment  # the last one wins
        for row, key in zip(rows, keys, strict=True):
            person = people.get(self.people.get(key, ""))
            if person is None:
                person = Personnel(contingent=self.contingent, **_defaults(row))
                plan.creates.append(person)
                if row.arrival:
                    plan.new_deployments.append(Deployment(person=person, arrival_date=row.arrival))
                continue
            current = latest.get(person.pk)
            new_arrival = bool(row.arrival) and (
                current is None or current.arrival_date != row.arrival
            )
            if (
                new_arrival
                and current is not None
                and current.actual_end is not None
                and row.arrival is not None
                and row.arrival < current.actual_end
            ):
                problems.append(
                    Problem(
                        row.number,
                        "arrival_date",
                        _("before the end of this person's last deployment (%(d)s)")
                        % {"d": current.actual_end.isoformat()},
                    )
                )
                continue
            changes = {
                name: [getattr(person, name), value]
                for name, value in row.values.items()
                if name != "service_number" and getattr(person, name) != value
            }
            if changes:
                plan.updates.append((person, changes))
            if new_arrival and row.arrival is not None:
                if current is not None and current.actual_end is None:
                    plan.moved_deployments.append((current, row.arrival))
                else:
                    plan.new_deployments.append(Deployment(person=person, arrival_date=row.arrival))
            if not changes and not new_arrival:
                plan.unchanged += 1
        return plan

    def write(self, valid: RosterPlan) -> Outcome:
        from konbit.forces.services.roster import roster_apply

        if not self.dry_run:
            roster_apply(actor=self.run.actor, plan=valid, run=self.run)
        self.deployments["new"] += len(valid.new_deployments)
        self.deployments["moved"] += len(valid.moved_deployments)
        updated = {person.pk for person, _c in valid.updates}
        moved_only = sum(1 for d, _a in valid.moved_deployments if d.person_id not in updated)
        return Outcome(
            created=len(valid.creates),
            updated=len(valid.updates) + moved_only,
            unchanged=valid.unchanged,
        )

    def finish(self) -> dict[str, Any]:
        """The contingent's people missing from the file (listed, never changed)."""
        absent: list[dict[str, str]] = []
        total = 0
        people = (
            Personnel.objects.filter(contingent=self.contingent)
            .order_by("service_number")
            .values_list("service_number", "given_name", "family_name")
        )
        for number, given, family in people.iterator():
            if number.casefold() not in self.seen:
                total += 1
                if len(absent) < ABSENT_CAP:
                    absent.append({"service_number": number, "name": f"{given} {family}"})
        return {
            "absent": absent,
            "absent_total": total,
            "new_deployments": self.deployments["new"],
            "moved_deployments": self.deployments["moved"],
        }
