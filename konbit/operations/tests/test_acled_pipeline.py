"""ACLED and the roster on the one import pipeline, as issue 9 asks of every
importer: a header with no rows refused alike, the commands' exit status (``--dry-run``
fails when the real run would refuse), a refused preview's valid rows imported from
its page with no new upload, the upload deleted when the run ends; and what the
ACLED preview says of a file whose events are all known already."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from konbit.core.imports import pipeline
from konbit.core.models import ImportRun
from konbit.operations.models import Incident
from konbit.operations.tests.test_acled_import import GOOD, HEADER, SAMPLE, csv_bytes

# What each importer's command needs besides the file; a new importer joins here.
COMMAND_ARGS = {
    "acled": ("import_acled", []),
    "forces_roster": ("import_roster", ["--contingent", "KEN"]),
    "logistics_assets": ("import_assets", []),
    "stability_indicators": ("import_indicators", ["--format", "binuh"]),
    "training_results": ("import_training_results", ["--cohort", "Import test class"]),
}
HEADERS = {
    "acled": HEADER,
    "forces_roster": (
        "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit"
    ),
    "logistics_assets": "identifier,kind,make_model,contingent,received_on",
    "stability_indicators": "period_start,period_end,reporting_body,killed,injured,kidnapped",
    "training_results": "registration_number,session,present,assessment,score,topic",
}


def test_every_importer_is_covered_here() -> None:
    assert set(pipeline.importers()) == set(COMMAND_ARGS) == set(HEADERS)


@pytest.mark.parametrize("kind", sorted(COMMAND_ARGS))
@pytest.mark.parametrize("dry_run", [False, True])
def test_a_header_with_no_rows_is_refused_alike(
    cast: dict[str, Any],
    import_context: Any,
    tmp_path: Path,
    capsys: Any,
    kind: str,
    dry_run: bool,
) -> None:
    command, args = COMMAND_ARGS[kind]
    path = tmp_path / "empty.csv"
    path.write_text(HEADERS[kind] + "\n\n")
    extra = ["--dry-run"] if dry_run else []
    with pytest.raises(CommandError, match="Refused, nothing written"):
        call_command(command, str(path), *args, *extra, "--as", "mission_admin")
    assert capsys.readouterr().err.strip().splitlines()[0] == (
        "The file has no rows under its header."
    )
    run = ImportRun.objects.get(kind=kind)
    assert (run.status, run.created, bool(run.upload)) == ("refused", 0, False)


def test_the_command_fails_with_status_1_when_the_file_would_be_refused(
    cast: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    """A CommandError is how a Django command exits with its status (1 here), with
    --dry-run too; a good dry run succeeds and writes nothing."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(GOOD.replace("Battles", "Fights")))
    for extra in ([], ["--dry-run"]):
        with pytest.raises(CommandError) as refused:
            call_command("import_acled", str(bad), *extra)
        assert refused.value.returncode == 1
        assert "row 2, column event_type:" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(GOOD))
    call_command("import_acled", str(good), "--dry-run")
    assert capsys.readouterr().out.startswith("Dry run, nothing written: 1 created")
    assert not Incident.objects.exists()


def test_valid_rows_of_a_refused_preview_import_without_a_new_upload(
    cast: dict[str, Any], client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    browser = client_as(cast["hq_staff"])
    data = csv_bytes(GOOD, GOOD.replace("HTI9001", "HTI9002").replace(",18.5447,", ",north,"))
    upload = SimpleUploadedFile("two.csv", data, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/incidents/import/", {"file": upload})
    run = ImportRun.objects.get()
    assert (run.status, run.problem_total, run.created) == ("pending", 1, 1)
    assert [p["column"] for p in run.problems] == ["latitude"]
    page = browser.get(response["Location"]).content.decode()
    assert "Import the 1 valid row" in page and "north" in page
    assert page.count('type="checkbox"') == 0
    # Imported whole, the file is refused (nothing written), and still offers its
    # valid rows from the same stored upload.
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/imports/{run.pk}/confirm/")
    run.refresh_from_db()
    assert (run.status, run.created, bool(run.upload)) == ("refused", 0, True)
    assert not Incident.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/imports/{run.pk}/confirm/", {"skip_invalid": "on"})
    run.refresh_from_db()
    assert (run.status, run.created, run.refused, bool(run.upload)) == ("done", 1, 1, False)
    assert list(Incident.objects.values_list("event_id_cnty", flat=True)) == ["HTI9001"]
    listed = browser.get("/imports/").content.decode()
    assert "two.csv" in listed


def test_a_file_already_imported_previews_as_nothing_new(
    cast: dict[str, Any], client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    browser = client_as(cast["hq_staff"])
    for _time in range(2):
        upload = SimpleUploadedFile("sample.csv", SAMPLE.read_bytes(), content_type="text/csv")
        with django_capture_on_commit_callbacks(execute=True):
            response = browser.post("/incidents/import/", {"file": upload})
        run = ImportRun.objects.latest("started_at")
        if run.status == "pending" and run.created:
            with django_capture_on_commit_callbacks(execute=True):
                browser.post(f"/imports/{run.pk}/confirm/")
    assert Incident.objects.count() == 22
    page = browser.get(response["Location"]).content.decode()
    assert (run.created, run.updated, run.unchanged) == (0, 0, 22)
    assert "22 events ready" not in page
    assert "Nothing would change: all 22 rows are already up to date." in page
