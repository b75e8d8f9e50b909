"""What every part of Konbit shares: the base of domain records, the audit trail
and the record of bulk imports."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def actor_field(verbose_name: Any, *, db_index: bool = True) -> models.ForeignKey[Any, Any]:
    """The user who did something to a record: created or last changed it
    (``TrackedModel.created_by``/``updated_by``), or released it (an incident).

    A big table written in bulk may leave out the index (``db_index=False``)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=db_index,
    )


def import_run_field(*, db_index: bool = True) -> models.ForeignKey[Any, Any]:
    """The import that last wrote a record (``TrackedModel.import_run``). Nothing
    looks records up by it but the deletion of a run (never done by Konbit), so a
    big table written in bulk may leave out the index (``db_index=False``)."""
    return models.ForeignKey(
        "core.ImportRun",
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=db_index,
    )


class TrackedModel(models.Model):
    """Base of every domain record.

    A UUID id (never guessable, safe to share), who made and last changed it, and a
    ``version`` for optimistic locking: a write names the version it read, and a
    stale one is refused (HTTP 409) instead of overwriting someone else's change.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = actor_field(_("created by"))
    updated_by = actor_field(_("updated by"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    import_run = import_run_field()

    # Fields never copied into audit entries (large or derived).
    audit_exclude: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    READ = "read", _("read")
    EXPORT = "export", _("exported")
    IMPORT = "import", _("imported")
    RELEASE = "release", _("released")
    LOGIN = "login", _("signed in")
    OTHER = "other", _("other")


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")


class AuditEntry(models.Model):
    """One thing that happened to a record: append-only.

    ``domain`` is the part the target belongs to (its app label); access to entries
    follows the access rules of that part (see ``core.selectors``).
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    actor_username = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=32)
    domain = models.CharField(_("part"), max_length=50, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100)
    target_id = models.CharField(_("target id"), max_length=64, db_index=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["domain", "-at"], name="audit_domain_at")]
        permissions = [
            ("view_oversight_auditentry", _("Can read audit entries about oversight records"))
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")


class ImportRun(models.Model):
    """One bulk import: who, which file (name and SHA-256), what came of it.

    A run goes through ``konbit.core.imports``: uploaded (the file kept through the
    storage API), checked in the background (``queued`` then ``pending``: its
    problems shown, awaiting confirmation), then imported (``done``) or refused, or
    cancelled. Records created or updated by the run point back to it
    (``import_run``). ``problems`` keeps the first ``PROBLEM_CAP`` of them;
    ``problem_total`` counts them all.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        PENDING = "pending", _("awaiting confirmation")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=50)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # The uploaded file, in the default storage, until the run ends or expires.
    upload = models.FileField(_("file"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # False while the run is only being checked (the preview), True once confirmed.
    confirmed = models.BooleanField(_("confirmed"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    # What the importer needs besides the file (e.g. the contingent, the country).
    options = models.JSONField(_("options"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    # Problems and warnings: [{"row": 3, "column": "sex", "message": "..."}]
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_total = models.PositiveIntegerField(_("problems found"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # Free room for the importer (e.g. people absent from a roster).
    extra = models.JSONField(default=dict, blank=True)
    scope = models.CharField(
        _("scope"), max_length=64, blank=True, help_text=_("e.g. the contingent imported")
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def finished(self) -> bool:
        return self.status in {
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.CANCELLED,
        } or (self.status == self.Status.REFUSED and not self.upload)


class ImportProgress(models.Model):
    """Where a running import stands, and whether its user asked to cancel it.

    Written and read through the ``progress`` database alias (see
    ``konbit.core.imports.progress``): on PostgreSQL a second connection to the same
    database, on SQLite a second file, so that it commits outside the import's
    transaction and every web process reads the same thing. Keyed by the run's id,
    not a foreign key: on SQLite the run lives in the other file."""

    run_id = models.UUIDField(primary_key=True)
    phase = models.CharField(max_length=16, default="queued")
    rows = models.PositiveIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import progress")
        verbose_name_plural = _("import progress")

    def __str__(self) -> str:
        return f"{self.run_id} {self.phase} {self.percent}%"
