"""The one import pipeline: every importer's file goes through here.

1. ``start``: the upload is checked against the size limit and the importer's file
   types, stored through Django's storage API (``imports/<run>/<name>``), and an
   ``ImportRun`` is queued; the background task checks it (a dry run).
2. The run is then ``pending``: its page shows every problem by row and column and
   what importing would do. The user confirms (``confirm``, optionally importing
   only the valid rows, also after a refusal, without uploading again) or cancels.
3. Confirmed, the task runs again for real: chunk by chunk, checked then written,
   in one transaction, with one audit entry for the run; a refusal rolls it back.

Progress and cancelling go through ``progress`` (a connection of their own).
The upload is deleted when the run ends or is abandoned (``cleanup``). Commands
call ``run_now``, the same pass in the foreground.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from konbit.core import audit, tabular
from konbit.core.exceptions import DomainError
from konbit.core.imports import progress
from konbit.core.imports.base import Importer, Job, Outcome, Refused
from konbit.core.models import AuditAction, ImportRun
from konbit.core.parts import konbit_apps
from konbit.core.tabular import Problem

if TYPE_CHECKING:
    # The user model (AUTH_USER_MODEL) as core knows it: core imports no other app.
    from django.contrib.auth.models import AbstractUser as User

# Problems and warnings kept on a run (all are counted).
PROBLEM_CAP = 1000
# An abandoned preview (never confirmed) is deleted with its file after this.
EXPIRES_AFTER = dt.timedelta(days=1)
Status = ImportRun.Status
logger = logging.getLogger(__name__)


class Cancelled(Exception):
    pass


def importers() -> dict[str, Importer]:
    """Every part's importers by kind (each AppConfig's ``importers()``)."""
    found: dict[str, Importer] = {}
    for config in konbit_apps():
        make = getattr(config, "importers", None)
        if make is not None:
            for importer in make():
                found[importer.kind] = importer
    return found


def importer_for(kind: str) -> Importer:
    try:
        return importers()[kind]
    except KeyError:
        raise DomainError(_("There is no importer of this kind.")) from None


def max_bytes() -> int:
    return int(settings.KONBIT_UPLOAD_MAX_MB) * 1024 * 1024


def file_problem(importer: Importer, name: str, size: int) -> str | None:
    """Why a file cannot even be stored (its type, its size), or None."""
    if not name.lower().endswith(importer.extensions):
        return _("The file must be a %(types)s file, not %(name)s.") % {
            "types": " or ".join(importer.extensions),
            "name": name,
        }
    if size > max_bytes():
        return _("The file is %(size)s MB; the largest accepted is %(max)s MB.") % {
            "size": round(size / (1024 * 1024), 1),
            "max": settings.KONBIT_UPLOAD_MAX_MB,
        }
    return None


def too_many_rows(most: int) -> str:
    return _(
        "The file has more than %(most)s rows, the most one import takes. Split it into "
        "files of up to %(most)s rows and import them one after the other: importing "
        "the same rows again changes nothing."
    ) % {"most": number_format(most, force_grouping=True)}


def start(
    *,
    actor: User,
    importer: Importer,
    handle: IO[bytes],
    file_name: str,
    size: int,
    options: dict[str, Any],
    skip_invalid: bool = False,
    dry_run: bool = False,
    queue: bool = True,
) -> ImportRun:
    """Store the upload and record the run; ``queue``: have the task check it."""
    if not importer.may_import(actor, options):
        raise DomainError(_("You may not import this file."))
    refusal = file_problem(importer, file_name, size)
    if refusal:
        raise DomainError(refusal)
    cleanup()
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(block)
    handle.seek(0)
    run = ImportRun.objects.create(
        kind=importer.kind,
        actor=actor,  # type: ignore[misc]  # AUTH_USER_MODEL, to core an AbstractUser
        file_name=file_name[:255],
        sha256=digest.hexdigest(),
        status=Status.QUEUED,
        options=options,
        scope=importer.scope(options)[:64],
        skip_invalid=skip_invalid,
        dry_run=dry_run,
    )
    safe = get_valid_filename(file_name.rsplit("/", 1)[-1])[-100:] or "upload"
    run.upload.save(f"imports/{run.pk}/{safe}", File(handle), save=False)
    run.save(update_fields=["upload"])
    if queue:
        _enqueue(run)
    return run


def _enqueue(run: ImportRun) -> None:
    # With the database task backend the task row commits with the caller's
    # transaction, so the worker never sees a run that is not there yet.
    from konbit.core.imports.tasks import import_task

    import_task.enqueue(str(run.pk))


def confirm(*, actor: User, run: ImportRun, skip_invalid: bool) -> ImportRun:
    """Import a checked file (``pending``), or the valid rows of a refused one, from
    the stored upload: no new upload."""
    importer = importer_for(run.kind)
    if run.actor_id != actor.pk or not importer.may_import(actor, run.options):
        raise DomainError(_("This import is not yours to confirm."))
    if not run.upload or run.status not in (Status.PENDING, Status.REFUSED):
        raise DomainError(_("This import is not waiting for confirmation."))
    updated = ImportRun.objects.filter(pk=run.pk, status=run.status).update(
        status=Status.QUEUED, confirmed=True, skip_invalid=skip_invalid
    )
    if not updated:
        raise DomainError(_("This import is not waiting for confirmation."))
    run.refresh_from_db()
    _enqueue(run)
    return run


def cancel(*, actor: User, run: ImportRun) -> None:
    """Cancel a run that has not ended: at once when it waits, between two chunks
    when it runs (its transaction is then rolled back: nothing is written)."""
    if run.actor_id != actor.pk:
        raise DomainError(_("This import is not yours to cancel."))
    if run.status == Status.RUNNING:
        progress.request_cancel(run.pk)
        return
    waiting = (Status.QUEUED, Status.PENDING, Status.REFUSED)
    if ImportRun.objects.filter(pk=run.pk, status__in=waiting).update(
        status=Status.CANCELLED, finished_at=timezone.now()
    ):
        run.refresh_from_db()
        _discard(run)
    elif ImportRun.objects.filter(pk=run.pk, status=Status.RUNNING).exists():
        progress.request_cancel(run.pk)
    else:
        raise DomainError(_("This import has already ended."))


def _discard(run: ImportRun) -> None:
    """Delete the run's upload and progress."""
    if run.upload:
        run.upload.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(upload="")
    progress.clear(run.pk)


def cleanup(now: dt.datetime | None = None) -> int:
    """Delete abandoned previews (never confirmed, older than a day) with their
    files, and the files that refused or stuck runs left behind. Run at every
    upload and by ``manage.py import_cleanup``. Returns how many runs it touched."""
    before = (now or timezone.now()) - EXPIRES_AFTER
    old = ImportRun.objects.filter(started_at__lt=before).exclude(upload="")
    touched = 0
    for run in old:
        _discard(run)
        if run.status == Status.PENDING:
            run.delete()
        elif run.status in (Status.QUEUED, Status.RUNNING):
            ImportRun.objects.filter(pk=run.pk).update(
                status=Status.FAILED, finished_at=timezone.now()
            )
        touched += 1
    progress.ImportProgress.objects.filter(updated_at__lt=before).delete()
    return touched


def run_now(run: ImportRun) -> ImportRun:
    """The run's pass in the foreground (the commands): checked and, unless a dry
    run, written."""
    ImportRun.objects.filter(pk=run.pk).update(confirmed=not run.dry_run)
    execute(str(run.pk))
    run.refresh_from_db()
    return run


def import_now(
    *,
    actor: User,
    kind: str,
    handle: IO[bytes],
    file_name: str,
    size: int,
    options: dict[str, Any],
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportRun:
    """A file stored and imported in the foreground, as the commands do (the demo,
    tests and benchmarks use it for files of their own)."""
    run = start(
        actor=actor,
        importer=importer_for(kind),
        handle=handle,
        file_name=file_name,
        size=size,
        options=options,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        queue=False,
    )
    return run_now(run)


class _Tally:
    def __init__(self) -> None:
        self.problems: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.problem_total = 0
        self.refused_rows = 0
        self.rows = 0
        self.outcome = Outcome()

    def add(self, problems: Iterable[Problem], warnings: Iterable[Problem]) -> None:
        rows = set()
        for problem in problems:
            self.problem_total += 1
            rows.add(problem.row)
            if len(self.problems) < PROBLEM_CAP:
                self.problems.append(problem.as_dict())
        self.refused_rows += len(rows)
        for warning in warnings:
            if len(self.warnings) < PROBLEM_CAP:
                self.warnings.append(warning.as_dict())


def execute(run_id: str) -> None:
    """One pass over a run's file (the task's body): a check when the run is not
    confirmed (or is a dry run), else the import. Whatever happens, the run ends
    in a state its page can show."""
    claimed = ImportRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING
    )
    if not claimed:  # cancelled while queued, or already taken
        return
    run = ImportRun.objects.select_related("actor").get(pk=run_id)
    importer = importer_for(run.kind)
    dry = run.dry_run or not run.confirmed
    tally = _Tally()
    progress.report(run.pk, "checking" if dry else "writing")
    try:
        if not importer.may_import(run.actor, run.options):
            raise Refused([Problem(0, "", _("You may not import this file."))])
        extra = _pass(run, importer, dry, tally)
    except Refused as exc:
        tally.add(exc.problems, [])
        _end(run, tally, Status.REFUSED, keep_upload=False)
    except Cancelled:
        _end(run, _Tally(), Status.CANCELLED, keep_upload=False)
    except Exception as exc:
        tally.add([Problem(0, "", _("The import failed: %(e)s") % {"e": str(exc)[:300]})], [])
        _end(run, tally, Status.FAILED, keep_upload=False)
        logger.exception("import %s failed", run.pk)
    else:
        valid = tally.rows - tally.refused_rows
        accepted = not tally.problem_total or (run.skip_invalid and valid > 0)
        run.extra = extra
        if run.dry_run:
            _end(run, tally, Status.DONE if accepted else Status.REFUSED, keep_upload=False)
        elif not run.confirmed:
            status = Status.PENDING if valid else Status.REFUSED
            _end(run, tally, status, keep_upload=bool(valid))
        elif accepted:
            _end(run, tally, Status.DONE, keep_upload=False)
        else:
            _end(run, tally, Status.REFUSED, keep_upload=bool(valid))


def _pass(run: ImportRun, importer: Importer, dry: bool, tally: _Tally) -> dict[str, Any]:
    try:
        handle = run.upload.open("rb")
    except (OSError, ValueError):
        raise Refused(
            [Problem(0, "", _("The uploaded file is no longer available; upload it again."))]
        ) from None
    with handle:
        try:
            table = tabular.open_table(handle, run.file_name, size=run.upload.size)
        except tabular.TableError as exc:
            raise Refused([exc.problem]) from None
        with transaction.atomic():
            job = importer.begin(run, table.headers, table.original_headers, dry_run=dry)
            try:
                extra = _chunks(run, table, job, importer.chunk_rows, dry, tally)
            except tabular.TableError as exc:
                raise Refused([exc.problem]) from None
            finally:
                job.close()
            refused = tally.problem_total and not (run.skip_invalid and not dry)
            if dry or refused:
                transaction.set_rollback(True)
            elif tally.outcome.created or tally.outcome.updated:
                # A run that changed nothing writes nothing (re-imports are no-ops);
                # the run itself stays on record.
                _audit(run, importer, tally)
    return extra


def _chunks(
    run: ImportRun, table: tabular.TableReader, job: Job, size: int, dry: bool, tally: _Tally
) -> dict[str, Any]:
    phase = "checking" if dry else "writing"
    most = settings.KONBIT_IMPORT_MAX_ROWS
    for rows in table.chunks(size):
        if progress.cancel_requested(run.pk):
            raise Cancelled
        tally.rows += len(rows)
        if tally.rows > most:
            raise Refused([Problem(0, "", too_many_rows(most))])
        valid, problems, warnings = job.check(rows)
        tally.add(problems, warnings)
        # A refused run stops writing at its first problem but keeps checking, so
        # that every problem is shown.
        if dry or run.skip_invalid or not tally.problem_total:
            tally.outcome += job.write(valid)
        progress.report(run.pk, phase, rows=tally.rows, percent=round(100 * table.fraction()))
    if not tally.rows:
        raise Refused([Problem(0, "", _("The file has no rows under its header."))])
    return job.finish()


def _audit(run: ImportRun, importer: Importer, tally: _Tally) -> None:
    """The run's one entry in the audit trail, in the import's transaction."""
    outcome = tally.outcome
    audit.record(
        actor=run.actor,
        action=AuditAction.IMPORT,
        target=run,
        domain=importer.domain,
        target_repr=f"{run.kind} {run.scope}: {run.file_name}".replace("  ", " "),
        detail=(
            f"{run.file_name} sha256={run.sha256}: {outcome.created} created, "
            f"{outcome.updated} updated, {outcome.unchanged} unchanged, "
            f"{tally.refused_rows} refused"
        ),
    )


def _end(run: ImportRun, tally: _Tally, status: str, *, keep_upload: bool) -> None:
    """Record how the pass ended. A refused or cancelled import wrote nothing, so it
    counts nothing created or updated; a preview counts what importing would do."""
    wrote = status == Status.DONE or status == Status.PENDING
    run.status = status
    run.rows = tally.rows
    run.created = tally.outcome.created if wrote else 0
    run.updated = tally.outcome.updated if wrote else 0
    run.unchanged = tally.outcome.unchanged if wrote else 0
    run.refused = tally.refused_rows
    run.problems, run.warnings = tally.problems, tally.warnings
    run.problem_total = tally.problem_total
    if status != Status.PENDING:
        run.finished_at = timezone.now()
    run.save()
    if not keep_upload:
        _discard(run)
    else:
        progress.clear(run.pk)
