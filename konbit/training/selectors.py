"""Reads shared by training's pages, API and benchmarks. Records start from their
policy; the cohorts' figures (the funnel) are counts grouped in the database, one
query for any number of cohorts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from konbit.core.policies import policy_for
from konbit.training.models import (
    AssessmentResult,
    Attendance,
    Cohort,
    Enrolment,
    Sex,
    Trainee,
)

# The funnel's stages, in order.
STAGES = ("enrolled", "attending", "assessed", "graduated", "placed")
SEX_KEYS = {Sex.FEMALE.value: "female", Sex.MALE.value: "male"}


def cohorts_visible_to(user: Any) -> QuerySet[Cohort]:
    return policy_for(Cohort).visible(user)


def trainees_visible_to(user: Any) -> QuerySet[Trainee]:
    return policy_for(Trainee).visible(user)


def enrolments_visible_to(user: Any) -> QuerySet[Enrolment]:
    return policy_for(Enrolment).visible(user)


def figures_readable(user: Any) -> bool:
    return policy_for(Enrolment).allows(user, "aggregate")


def _empty() -> dict[str, Any]:
    return {stage: {"total": 0, "female": 0, "male": 0} for stage in (*STAGES, "withdrawn")}


def cohort_figures(cohort_ids: Iterable[Any]) -> dict[Any, dict[str, Any]]:
    """For each cohort: each stage of the funnel (enrolled → attending → assessed →
    graduated → placed) as ``{"total", "female", "male"}``, plus ``withdrawn``.

    Attending is a cadet present at one session at least; assessed, one with a
    result. Counts only: no person. One query, grouped by cohort and sex."""
    ids = list(cohort_ids)
    figures: dict[Any, dict[str, Any]] = {pk: _empty() for pk in ids}
    if not ids:
        return figures
    present = Attendance.objects.filter(enrolment=OuterRef("pk"), present=True)
    assessed = AssessmentResult.objects.filter(enrolment=OuterRef("pk"))
    rows = (
        Enrolment.objects.filter(cohort_id__in=ids)
        .values("cohort_id", "trainee__sex")
        .order_by()
        .annotate(
            enrolled=Count("pk"),
            attending=Count("pk", filter=Q(Exists(present))),
            assessed=Count("pk", filter=Q(Exists(assessed))),
            graduated=Count("pk", filter=Q(status=Enrolment.Status.GRADUATED)),
            placed=Count("pk", filter=~Q(placement_unit="")),
            withdrawn=Count("pk", filter=Q(status=Enrolment.Status.WITHDRAWN)),
        )
    )
    for row in rows:
        cohort = figures[row["cohort_id"]]
        sex = SEX_KEYS[row["trainee__sex"]]
        for stage in (*STAGES, "withdrawn"):
            bucket = cohort[stage]
            bucket["total"] += row[stage]
            bucket[sex] += row[stage]
    return figures


def withdrawal_reasons(cohort: Cohort) -> list[dict[str, Any]]:
    """A cohort's withdrawals counted by reason (no person)."""
    labels = dict(Enrolment.Reason.choices)
    rows = (
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.WITHDRAWN)
        .values("withdrawal_reason")
        .order_by("withdrawal_reason")
        .annotate(count=Count("pk"))
    )
    return [
        {
            "reason": labels.get(row["withdrawal_reason"], row["withdrawal_reason"]),
            "count": row["count"],
        }
        for row in rows
    ]


def assessment_figures(cohort: Cohort) -> list[dict[str, Any]]:
    """Each assessment of a cohort with how many were assessed and passed."""
    from django.db.models import F

    rows = cohort.assessments.order_by("held_on", "name").annotate(
        assessed=Count("results"),
        passed=Count("results", filter=Q(results__score__gte=F("pass_mark"))),
    )
    return [{"assessment": a, "assessed": a.assessed, "passed": a.passed} for a in rows]


def session_figures(cohort: Cohort) -> list[dict[str, Any]]:
    """Each session of a cohort with how many were present and absent."""
    rows = cohort.sessions.order_by("held_on").annotate(
        present=Count("attendances", filter=Q(attendances__present=True)),
        absent=Count("attendances", filter=Q(attendances__present=False)),
    )
    return [{"session": s, "present": s.present, "absent": s.absent} for s in rows]
