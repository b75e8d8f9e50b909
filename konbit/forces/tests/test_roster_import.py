"""``manage.py import_roster``: every rule of the issue's item 6."""

import io

import pytest
from django.core.management import CommandError, call_command

from konbit.core import tabular
from konbit.core.imports import pipeline
from konbit.core.models import AuditAction, AuditEntry, ImportRun
from konbit.forces.models import Deployment, Personnel
from konbit.forces.roster import RosterImporter
from konbit.forces.services import roster_export
from konbit.forces.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Service Number,Rank,Given Name,FAMILY_NAME,sex,Date of Birth,Specialty,Unit,arrival_date\n"
)
GOOD = HEADER + (
    "KE-001,Constable,Alfa,Demo-One,F,1990-05-17,police officer,rapid deployment unit,2024-06-25\n"
    "KE-002,Sergeant,Bravo,Demo-Two,m,17/05/1988,medical,Unité Spéciale,2024-06-25\n"
    "KE-003,Inspector,Charlie,=Demo-Three,M,1985-01-02,communications,,\n"
)


@pytest.fixture
def kenya(contingents):
    UnitFactory(contingent=contingents["KEN"], name="Rapid Deployment Unit")
    UnitFactory(contingent=contingents["KEN"], name="Unite speciale")
    return contingents["KEN"]


def run(tmp_path, content, *args, name="roster.csv", as_user=None):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out, err = io.StringIO(), io.StringIO()
    extra = ["--as", as_user] if as_user else []
    call_command(
        "import_roster", str(path), "--contingent", "ken", *extra, *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def refused(tmp_path, content, name="roster.csv"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_roster", str(path), "--contingent", "KEN", stdout=io.StringIO(), stderr=err
        )
    return err.getvalue()


def roster_import(*, actor, contingent, data, file_name, skip_invalid=False):
    """The pipeline's run of a roster held in memory (as the command runs it)."""
    run = pipeline.start(
        actor=actor,
        importer=RosterImporter(),
        handle=io.BytesIO(data),
        file_name=file_name,
        size=len(data),
        options={"contingent": str(contingent.pk)},
        skip_invalid=skip_invalid,
        queue=False,
    )
    return pipeline.run_now(run)


def test_good_roster_creates_people_and_deployments(tmp_path, kenya):
    out, err = run(tmp_path, GOOD)
    assert err == ""
    assert "3 created" in out
    people = {p.service_number: p for p in Personnel.objects.all()}
    assert people["KE-002"].date_of_birth.isoformat() == "1988-05-17"
    assert people["KE-002"].unit.name == "Unite speciale"
    assert people["KE-003"].unit is None and people["KE-003"].family_name == "=Demo-Three"
    assert people["KE-001"].status == "deployed" and people["KE-003"].status == "pledged"
    assert Deployment.objects.count() == 2
    import_run = ImportRun.objects.get()
    assert (import_run.kind, import_run.created, import_run.status) == ("forces_roster", 3, "done")
    assert import_run.sha256 == tabular.sha256_of(GOOD.encode())
    assert set(Personnel.objects.values_list("import_run", flat=True)) == {import_run.pk}
    # One audit entry for the run (not one per person): who, file, SHA-256, counts.
    entry = AuditEntry.objects.get(domain="forces")
    assert (entry.action, entry.target_id) == (AuditAction.IMPORT, str(import_run.pk))
    assert import_run.sha256 in entry.detail and "3 created" in entry.detail
    assert not import_run.upload  # the upload is deleted once the run ends


def test_reimport_is_a_no_op(tmp_path, kenya):
    run(tmp_path, GOOD)
    before = list(Personnel.objects.values_list("pk", "version", "updated_at"))
    entries = AuditEntry.objects.count()
    out, _err = run(tmp_path, GOOD)
    assert "0 created, 0 updated, 3 unchanged" in out
    assert list(Personnel.objects.values_list("pk", "version", "updated_at")) == before
    assert AuditEntry.objects.count() == entries
    assert Deployment.objects.count() == 2


def test_newer_roster_updates_by_service_number_and_lists_the_absent(tmp_path, kenya):
    run(tmp_path, GOOD)
    newer = HEADER + (
        "KE-001,Corporal,Alfa,Demo-One,F,1990-05-17,police_officer,Rapid Deployment Unit,"
        "2024-06-25\n"
        "KE-004,Constable,Delta,Demo-Four,F,1992-03-04,logistics,,2025-01-18\n"
    )
    out, _err = run(tmp_path, newer)
    assert "1 created, 1 updated, 0 unchanged" in out
    assert "KE-002" in out and "KE-003" in out  # absent, listed
    assert Personnel.objects.get(service_number="KE-001").rank == "Corporal"
    assert Personnel.objects.get(service_number="KE-001").version == 2
    assert Personnel.objects.filter(service_number__in=["KE-002", "KE-003"]).count() == 2
    latest = ImportRun.objects.latest("started_at")
    assert latest.extra["absent"][0]["service_number"] == "KE-002"
    assert Personnel.objects.get(service_number="KE-001").import_run == latest
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, target_id=str(latest.pk)).exists()


BAD_INPUTS = [
    ("missing required field", HEADER + "KE-9,,Alfa,Demo,F,1990-01-01,medical,,\n",
     "row 2, column rank: required"),
    ("bad date", HEADER + "KE-9,Constable,Alfa,Demo,F,1990-31-31,medical,,\n",
     "row 2, column date_of_birth: not a date"),
    ("bad sex", HEADER + "KE-9,Constable,Alfa,Demo,X,1990-01-01,medical,,\n",
     "row 2, column sex: must be F or M"),
    ("unknown unit", HEADER + "KE-9,Constable,Alfa,Demo,F,1990-01-01,medical,Navy,\n",
     "row 2, column unit: no unit named Navy"),
    ("duplicate service number",
     HEADER + "KE-9,Constable,Alfa,Demo,F,1990-01-01,medical,,\n"
     "KE-9,Constable,Bravo,Demo,M,1990-01-01,medical,,\n",
     "row 3, column service_number: KE-9 already appears in row 2"),
    ("unknown column", HEADER.strip() + ",shoe_size\nKE-9,Constable,Alfa,Demo,F,1990-01-01,"
     "medical,,,44\n", "row 1, column shoe_size: unknown column"),
    ("missing column", "service_number,rank\nKE-9,Constable\n",
     "row 1, column given_name: required column missing"),
    ("bad specialty", HEADER + "KE-9,Constable,Alfa,Demo,F,1990-01-01,astronaut,,\n",
     "row 2, column specialty: unknown value astronaut"),
    ("empty file", "", "The file is empty."),
    ("header only", HEADER, "The file has no rows under its header."),
]  # fmt: skip


@pytest.mark.parametrize("label,content,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_roster_is_refused_with_its_message_and_nothing_written(
    tmp_path, kenya, label, content, message
):
    err = refused(tmp_path, content)
    assert message in err
    assert Personnel.objects.count() == 0 and Deployment.objects.count() == 0
    assert not AuditEntry.objects.filter(domain="forces").exists()
    assert ImportRun.objects.get().status == "refused"


def test_wrong_file_type_is_refused(tmp_path, kenya):
    err = refused(tmp_path, b"%PDF-1.4 not a roster", name="roster.pdf")
    assert "must be a .csv or .xlsx file" in err
    err = refused(tmp_path, b"PK\x03\x04 not a workbook", name="roster.xlsx")
    assert "not an Excel workbook" in err
    assert Personnel.objects.count() == 0


def test_one_message_per_bad_row(tmp_path, kenya):
    content = GOOD + (
        "KE-010,Constable,Echo,Demo,Q,1990-01-01,medical,,\n"
        "KE-011,Constable,Foxtrot,Demo,F,someday,medical,,\n"
    )
    err = refused(tmp_path, content)
    assert err.splitlines() == [
        "row 5, column sex: must be F or M, not Q",
        "row 6, column date_of_birth: not a date (use 2024-12-31 or 31/12/2024): someday",
    ]
    assert Personnel.objects.count() == 0


def test_skip_invalid_writes_the_good_rows_and_reports_the_rest(tmp_path, kenya):
    content = GOOD + "KE-010,Constable,Echo,Demo,Q,1990-01-01,medical,,\n"
    out, err = run(tmp_path, content, "--skip-invalid")
    assert "row 5, column sex" in err
    assert "3 created" in out and "1 refused" in out
    assert Personnel.objects.count() == 3
    assert ImportRun.objects.get().refused == 1


def test_dry_run_writes_nothing(tmp_path, kenya):
    out, _err = run(tmp_path, GOOD, "--dry-run")
    assert "Dry run" in out and "3 created" in out
    assert Personnel.objects.count() == 0 and AuditEntry.objects.count() == 0
    # The dry run is on record as one, its upload deleted.
    dry = ImportRun.objects.get()
    assert dry.dry_run and dry.status == "done" and not dry.upload


def test_dry_run_fails_when_the_real_run_would_refuse(tmp_path, kenya):
    content = GOOD + "KE-010,Constable,Echo,Demo,Q,1990-01-01,medical,,\n"
    with pytest.raises(CommandError):
        run(tmp_path, content, "--dry-run")
    out, err = run(tmp_path, content, "--dry-run", "--skip-invalid")
    assert "row 5, column sex" in err and "3 created" in out
    assert Personnel.objects.count() == 0


def test_commander_imports_only_their_own_contingent(tmp_path, kenya, cast):
    with pytest.raises(CommandError, match="may not import"):
        run(tmp_path, GOOD, as_user="jam_commander")
    assert Personnel.objects.count() == 0
    run(tmp_path, GOOD, as_user="ken_commander")
    assert Personnel.objects.count() == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_reimport_changes_nothing(tmp_path, kenya, cast, fmt):
    run(tmp_path, GOOD)
    Personnel.objects.filter(service_number="KE-002").update(hr_screening="cleared")
    exported = roster_export(actor=cast["hq_staff"], contingent=kenya, fmt=fmt)
    _headers, rows = tabular.read_table(exported, f"roster.{fmt}")
    assert len(rows) == 3
    if fmt == "csv":
        assert "'=Demo-Three" in exported.decode()
    export_entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert export_entry.actor_username == "hq_staff" and "KEN" in export_entry.detail
    before = list(Personnel.objects.values_list("pk", "version"))
    entries = AuditEntry.objects.count()
    result = roster_import(
        actor=cast["hq_staff"], contingent=kenya, data=exported, file_name=f"roster.{fmt}"
    )
    assert result.status == "done" and result.unchanged == 3, result.problems
    assert list(Personnel.objects.values_list("pk", "version")) == before
    assert AuditEntry.objects.count() == entries


def test_xlsx_roster_with_real_dates(tmp_path, kenya):
    import datetime as dt

    rows = [["KE-100", "Constable", "Golf", "Demo", "F", dt.date(1991, 7, 8), "medical", "", ""]]
    headers = [h.strip() for h in HEADER.split(",")]
    data = tabular.write_xlsx(headers, rows)
    out, _err = run(tmp_path, data, name="roster.xlsx")
    assert "1 created" in out
    assert Personnel.objects.get().date_of_birth == dt.date(1991, 7, 8)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_demo_roster_round_trips_unchanged(cast, fmt):
    from konbit.accounts.services import system_user
    from konbit.forces import demo
    from konbit.forces.models import Contingent

    demo.load(actor=system_user(), out=io.StringIO())
    kenya = Contingent.objects.get(country__iso3="KEN")
    exported = roster_export(actor=cast["mission_admin"], contingent=kenya, fmt=fmt)
    before = list(Personnel.objects.order_by("pk").values_list("pk", "version"))
    deployments = Deployment.objects.count()
    result = roster_import(
        actor=cast["mission_admin"], contingent=kenya, data=exported, file_name=f"r.{fmt}"
    )
    assert result.problems == []
    assert result.unchanged == kenya.personnel.count() == 991
    assert list(Personnel.objects.order_by("pk").values_list("pk", "version")) == before
    assert Deployment.objects.count() == deployments


def test_a_person_changed_meanwhile_fails_the_import_and_writes_nothing(
    tmp_path, kenya, cast, monkeypatch
):
    from konbit.forces.roster import RosterJob

    run(tmp_path, GOOD)
    planned = RosterJob._plan

    def plan_then_someone_saves(self, rows, problems):
        plan = planned(self, rows, problems)
        Personnel.objects.filter(service_number="KE-001").update(version=5)
        return plan

    monkeypatch.setattr(RosterJob, "_plan", plan_then_someone_saves)
    newer = GOOD.replace("KE-001,Constable", "KE-001,Corporal")
    with pytest.raises(CommandError):
        run(tmp_path, newer)
    failed = ImportRun.objects.latest("started_at")
    assert failed.status == "failed" and "changed KE-001" in failed.problems[0]["message"]
    assert Personnel.objects.get(service_number="KE-001").rank == "Constable"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_text_of_every_imported_field_is_stored_as_written_and_neutralised(
    tmp_path, kenya, cast, fmt
):
    """Every free-text field a roster import takes (and a unit's name), given text
    that a spreadsheet would run, is stored as written; the roster exports prefix it
    with ', and import back unchanged."""
    UnitFactory(contingent=kenya, name="@Unit")
    texts = {
        "service_number": "=KE-1",
        "rank": "+Constable",
        "given_name": "-Alfa",
        "family_name": "@Demo",
    }
    content = (
        "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit\n"
        + ",".join(texts.values())
        + ",F,1990-01-01,medical,@Unit\n"
    )
    run(tmp_path, content)
    person = Personnel.objects.get()
    assert {name: getattr(person, name) for name in texts} == texts
    assert person.unit.name == "@Unit"
    exported = roster_export(actor=cast["hq_staff"], contingent=kenya, fmt=fmt)
    if fmt == "csv":
        line = exported.decode().splitlines()[1].split(",")
        assert line[:1] == ["'=KE-1"] and "'+Constable" in line and "'@Unit" in line
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(exported), read_only=True).worksheets[0]
        values = list(sheet.iter_rows(values_only=True))[1]
        assert {"'=KE-1", "'+Constable", "'-Alfa", "'@Demo", "'@Unit"} <= set(values)
    result = roster_import(
        actor=cast["hq_staff"], contingent=kenya, data=exported, file_name=f"r.{fmt}"
    )
    assert (result.status, result.unchanged, result.created) == ("done", 1, 0)


def test_labels_the_forms_show_are_accepted(tmp_path, kenya):
    content = (
        "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit,"
        "medical_clearance,predeployment_training\n"
        "KE-7,Constable,Alfa,Demo,female,1990-01-01,police officer,,fit for deployment,"
        "in progress\n"
    )
    out, err = run(tmp_path, content)
    assert err == "" and "1 created" in out
    person = Personnel.objects.get()
    assert (person.sex, person.medical_clearance) == ("F", "fit")


def test_a_duplicate_of_an_invalid_row_is_refused_too(tmp_path, kenya):
    content = HEADER + (
        "KE-9,Constable,Alfa,Demo,Q,1990-01-01,medical,,\n"
        "KE-9,Constable,Bravo,Demo,M,1990-01-01,medical,,\n"
    )
    err = refused(tmp_path, content)
    assert err.splitlines() == [
        "row 2, column sex: must be F or M, not Q",
        "row 3, column service_number: KE-9 already appears in row 2",
    ]


def test_the_template_imports_nothing_by_mistake(cast, client_as, kenya):
    browser = client_as(cast["hq_staff"])
    for fmt in ("csv", "xlsx"):
        data = browser.get(f"/imports/forces_roster/template.{fmt}").content
        headers, rows = tabular.read_table(data, f"t.{fmt}")
        assert rows == [] and headers[0] == "service_number"
