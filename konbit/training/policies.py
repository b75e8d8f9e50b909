"""Who may see and do what with each kind of training record (DESIGN.md "Who sees
what": training W for HQ staff and the HNP liaison, R for commanders, aggregates for
the analyst, nothing for oversight).

Cadets' identities (trainees, their enrolments, attendance and results) are read by
holders of ``training.view_trainee`` only, every read audited. The analyst reads
programmes, cohorts, sessions and assessments, which name nobody (a cohort's
trainers, mission personnel, are shown only to readers of personnel), and the
figures (``aggregate``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from konbit.core.policies import Policy, register
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

IDENTITY = "training.view_trainee"


@register
class ProgrammePolicy(Policy[Programme]):
    model = Programme

    def base_queryset(self) -> models.QuerySet[Programme]:
        return Programme.objects.select_related("contingent__country")


@register
class CohortPolicy(Policy[Cohort]):
    """A cohort names no cadet; its trainers are mission personnel, hidden from
    readers who may not read personnel in forces (the HNP liaison, the analyst)."""

    model = Cohort
    sensitive_fields = ("trainers",)
    sensitive_perm = "forces.view_personnel"

    def base_queryset(self) -> models.QuerySet[Cohort]:
        return Cohort.objects.select_related("programme")


@register
class TraineePolicy(Policy[Trainee]):
    """A cadet's identity: every read is audited."""

    model = Trainee
    audit_reads = True


@register
class EnrolmentPolicy(Policy[Enrolment]):
    """A cadet in a cohort: personal, reads audited. The cohorts' figures (counts by
    status and sex, no person) are the ``aggregate`` action; attendance and results
    are imported with ``import``."""

    model = Enrolment
    audit_reads = True
    audited_relations = ("trainee",)  # every list and page names the cadet
    actions: ClassVar[dict[str, str]] = {
        "aggregate": "training.view_figures",
        "import": "training.import_results",
    }

    def base_queryset(self) -> models.QuerySet[Enrolment]:
        return Enrolment.objects.select_related("cohort__programme", "trainee")

    def allows_extra(self, user: Any, action: str, obj: Any, **ctx: Any) -> bool:
        return True  # neither action is scoped: the permission is the whole rule


@register
class SessionPolicy(Policy[TrainingSession]):
    model = TrainingSession

    def base_queryset(self) -> models.QuerySet[TrainingSession]:
        return TrainingSession.objects.select_related("cohort")


@register
class AttendancePolicy(Policy[Attendance]):
    model = Attendance
    audit_reads = True

    def base_queryset(self) -> models.QuerySet[Attendance]:
        return Attendance.objects.select_related("session", "enrolment__trainee")


@register
class AssessmentPolicy(Policy[Assessment]):
    model = Assessment

    def base_queryset(self) -> models.QuerySet[Assessment]:
        return Assessment.objects.select_related("cohort")


@register
class ResultPolicy(Policy[AssessmentResult]):
    model = AssessmentResult
    audit_reads = True

    def base_queryset(self) -> models.QuerySet[AssessmentResult]:
        return AssessmentResult.objects.select_related("assessment", "enrolment__trainee")
