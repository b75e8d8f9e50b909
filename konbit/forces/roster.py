"""A contingent's roster as a table (CSV or XLSX): reading and checking it row by row,
working out what importing it would change, and writing it back out.

Nothing here writes: ``konbit.forces.services.roster`` applies a plan. Headers match
whatever their case, spacing or accents; units match by name within the contingent
ignoring case and accents; dates are ISO or day-first (31/12/1990).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from konbit.core import tabular
from konbit.core.tabular import Problem, normalize_text
from konbit.forces.models import Contingent, Deployment, Personnel, Unit, validate_languages

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
ALLOWED_EXTENSIONS = (".csv", ".xlsx")


@dataclass
class RosterRow:
    number: int
    values: dict[str, Any]  # field -> value; absent optional fields are left out
    arrival: dt.date | None


@dataclass
class RosterPlan:
    """What importing a roster would do."""

    contingent: Contingent
    problems: list[Problem] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)
    creates: list[Personnel] = field(default_factory=list)
    updates: list[tuple[Personnel, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0
    new_deployments: list[Deployment] = field(default_factory=list)
    moved_deployments: list[tuple[Deployment, dt.date]] = field(default_factory=list)
    absent: list[Personnel] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len(self.bad_rows) + (1 if any(p.row <= 1 for p in self.problems) else 0)

    @property
    def file_refused(self) -> bool:
        """A problem with the file itself (not a row): nothing can be imported."""
        return any(p.row <= 1 for p in self.problems)

    def absent_list(self) -> list[dict[str, str]]:
        return [
            {"service_number": p.service_number, "name": f"{p.given_name} {p.family_name}"}
            for p in self.absent
        ]


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


def check_header(table: tabular.Table) -> tuple[dict[str, str], list[Problem]]:
    """Map the file's columns to the roster's; every unknown or missing one is a problem."""
    problems: list[Problem] = []
    mapping: dict[str, str] = {}
    for original, normalized in zip(table.original_headers, table.headers, strict=False):
        if not normalized:
            continue
        name = ALIASES.get(normalized, normalized)
        if name not in HEADERS:
            problems.append(Problem(1, original, _("unknown column")))
        elif name in mapping.values():
            problems.append(Problem(1, original, _("this column appears twice")))
        else:
            mapping[normalized] = name
    for name, required, _value in COLUMNS:
        if required and name not in mapping.values():
            problems.append(Problem(1, name, _("required column missing")))
    return mapping, problems


def check_row(
    number: int,
    cells: dict[str, str],
    mapping: dict[str, str],
    units: dict[str, Unit],
    choices: dict[str, dict[str, str]],
) -> tuple[RosterRow | None, list[Problem]]:
    """One row's values, or its problems (each with its column and a plain reason)."""
    raw = {mapping[k]: v.strip() for k, v in cells.items() if k in mapping}
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def bad(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    if "__extra__" in cells:
        bad("", _("more cells than columns"))
    for name, _required_column, required in COLUMNS:
        text = raw.get(name, "")
        if not text:
            if required:
                bad(name, _("required"))
            continue
        limit = _max_length(name) if name not in ("unit", "arrival_date") else None
        if limit and len(text) > limit:
            bad(name, _("longer than %(n)s characters") % {"n": limit})
        elif name == "sex":
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
            if not text.isdigit() or not 1 <= int(text) <= 20:
                bad(name, _("a whole number from 1 to 20, not %(v)s") % {"v": text})
            else:
                values[name] = int(text)
        elif name == "languages":
            try:
                validate_languages(text)
            except ValidationError as exc:
                bad(name, str(exc.messages[0]))
            else:
                values[name] = ", ".join(code.strip() for code in text.split(",") if code.strip())
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


def read_roster(
    data: bytes, file_name: str, contingent: Contingent
) -> tuple[list[RosterRow], RosterPlan]:
    """Read and check every row; a plan with the problems found (nothing planned yet)."""
    plan = RosterPlan(contingent=contingent)
    if not file_name.lower().endswith(ALLOWED_EXTENSIONS):
        plan.problems.append(
            Problem(
                0, "", _("The roster must be a .csv or .xlsx file, not %(f)s.") % {"f": file_name}
            )
        )
        return [], plan
    if not data.strip():
        plan.problems.append(Problem(0, "", _("The file is empty.")))
        return [], plan
    try:
        table = tabular.read_table(data, file_name)
    except tabular.TableError as exc:
        plan.problems.append(exc.problem)
        return [], plan
    mapping, header_problems = check_header(table)
    plan.problems.extend(header_problems)
    if not table.rows and not header_problems:
        plan.problems.append(Problem(0, "", _("The file has no rows under its header.")))
    if plan.problems:
        return [], plan
    units = {normalize_text(u.name): u for u in Unit.objects.filter(contingent=contingent)}
    choices = choice_maps()
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        checked, problems = check_row(row.number, row.cells, mapping, units, choices)
        number = (checked.values.get("service_number") if checked else None) or ""
        key = number.casefold()
        if checked and key in seen:
            problems = [
                Problem(
                    row.number,
                    "service_number",
                    _("%(n)s already appears in row %(r)s") % {"n": number, "r": seen[key]},
                )
            ]
            checked = None
        if problems:
            plan.problems.extend(problems)
            plan.bad_rows.add(row.number)
            continue
        assert checked is not None
        seen[key] = row.number
        rows.append(checked)
    return rows, plan


def plan_roster(rows: list[RosterRow], plan: RosterPlan) -> RosterPlan:
    """Compare the good rows with the contingent's people (two queries): who is new,
    what changes for whom, whose arrival is new, and who is absent from the roster."""
    people = {
        p.service_number.casefold(): p
        for p in Personnel.objects.filter(contingent=plan.contingent).order_by()
    }
    latest: dict[Any, Deployment] = {}
    for deployment in Deployment.objects.filter(person__contingent=plan.contingent).order_by(
        "arrival_date"
    ):
        latest[deployment.person_id] = deployment  # the last one wins
    present: set[str] = set()
    for row in rows:
        key = row.values["service_number"].casefold()
        present.add(key)
        person = people.get(key)
        if person is None:
            person = Personnel(contingent=plan.contingent, **_defaults(row))
            plan.creates.append(person)
            if row.arrival:
                plan.new_deployments.append(Deployment(person=person, arrival_date=row.arrival))
            continue
        current = latest.get(person.pk)
        new_arrival = bool(row.arrival) and (current is None or current.arrival_date != row.arrival)
        if (
            new_arrival
            and current is not None
            and current.actual_end is not None
            and row.arrival is not None
            and row.arrival < current.actual_end
        ):
            plan.problems.append(
                Problem(
                    row.number,
                    "arrival_date",
                    _("before the end of this person's last deployment (%(d)s)")
                    % {"d": current.actual_end.isoformat()},
                )
            )
            plan.bad_rows.add(row.number)
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
    plan.absent = sorted(
        (p for key, p in people.items() if key not in present), key=lambda p: p.service_number
    )
    return plan


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
    """An empty roster with its headers and one invented example row."""
    if fmt == "xlsx":
        return tabular.write_xlsx(HEADERS, [TEMPLATE_EXAMPLE], title="Roster")
    buffer = io.StringIO()
    tabular.write_csv(buffer, HEADERS, [TEMPLATE_EXAMPLE])
    return buffer.getvalue().encode("utf-8")
