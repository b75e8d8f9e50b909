"""Every write of training, through ``core.services`` (validated, one transaction,
audited) after the entity's policy agreed. The importer's plan is applied by
``results_apply`` in bulk, stamped with its run (the pipeline audits the run)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core.bulk import update_each
from konbit.core.exceptions import DomainError
from konbit.core.policies import policy_for
from konbit.core.services import record_create, record_delete, record_update
from konbit.training.models import (
    Assessment,
    AssessmentResult,
    Attendance,
    Cohort,
    Enrolment,
    Programme,
    Trainee,
    TrainingSession,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User
    from konbit.core.models import ImportRun


def programme_create(*, actor: User, data: dict[str, Any]) -> Programme:
    """A new programme; its code is unique."""
    policy_for(Programme).require(actor, "create")
    return record_create(actor=actor, model=Programme, data=data)


def programme_update(
    *, actor: User, programme: Programme, data: dict[str, Any], version: int
) -> Programme:
    """Change a programme if ``version`` is still current."""
    policy_for(Programme).require(actor, "change", programme)
    return record_update(actor=actor, instance=programme, data=data, version=version)


def programme_delete(*, actor: User, programme: Programme, version: int | None) -> None:
    """Delete a programme that has no cohort."""
    policy_for(Programme).require(actor, "delete", programme)
    record_delete(actor=actor, instance=programme, version=version)


def _trainers(data: dict[str, Any]) -> dict[str, Iterable[Any]] | None:
    trainers = data.pop("trainers", None)
    return None if trainers is None else {"trainers": list(trainers)}


def cohort_create(*, actor: User, data: dict[str, Any]) -> Cohort:
    """A new cohort of a programme: its dates in order, its name unique in the
    programme; its trainers are mission personnel."""
    policy_for(Cohort).require(actor, "create")
    data = dict(data)
    return record_create(actor=actor, model=Cohort, data=data, m2m=_trainers(data))


def cohort_update(*, actor: User, cohort: Cohort, data: dict[str, Any], version: int) -> Cohort:
    """Change a cohort (and its trainers) if ``version`` is still current."""
    policy_for(Cohort).require(actor, "change", cohort)
    data = dict(data)
    return record_update(
        actor=actor, instance=cohort, data=data, version=version, m2m=_trainers(data)
    )


def cohort_delete(*, actor: User, cohort: Cohort, version: int | None) -> None:
    """Delete a cohort nobody is enrolled in."""
    policy_for(Cohort).require(actor, "delete", cohort)
    record_delete(actor=actor, instance=cohort, version=version)


def trainee_create(*, actor: User, data: dict[str, Any]) -> Trainee:
    """A new cadet; the registration number is unique."""
    policy_for(Trainee).require(actor, "create")
    return record_create(actor=actor, model=Trainee, data=data)


def trainee_update(*, actor: User, trainee: Trainee, data: dict[str, Any], version: int) -> Trainee:
    """Correct a cadet's identity if ``version`` is still current."""
    policy_for(Trainee).require(actor, "change", trainee)
    return record_update(actor=actor, instance=trainee, data=data, version=version)


def trainee_delete(*, actor: User, trainee: Trainee, version: int | None) -> None:
    """Delete a cadet never enrolled."""
    policy_for(Trainee).require(actor, "delete", trainee)
    record_delete(actor=actor, instance=trainee, version=version)


def enrolment_create(*, actor: User, data: dict[str, Any]) -> Enrolment:
    """Enrol a cadet in a cohort (once); a withdrawal needs its date and reason, a
    graduation its date, a placement a graduate."""
    policy_for(Enrolment).require(actor, "create")
    return record_create(actor=actor, model=Enrolment, data=data)


def enrolment_update(
    *, actor: User, enrolment: Enrolment, data: dict[str, Any], version: int
) -> Enrolment:
    """Record a withdrawal, a graduation or a placement (the same rules as
    ``enrolment_create``) if ``version`` is still current. The cohort and the cadet
    of an enrolment do not change."""
    policy_for(Enrolment).require(actor, "change", enrolment)
    fixed = {
        name
        for name in ("cohort", "trainee")
        if name in data and getattr(data[name], "pk", data[name]) != getattr(enrolment, name).pk
    }
    if fixed:
        raise DomainError(
            _("An enrolment's cohort and cadet do not change: withdraw and enrol again."),
            errors={name: [_("cannot be changed")] for name in sorted(fixed)},
        )
    data = {k: v for k, v in data.items() if k not in ("cohort", "trainee")}
    return record_update(actor=actor, instance=enrolment, data=data, version=version)


def enrolment_delete(*, actor: User, enrolment: Enrolment, version: int | None) -> None:
    """Delete an enrolment made by mistake (with its attendance and results)."""
    policy_for(Enrolment).require(actor, "delete", enrolment)
    record_delete(actor=actor, instance=enrolment, version=version)


def assessment_create(*, actor: User, data: dict[str, Any]) -> Assessment:
    """A new assessment of a cohort, scored out of 100, with its pass mark."""
    policy_for(Assessment).require(actor, "create")
    return record_create(actor=actor, model=Assessment, data=data)


def assessment_update(
    *, actor: User, assessment: Assessment, data: dict[str, Any], version: int
) -> Assessment:
    """Change an assessment (a new pass mark changes who passed) if ``version`` is
    still current."""
    policy_for(Assessment).require(actor, "change", assessment)
    return record_update(actor=actor, instance=assessment, data=data, version=version)


def assessment_delete(*, actor: User, assessment: Assessment, version: int | None) -> None:
    """Delete an assessment and its results."""
    policy_for(Assessment).require(actor, "delete", assessment)
    record_delete(actor=actor, instance=assessment, version=version)


@transaction.atomic
def results_apply(*, actor: User, plan: Any, run: ImportRun) -> None:
    """Write an import's plan (``importer.ResultsPlan``): new sessions, then
    attendance and results created or changed in bulk, each stamped with ``run``.
    The importer's permission was checked by the pipeline (``may_import``); it is
    checked again here, as every service does."""
    policy_for(Enrolment).require(actor, "import")
    for record in [*plan.new_sessions, *plan.attendance_new, *plan.results_new]:
        record.created_by = record.updated_by = actor
        record.import_run = run
    TrainingSession.objects.bulk_create(plan.new_sessions)
    Attendance.objects.bulk_create(plan.attendance_new, batch_size=1000)
    AssessmentResult.objects.bulk_create(plan.results_new, batch_size=1000)
    for record in [*plan.attendance_changed, *plan.results_changed]:
        record.version += 1
        record.updated_by = actor
        record.import_run = run
    fields = ["version", "updated_by", "import_run", "updated_at"]
    now = timezone.now()
    for record in [*plan.attendance_changed, *plan.results_changed]:
        record.updated_at = now
    update_each(plan.attendance_changed, ["present", *fields])
    update_each(plan.results_changed, ["score", *fields])
