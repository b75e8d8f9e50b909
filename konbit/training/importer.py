"""Attendance and assessment results of one cohort, from a spreadsheet (CSV or XLSX),
on core's import pipeline.

One row a cadet and a session or an assessment (or both):

    registration_number, session, present, assessment, score[, topic]

``session`` is the day of the session (2024-09-02 or 02/09/2024): a day the cohort has
no session for yet becomes a new session (``topic`` names it). ``present`` is yes or
no (1/0, present/absent, oui/non, wi/non). ``assessment`` names one of the cohort's
assessments, ``score`` is out of 100. Cadets are matched by registration number
among those enrolled in the cohort. A cell that cannot be read is a problem with its
row and column, and nothing of a file with problems is written unless the valid rows
are asked for; importing the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from konbit.core import tabular
from konbit.core.imports.base import Importer, Job, Outcome, Refused
from konbit.core.models import ImportRun
from konbit.core.policies import policy_for
from konbit.core.tabular import Problem, normalize_text
from konbit.forces.roster import parse_date
from konbit.training.models import (
    Assessment,
    AssessmentResult,
    Attendance,
    Cohort,
    Enrolment,
    TrainingSession,
)

KIND = "training_results"
HEADERS = ["registration_number", "session", "present", "assessment", "score", "topic"]
ALIASES = {
    "registration": "registration_number",
    "registration_no": "registration_number",
    "cadet": "registration_number",
    "matricule": "registration_number",
    "date": "session",
    "session_date": "session",
    "attendance": "present",
    "exam": "assessment",
    "mark": "score",
    "note": "score",
}
PRESENT = {
    **dict.fromkeys(["yes", "y", "1", "true", "present", "p", "x", "oui", "o", "si", "wi"], True),
    **dict.fromkeys(["no", "n", "0", "false", "absent", "a", "non"], False),
}
TWO_PLACES = Decimal("0.01")


@dataclass
class ResultsPlan:
    """What importing a chunk would do."""

    new_sessions: list[TrainingSession] = field(default_factory=list)
    attendance_new: list[Attendance] = field(default_factory=list)
    attendance_changed: list[Attendance] = field(default_factory=list)
    results_new: list[AssessmentResult] = field(default_factory=list)
    results_changed: list[AssessmentResult] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)


@dataclass
class Checked:
    number: int
    enrolment_id: Any
    session_day: dt.date | None
    topic: str
    present: bool | None
    assessment: Assessment | None
    score: Decimal | None


def check_header(headers: list[str], original: list[str]) -> dict[int, str]:
    """The file's columns (by position) mapped to the importer's; refuses unknown,
    repeated or missing columns."""
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
    found = set(mapping.values())
    if "registration_number" not in found:
        problems.append(Problem(1, "registration_number", _("required column missing")))
    if not found & {"session", "assessment"}:
        problems.append(
            Problem(1, "session", _("name a session or an assessment column (or both)"))
        )
    for needs, needed in (("session", "present"), ("assessment", "score")):
        if needs in found and needed not in found:
            problems.append(Problem(1, needed, _("required with the %(c)s column") % {"c": needs}))
    if problems:
        raise Refused(problems)
    return mapping


def parse_score(text: str) -> Decimal | None:
    """A score out of 100 with at most two decimals (a comma or a point), or None."""
    try:
        value = Decimal(text.replace(",", ".").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > 100 or value != value.quantize(TWO_PLACES):
        return None
    return value.quantize(TWO_PLACES)


def results_template() -> bytes:
    """An empty file: the headers only, so that nothing invented is imported."""
    buffer = io.StringIO()
    tabular.write_csv(buffer, HEADERS, [])
    return buffer.getvalue().encode("utf-8")


class CohortChoiceForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_l("Cohort"), queryset=Cohort.objects.none())

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from konbit.training.selectors import cohorts_visible_to

        self.fields["cohort"].queryset = cohorts_visible_to(user)  # type: ignore[attr-defined]


class ResultsImporter(Importer):
    kind = KIND
    domain = "training"
    label = _l("Import attendance and results")
    explanation = _l(
        "Upload an Excel workbook (.xlsx) or a CSV file for one cohort, one row a cadet "
        "and a session or an assessment: registration_number, session (its day), "
        "present (yes or no), assessment (its name), score (out of 100), and topic for "
        "a new session. Cadets are matched by registration number among those "
        "enrolled; a day without a session yet becomes one. Importing the same file "
        "again changes nothing."
    )
    upload_url_name = "training:import"
    example_formats = ("csv",)

    def options_form(self, user: Any, data: Any = None) -> forms.Form:
        return CohortChoiceForm(data, user=user)

    def options(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"cohort": str(cleaned["cohort"].pk)}

    def may_import(self, user: Any, options: dict[str, Any] | None = None) -> bool:
        """HQ staff and the HNP liaison import (the enrolment policy's "import"), for
        a cohort they may see."""
        policy = policy_for(Enrolment)
        if not policy.allows(user, "import"):
            return False
        if options is None or "cohort" not in options:
            return True
        return policy_for(Cohort).visible(user).filter(pk=options["cohort"]).exists()

    def scope(self, options: dict[str, Any]) -> str:
        found = Cohort.objects.filter(pk=options.get("cohort", "")).values_list("name", flat=True)
        return found.first() or ""

    def example(self, fmt: str) -> bytes:
        if fmt != "csv":
            return super().example(fmt)
        return results_template()

    def begin(
        self, run: ImportRun, headers: list[str], original: list[str], *, dry_run: bool
    ) -> Job:
        mapping = check_header(headers, original)
        return ResultsJob(run, mapping, width=len(headers), dry_run=dry_run)


class ResultsJob(Job):
    """Checks each chunk against the cohort (its cadets, sessions and assessments,
    read once) and plans it against what is recorded (two queries a chunk)."""

    def __init__(self, run: ImportRun, mapping: dict[int, str], *, width: int, dry_run: bool):
        super().__init__(run, dry_run=dry_run)
        self.mapping, self.width = mapping, width
        self.cohort = Cohort.objects.get(pk=run.options["cohort"])
        self.last_day = self.cohort.ends_on or self.cohort.graduation_on
        self.enrolments = {
            normalize_text(number): (pk, withdrawn_on)
            for number, pk, withdrawn_on in Enrolment.objects.filter(
                cohort=self.cohort
            ).values_list("trainee__registration_number", "pk", "withdrawn_on")
        }
        self.sessions: dict[dt.date, TrainingSession] = {
            s.held_on: s for s in TrainingSession.objects.filter(cohort=self.cohort)
        }
        self.assessments = {
            normalize_text(a.name): a for a in Assessment.objects.filter(cohort=self.cohort)
        }
        # (enrolment, session day) and (enrolment, assessment) seen, with their row.
        self.seen: dict[tuple[Any, Any], int] = {}
        self.new_sessions = 0

    # --- checking ---------------------------------------------------------------------
    def _row(self, row: tabular.Row) -> tuple[Checked | None, list[Problem]]:
        problems: list[Problem] = []

        def bad(column: str, message: str) -> None:
            problems.append(Problem(row.number, column, message))

        values = row.values
        raw = {
            name: tabular.unsafe_cell(values[i].strip()) if i < len(values) else ""
            for i, name in self.mapping.items()
        }
        if any(value.strip() for value in values[self.width :]):
            bad("", _("more cells than columns"))
        number = raw.get("registration_number", "")
        enrolment_id, withdrawn_on = None, None
        if not number:
            bad("registration_number", _("required"))
        else:
            found = self.enrolments.get(normalize_text(number))
            if found is None:
                bad(
                    "registration_number",
                    _("no cadet %(v)s is enrolled in %(c)s") % {"v": number, "c": self.cohort},
                )
            else:
                enrolment_id, withdrawn_on = found
        day, present = None, None
        if raw.get("session"):
            day = parse_date(raw["session"])
            if day is None:
                bad(
                    "session",
                    _("not a date (use 2024-12-31 or 31/12/2024): %(v)s") % {"v": raw["session"]},
                )
            elif day < self.cohort.starts_on or (self.last_day and day > self.last_day):
                bad("session", _("outside the cohort's dates: %(v)s") % {"v": raw["session"]})
            elif withdrawn_on and day > withdrawn_on:
                bad(
                    "session",
                    _("after this cadet's withdrawal (%(d)s)") % {"d": withdrawn_on.isoformat()},
                )
            text = raw.get("present", "")
            present = PRESENT.get(normalize_text(text)) if text else None
            if present is None:
                bad("present", _("yes or no, not %(v)s") % {"v": text} if text else _("required"))
        elif raw.get("present"):
            bad("session", _("required with a presence"))
        if len(raw.get("topic", "")) > 200:
            bad("topic", _("longer than %(n)s characters") % {"n": 200})
        assessment, score = None, None
        if raw.get("assessment"):
            assessment = self.assessments.get(normalize_text(raw["assessment"]))
            if assessment is None:
                known = ", ".join(a.name for a in self.assessments.values()) or "—"
                bad(
                    "assessment",
                    _("no assessment %(v)s in this cohort (one of: %(a)s)")
                    % {"v": raw["assessment"], "a": known},
                )
            text = raw.get("score", "")
            score = parse_score(text) if text else None
            if score is None:
                bad(
                    "score",
                    _("a number from 0 to 100 (two decimals at most), not %(v)s") % {"v": text}
                    if text
                    else _("required"),
                )
        elif raw.get("score"):
            bad("assessment", _("required with a score"))
        if not raw.get("session") and not raw.get("assessment") and not problems:
            bad("session", _("name a session or an assessment"))
        for key, column in (
            ((enrolment_id, day), "session"),
            ((enrolment_id, assessment), "assessment"),
        ):
            if enrolment_id is None or key[1] is None:
                continue
            if key in self.seen:
                bad(column, _("this cadet already has this in row %(r)s") % {"r": self.seen[key]})
            else:
                self.seen[key] = row.number
        if problems:
            return None, problems
        return Checked(
            row.number, enrolment_id, day, raw.get("topic", ""), present, assessment, score
        ), []

    def check(self, rows: list[tabular.Row]) -> tuple[ResultsPlan, list[Problem], list[Problem]]:
        problems: list[Problem] = []
        checked: list[Checked] = []
        for row in rows:
            good, found = self._row(row)
            problems.extend(found)
            if good is not None:
                checked.append(good)
        return self._plan(checked), problems, []

    def _session(self, day: dt.date, topic: str, plan: ResultsPlan) -> TrainingSession:
        session = self.sessions.get(day)
        if session is None:
            session = TrainingSession(cohort=self.cohort, held_on=day, topic=topic)
            self.sessions[day] = session
            plan.new_sessions.append(session)
            self.new_sessions += 1
        return session

    def _plan(self, rows: list[Checked]) -> ResultsPlan:
        """Compare the chunk's rows with what is recorded (two queries)."""
        plan = ResultsPlan()
        enrolments = {row.enrolment_id for row in rows}
        # What is recorded as (id, value, version): a changed record is written
        # from these alone (``update_each``), no model read whole.
        attendance = {
            (enrolment, session): (pk, present, version)
            for enrolment, session, pk, present, version in Attendance.objects.filter(
                enrolment_id__in=enrolments, session__cohort=self.cohort
            ).values_list("enrolment_id", "session_id", "pk", "present", "version")
        }
        results = {
            (enrolment, assessment): (pk, score, version)
            for enrolment, assessment, pk, score, version in AssessmentResult.objects.filter(
                enrolment_id__in=enrolments, assessment__cohort=self.cohort
            ).values_list("enrolment_id", "assessment_id", "pk", "score", "version")
        }
        for row in rows:
            created = changed = False
            if row.session_day is not None and row.present is not None:
                session = self._session(row.session_day, row.topic, plan)
                current = attendance.get((row.enrolment_id, session.pk))
                if current is None:
                    plan.attendance_new.append(
                        Attendance(
                            session=session, enrolment_id=row.enrolment_id, present=row.present
                        )
                    )
                    created = True
                elif current[1] != row.present:
                    plan.attendance_changed.append(
                        Attendance(pk=current[0], present=row.present, version=current[2])
                    )
                    changed = True
            if row.assessment is not None and row.score is not None:
                result = results.get((row.enrolment_id, row.assessment.pk))
                if result is None:
                    plan.results_new.append(
                        AssessmentResult(
                            assessment=row.assessment,
                            enrolment_id=row.enrolment_id,
                            score=row.score,
                        )
                    )
                    created = True
                elif result[1] != row.score:
                    plan.results_changed.append(
                        AssessmentResult(pk=result[0], score=row.score, version=result[2])
                    )
                    changed = True
            if created:
                plan.outcome.created += 1
            elif changed:
                plan.outcome.updated += 1
            else:
                plan.outcome.unchanged += 1
        return plan

    def write(self, valid: ResultsPlan) -> Outcome:
        from konbit.training.services import results_apply

        if not self.dry_run:
            results_apply(actor=self.run.actor, plan=valid, run=self.run)
        return valid.outcome

    def finish(self) -> dict[str, Any]:
        return {"new_sessions": self.new_sessions}
