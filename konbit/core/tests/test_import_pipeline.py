"""The import pipeline's own rules, with an importer made for the test: storage,
preview, confirm, cancel, progress through its own connection, bounds, clean-up."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from django.db import connections, transaction
from django.utils import timezone

from konbit.core import audit, tabular
from konbit.core.exceptions import DomainError
from konbit.core.imports import pipeline, progress
from konbit.core.imports.base import Importer, Job, Outcome, Refused
from konbit.core.models import AuditAction, AuditEntry, ImportProgress, ImportRun
from konbit.core.tabular import Problem

pytestmark = pytest.mark.django_db


class ItemsJob(Job):
    """Rows ``name,value``: a value must be a whole number; each good row is written
    as an audit entry (core's own table) so that a rollback shows."""

    on_chunk: Any = None

    def check(self, rows: list[tabular.Row]) -> tuple[Any, list[Problem], list[Problem]]:
        good, problems = [], []
        for row in rows:
            name, value = [*row.values, "", ""][:2]
            if value.strip().lstrip("-").isdigit():
                good.append(name)
            else:
                problems.append(Problem(row.number, "value", "not a whole number"))
        return good, problems, []

    def write(self, valid: Any) -> Outcome:
        if ItemsJob.on_chunk is not None:
            ItemsJob.on_chunk(self.run)
        if not self.dry_run:
            for name in valid:
                audit.record(actor=self.run.actor, action=AuditAction.OTHER, target_repr=name)
        return Outcome(created=len(valid))


class ItemsImporter(Importer):
    kind = "test_items"
    domain = "core"
    label = "Import items"
    explanation = "Items."
    upload_url_name = "core:imports"
    chunk_rows = 10

    def may_import(self, user: Any, options: dict[str, Any] | None = None) -> bool:
        return bool(user.is_authenticated and user.username != "analyst")

    def begin(
        self, run: ImportRun, headers: list[str], original: list[str], *, dry_run: bool
    ) -> Job:
        if headers[:2] != ["name", "value"]:
            raise Refused([Problem(1, "", "name,value expected")])
        return ItemsJob(run, dry_run=dry_run)


@pytest.fixture(autouse=True)
def items(monkeypatch: pytest.MonkeyPatch) -> ItemsImporter:
    importer = ItemsImporter()
    found = pipeline.importers()
    monkeypatch.setattr(pipeline, "importers", lambda: {**found, importer.kind: importer})
    ItemsJob.on_chunk = None
    return importer


def start(user: Any, data: bytes, name: str = "items.csv", **kwargs: Any) -> ImportRun:
    return pipeline.start(
        actor=user,
        importer=ItemsImporter(),
        handle=io.BytesIO(data),
        file_name=name,
        size=len(data),
        options={},
        queue=False,
        **kwargs,
    )


def check(run: ImportRun) -> ImportRun:
    """The task's pass (``start(queue=False)`` leaves the run queued)."""
    pipeline.execute(str(run.pk))
    run.refresh_from_db()
    return run


def confirm(user: Any, run: ImportRun, *, skip_invalid: bool = False) -> ImportRun:
    """Confirmed, the run is queued again: tests run tasks at once."""
    pipeline.confirm(actor=user, run=run, skip_invalid=skip_invalid)
    run.refresh_from_db()
    return run


def written() -> list[str]:
    entries = AuditEntry.objects.filter(action=AuditAction.OTHER)
    return sorted(entries.values_list("target_repr", flat=True))


def csv_of(*values: str) -> bytes:
    return ("name,value\n" + "".join(f"n{i},{v}\n" for i, v in enumerate(values))).encode()


def test_upload_is_stored_checked_then_confirmed(cast: Any) -> None:
    user = cast["hq_staff"]
    run = start(user, csv_of("1", "2", "x"))
    assert run.status == "queued" and run.upload.name.startswith(f"imports/{run.pk}/")
    assert run.sha256 == tabular.sha256_of(csv_of("1", "2", "x"))
    run = check(run)
    assert (run.status, run.created, run.refused, run.rows) == ("pending", 2, 1, 3)
    assert run.problems == [{"row": 4, "column": "value", "message": "not a whole number"}]
    assert written() == []  # a preview writes nothing
    run = confirm(user, run)
    assert (run.status, run.created) == ("refused", 0) and run.upload and written() == []
    # The valid rows, from the stored file: no second upload.
    run = confirm(user, run, skip_invalid=True)
    assert (run.status, run.created, run.refused) == ("done", 2, 1)
    assert written() == ["n0", "n1"] and not run.upload
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.target_id == str(run.pk) and run.sha256 in entry.detail
    assert "2 created" in entry.detail and "1 refused" in entry.detail
    with pytest.raises(DomainError):
        pipeline.confirm(actor=user, run=run, skip_invalid=True)


def test_only_its_owner_confirms_or_cancels(cast: Any) -> None:
    run = check(start(cast["hq_staff"], csv_of("1")))
    for other in ("mission_admin", "ken_commander"):
        with pytest.raises(DomainError):
            pipeline.confirm(actor=cast[other], run=run, skip_invalid=False)
        with pytest.raises(DomainError):
            pipeline.cancel(actor=cast[other], run=run)
    run.refresh_from_db()
    assert run.status == "pending" and written() == []


def test_cancel_while_queued_and_while_running(cast: Any) -> None:
    user = cast["hq_staff"]
    queued = start(user, csv_of("1"))
    pipeline.cancel(actor=user, run=queued)
    queued = check(queued)  # the worker finds it cancelled and does nothing
    assert queued.status == "cancelled" and not queued.upload
    running = check(start(user, csv_of(*["1"] * 25)))

    def cancel_once(run: ImportRun) -> None:
        if not run.dry_run and run.confirmed:
            run.refresh_from_db()
            pipeline.cancel(actor=user, run=run)  # the page's click, while it runs

    ItemsJob.on_chunk = cancel_once
    running = confirm(user, running)
    assert running.status == "cancelled" and not running.upload
    assert written() == [] and not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()
    assert progress.read(running.pk) == {}


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_progress_commits_outside_the_import_transaction(cast: Any) -> None:
    """What the import reports is seen by another connection (another web process)
    while the import's own transaction is still open."""
    user = cast["hq_staff"]
    run = check(start(user, csv_of(*["1"] * 25)))
    seen: list[dict[str, Any]] = []

    def look_from_elsewhere(run: ImportRun) -> None:
        assert transaction.get_connection().in_atomic_block
        other = connections.create_connection("progress")
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    f"SELECT phase, rows FROM {ImportProgress._meta.db_table} "  # noqa: S608
                    "WHERE run_id = %s",
                    [run.pk.hex if other.vendor == "sqlite" else str(run.pk)],
                )
                seen.append(dict(zip(("phase", "rows"), cursor.fetchone() or (), strict=False)))
        finally:
            other.close()

    ItemsJob.on_chunk = look_from_elsewhere
    run = confirm(user, run)
    assert run.status == "done"
    assert seen[0]["phase"] == "writing" and seen[-1]["rows"] == 20


def test_problems_are_capped_counted_and_paginated(cast: Any, client_as: Any) -> None:
    run = check(start(cast["hq_staff"], csv_of(*["x"] * 1500, "1")))
    assert (run.status, run.problem_total, len(run.problems)) == ("pending", 1500, 1000)
    browser = client_as(cast["hq_staff"])
    page = browser.get(f"/imports/{run.pk}/").content.decode()
    assert "1500 problems" in page and "The first 1000 are listed" in page
    assert "Page 1 of 10" in page and page.count("not a whole number") == 100
    assert "row 1002" not in page
    later = browser.get(f"/imports/{run.pk}/?page=10").content.decode()
    assert "<td>1001</td>" in later
    state = browser.get(f"/imports/{run.pk}/", HTTP_ACCEPT="application/json").json()
    assert (state["status"], state["problems"], state["refused"]) == ("pending", 1500, 1500)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"name,value\n", "The file has no rows under its header."),
        (b"name,value\n\n\n", "The file has no rows under its header."),
        (b"other\nx\n", "name,value expected"),
        (b'name,value\nn1,1\nn2,"2\nn3,3\n', "row 3: A quote opened in the record"),
        (
            b'name,value,note\nn1,1,\nn2,"2\nn3,3,x"\nn4,4,\n',
            "row 3: A quote opened in this record",
        ),
        ("name,value\nCit\xe9,1\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_files_refused_whole(cast: Any, data: bytes, message: str) -> None:
    run = check(start(cast["hq_staff"], data))
    assert run.status == "refused" and not run.upload
    assert message in Problem(**run.problems[0]).line()
    assert written() == []


def test_the_size_limit_holds_on_every_path(cast: Any, client_as: Any, settings: Any) -> None:
    settings.KONBIT_UPLOAD_MAX_MB = 1
    big = csv_of(*["1"] * 200_000)
    assert len(big) > 1024 * 1024
    with pytest.raises(DomainError, match="largest accepted is 1 MB"):
        start(cast["hq_staff"], big)
    assert not ImportRun.objects.exists()


def _workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "value"])
    for number in range(rows):
        sheet.append([f"n{number}", number])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, change: Any) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            target.writestr(member, change(member.filename, source.read(member.filename)))
    return out.getvalue()


def test_a_run_takes_at_most_the_row_cap_and_says_how_to_split(cast: Any, settings: Any) -> None:
    """On SQLite a run holds the write lock for its pass: past KONBIT_IMPORT_MAX_ROWS
    the file is refused at its check, writes nothing, and the message says how to
    split it; a file at the cap goes through."""
    settings.KONBIT_IMPORT_MAX_ROWS = 25
    user = cast["hq_staff"]
    run = check(start(user, csv_of(*["1"] * 26)))
    assert run.status == "refused" and written() == []
    assert run.problems == [{"row": 0, "column": "", "message": pipeline.too_many_rows(25)}]
    assert "Split it into files of up to 25 rows" in run.problems[0]["message"]
    run = confirm(user, check(start(user, csv_of(*["1"] * 25))))
    assert (run.status, run.created) == ("done", 25)


def test_a_workbook_that_unpacks_out_of_proportion_is_refused_unopened(cast: Any) -> None:
    def pad(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            filler = b"<!--" + b" " * (40 * 1024 * 1024) + b"-->"
            return content.replace(b"<sheetData>", filler + b"<sheetData>", 1)
        return content

    bomb = _rewrite(_workbook(3), pad)
    assert len(bomb) < 400 * 1024
    run = check(start(cast["hq_staff"], bomb, name="bomb.xlsx"))
    assert run.status == "refused" and "unpacks to 40 MB" in run.problems[0]["message"]


def test_a_workbook_declaring_fewer_rows_than_it_has_is_read_whole(cast: Any) -> None:
    def shrink(name: str, content: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return re.sub(rb'<dimension ref="A1:B6"\s*/>', b'<dimension ref="A1:B2"/>', content)
        return content

    data = _rewrite(_workbook(5), shrink)
    assert b"A1:B2" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    _headers, rows = tabular.read_table(data, "items.xlsx")
    assert [row.values for row in rows][-1] == ["n4", "4"] and len(rows) == 5
    run = check(start(cast["hq_staff"], data, name="items.xlsx"))
    assert (run.status, run.created) == ("pending", 5)


def test_cleanup_deletes_abandoned_previews_and_left_files(cast: Any) -> None:
    user = cast["hq_staff"]
    abandoned = check(start(user, csv_of("1")))
    refused = check(start(user, csv_of("1", "x")))
    refused = confirm(user, refused)
    fresh = check(start(user, csv_of("2")))
    stored = abandoned.upload.storage
    names = [abandoned.upload.name, refused.upload.name]
    old = timezone.now() - dt.timedelta(days=2)
    ImportRun.objects.filter(pk__in=[abandoned.pk, refused.pk]).update(started_at=old)
    assert pipeline.cleanup() == 2
    assert not ImportRun.objects.filter(pk=abandoned.pk).exists()
    refused.refresh_from_db()
    assert refused.status == "refused" and not refused.upload
    assert not any(stored.exists(name) for name in names)
    fresh.refresh_from_db()
    assert fresh.upload and stored.exists(fresh.upload.name)


def test_the_pages(cast: Any, client_as: Any) -> None:
    run = check(start(cast["hq_staff"], csv_of("1")))
    owner = client_as(cast["hq_staff"])
    page = owner.get(f"/imports/{run.pk}/").content.decode()
    assert "Would create" in page and "Import</button>" in page and "Cancel the import" in page
    assert "overflow-wrap:anywhere" in page  # the SHA-256 wraps on a phone
    assert client_as(cast["analyst"]).get(f"/imports/{run.pk}/").status_code == 404
    admin = client_as(cast["mission_admin"]).get(f"/imports/{run.pk}/").content.decode()
    assert "Cancel the import" not in admin  # sees it, may not act on it
    owner.post(f"/imports/{run.pk}/cancel/")
    run.refresh_from_db()
    assert run.status == "cancelled"


def test_progress_has_a_connection_of_its_own(tmp_path: Any) -> None:
    """On SQLite a second file (the import's transaction holds the main one); on
    PostgreSQL a second alias of the same database. Read from the settings as a
    server starts with them."""
    import os
    import subprocess
    import sys

    code = (
        "from django.conf import settings as s; d = s.DATABASES; "
        "print(d['progress']['NAME']); print(d['default']['NAME']); "
        "print(s.DATABASE_ROUTERS)"
    )
    env = {**os.environ, "KONBIT_ENV": "local", "KONBIT_VAR_DIR": str(tmp_path)}
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed command
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    progress_name, default_name, routers = done.stdout.strip().split("\n")[-3:]
    if os.environ.get("DATABASE_URL"):
        assert progress_name == default_name
    else:
        assert progress_name == str(tmp_path / "progress.sqlite3") != default_name
    assert "ProgressRouter" in routers
