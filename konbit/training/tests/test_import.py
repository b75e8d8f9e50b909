"""Attendance and results from a spreadsheet on core's import pipeline: row-level
problems, nothing written from a bad file, re-importing a no-op (issue 14, item 1)."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from konbit.accounts.tests.cast import CAST
from konbit.core.imports import pipeline
from konbit.core.models import AuditAction, AuditEntry, ImportRun
from konbit.training.importer import KIND, parse_score
from konbit.training.models import AssessmentResult, Attendance, TrainingSession
from konbit.training.tests.factories import (
    AssessmentFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(cast):
    cohort = CohortFactory(name="Import class")
    SessionFactory(cohort=cohort, held_on="2024-09-02", topic="Human rights")
    AssessmentFactory(cohort=cohort, name="Firearms", pass_mark=Decimal("60"))
    for n in range(3):
        EnrolmentFactory(cohort=cohort, trainee=TraineeFactory(registration_number=f"CAD-{n}"))
    EnrolmentFactory(
        cohort=cohort,
        trainee=TraineeFactory(registration_number="CAD-LEFT"),
        status="withdrawn",
        withdrawn_on="2024-09-10",
        withdrawal_reason="dropped_out",
    )
    return cohort


GOOD = (
    "registration_number,session,present,assessment,score,topic\n"
    "CAD-0,2024-09-02,yes,Firearms,72.5,\n"
    "CAD-1,02/09/2024,no,firearms,55,\n"
    "CAD-2,2024-09-09,oui,,,Road safety\n"
    "CAD-LEFT,2024-09-09,yes,,,\n"
)


def import_file(tmp_path: Path, cohort, text, *args, user="hnp_liaison"):
    path = tmp_path / "results.csv"
    path.write_text(text)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_training_results", str(path), "--cohort", cohort.name, "--as", user, *args,
        stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_importing_attendance_and_results(cast, cohort, tmp_path):
    out, _err = import_file(tmp_path, cohort, GOOD)
    assert "4 created, 0 updated, 0 unchanged" in out and "1 new sessions" in out
    assert Attendance.objects.filter(present=True).count() == 3
    assert Attendance.objects.filter(present=False).count() == 1
    new = TrainingSession.objects.get(cohort=cohort, held_on="2024-09-09")
    assert new.topic == "Road safety"
    scores = dict(
        AssessmentResult.objects.values_list("enrolment__trainee__registration_number", "score")
    )
    assert scores == {"CAD-0": Decimal("72.50"), "CAD-1": Decimal("55.00")}
    run_ = ImportRun.objects.get(kind=KIND)
    assert Attendance.objects.filter(import_run=run_).count() == 4
    entries = AuditEntry.objects.count()
    # The same file again: nothing changes, no audit entry.
    out, _err = import_file(tmp_path, cohort, GOOD)
    assert "0 created, 0 updated, 4 unchanged" in out
    assert AuditEntry.objects.count() == entries
    # A changed score is an update.
    out, _err = import_file(tmp_path, cohort, GOOD.replace("72.5", "80"))
    assert "0 created, 1 updated, 3 unchanged" in out
    assert (
        AssessmentResult.objects.get(enrolment__trainee__registration_number="CAD-0").version == 2
    )


BAD_ROWS = [
    ("CAD-9,2024-09-02,yes,,,", "registration_number", "no cadet CAD-9"),
    ("CAD-0,2024-13-45,yes,,,", "session", "not a date"),
    ("CAD-0,2023-01-01,yes,,,", "session", "outside the cohort's dates"),
    ("CAD-0,2024-09-02,maybe,,,", "present", "yes or no"),
    ("CAD-0,2024-09-02,,,,", "present", "required"),
    ("CAD-0,,,Swimming,70,", "assessment", "no assessment Swimming"),
    ("CAD-0,,,Firearms,101,", "score", "a number from 0 to 100"),
    ("CAD-0,,,Firearms,7.123,", "score", "a number from 0 to 100"),
    ("CAD-0,,,Firearms,,", "score", "required"),
    ("CAD-0,,,,70,", "assessment", "required with a score"),
    ("CAD-0,,,,,", "session", "name a session or an assessment"),
    ("CAD-LEFT,2024-09-20,yes,,,", "session", "after this cadet's withdrawal"),
    ("CAD-0,2024-09-02,yes,,,,extra", "", "more cells than columns"),
    (",2024-09-02,yes,,,", "registration_number", "required"),
]


@pytest.mark.parametrize("line,column,message", BAD_ROWS, ids=[b[2] for b in BAD_ROWS])
def test_a_bad_row_is_reported_and_nothing_is_written(cohort, tmp_path, line, column, message):
    text = (
        "registration_number,session,present,assessment,score,topic\nCAD-1,2024-09-02,yes,,,\n"
        + line
        + "\n"
    )
    with pytest.raises(CommandError):
        _out, _err = import_file(tmp_path, cohort, text)
    run_ = ImportRun.objects.get(kind=KIND)
    assert run_.status == ImportRun.Status.REFUSED
    (problem,) = run_.problems
    assert problem["row"] == 3 and problem["column"] == column
    assert message in problem["message"]
    assert not Attendance.objects.exists() and not AssessmentResult.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_a_duplicate_row_is_reported(cohort, tmp_path):
    text = GOOD + "CAD-0,2024-09-02,no,,,\n"
    with pytest.raises(CommandError):
        import_file(tmp_path, cohort, text)
    (problem,) = ImportRun.objects.get(kind=KIND).problems
    assert problem["row"] == 6 and "row 2" in problem["message"]
    assert not Attendance.objects.exists()


def test_skip_invalid_imports_the_good_rows(cohort, tmp_path):
    _out, err = import_file(tmp_path, cohort, GOOD + "CAD-9,2024-09-02,yes,,,\n", "--skip-invalid")
    assert "row 6, column registration_number" in err
    assert Attendance.objects.count() == 4


@pytest.mark.parametrize(
    "header,column",
    [
        ("registration_number,session,present,grade", "grade"),
        ("session,present", "registration_number"),
        ("registration_number,topic", "session"),
        ("registration_number,session", "present"),
        ("registration_number,assessment", "score"),
        ("registration_number,session,present,session", "session"),
    ],
)
def test_a_bad_header_refuses_the_file(cohort, tmp_path, header, column):
    with pytest.raises(CommandError):
        import_file(tmp_path, cohort, header + "\nCAD-0,2024-09-02,yes,\n")
    run_ = ImportRun.objects.get(kind=KIND)
    assert run_.status == ImportRun.Status.REFUSED
    assert column in {p["column"] for p in run_.problems}
    assert not Attendance.objects.exists()


def test_xlsx_is_read_too(cohort, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Registration number", "Session", "Present", "Assessment", "Score"])
    sheet.append(["CAD-0", "2024-09-02", "yes", "Firearms", 65])
    path = tmp_path / "results.xlsx"
    book.save(path)
    out = io.StringIO()
    call_command(
        "import_training_results", str(path), "--cohort", cohort.name, "--as", "hq_staff",
        stdout=out,
    )  # fmt: skip
    assert "1 created" in out.getvalue()
    assert AssessmentResult.objects.get().score == Decimal("65.00")


@pytest.mark.parametrize("who", CAST)
def test_who_may_import(cast, cohort, tmp_path, who):
    importer = pipeline.importer_for(KIND)
    allowed = who in {"mission_admin", "hq_staff", "hnp_liaison"}
    assert importer.may_import(cast[who]) == allowed
    assert importer.may_import(cast[who], {"cohort": str(cohort.pk)}) == allowed
    if who == "anonymous":
        return
    if allowed:
        out, _err = import_file(tmp_path, cohort, GOOD, user=who)
        assert "4 created" in out
    else:
        with pytest.raises(CommandError, match="may not import"):
            import_file(tmp_path, cohort, GOOD, user=who)
        assert not ImportRun.objects.filter(kind=KIND).exists()


def test_unknown_cohort_is_a_clear_error(cohort, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError, match="no cohort named"):
        call_command("import_training_results", str(path), "--cohort", "Nope", "--as", "hq_staff")


def test_upload_page(cast, client_as, cohort):
    liaison = client_as(cast["hnp_liaison"])
    assert liaison.get("/training/import/").status_code == 200
    assert client_as(cast["analyst"]).get("/training/import/").status_code == 404
    upload = io.BytesIO(GOOD.encode())
    upload.name = "results.csv"
    response = liaison.post("/training/import/", {"cohort": str(cohort.pk), "file": upload})
    assert response.status_code == 302
    assert not Attendance.objects.exists()  # checked, waiting for confirmation


def test_parse_score():
    assert parse_score("72,5") == Decimal("72.50")
    assert parse_score("NaN") is None
    assert parse_score("-1") is None
