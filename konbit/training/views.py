"""Training's pages: list, detail, create and edit of programmes, cohorts, cadets,
enrolments and assessments (forces' ``RecordPages``, declared once per kind). A
cohort's page shows its funnel, enrolled → attending → assessed → graduated →
placed, by sex; a cadet's and an enrolment's pages are personal (reads audited)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from konbit.core.policies import policy_for
from konbit.forces.models import Personnel
from konbit.forces.selectors import personnel_visible_to
from konbit.forces.views.records import RecordPages
from konbit.training import filters, forms, selectors, services
from konbit.training.models import (
    Assessment,
    AssessmentResult,
    Attendance,
    Cohort,
    Enrolment,
    Programme,
    Trainee,
)

STAGE_LABELS = {
    "enrolled": _("Enrolled"),
    "attending": _("Attending"),
    "assessed": _("Assessed"),
    "graduated": _("Graduated"),
    "placed": _("Placed in a unit"),
}


def funnel_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The funnel's stages with their share of the enrolled (for the bars)."""
    enrolled = figures["enrolled"]["total"] or 1
    return [
        {
            "label": STAGE_LABELS[stage],
            **figures[stage],
            "percent": round(100 * figures[stage]["total"] / enrolled),
        }
        for stage in selectors.STAGES
    ]


def _cohort_context(user: Any, cohort: Cohort) -> dict[str, Any]:
    context: dict[str, Any] = {
        "can_enrol": policy_for(Enrolment).can_create(user),
        "can_add_assessment": policy_for(Assessment).can_create(user),
        "can_import": policy_for(Enrolment).allows(user, "import"),
        "can_list_enrolments": policy_for(Enrolment).part_visible(user),
    }
    if selectors.figures_readable(user):
        figures = selectors.cohort_figures([cohort.pk])[cohort.pk]
        context.update(
            funnel=funnel_rows(figures),
            withdrawn=figures["withdrawn"],
            reasons=selectors.withdrawal_reasons(cohort),
            sessions=selectors.session_figures(cohort),
            assessments=selectors.assessment_figures(cohort),
        )
    if "trainers" not in policy_for(Cohort).hidden_fields(user, cohort):
        trainers = list(personnel_visible_to(user).filter(pk__in=cohort.trainers.values("pk")))
        policy_for(Personnel).record_reads(user, trainers)
        context["trainers"] = trainers
    return context


def _trainee_context(user: Any, trainee: Trainee) -> dict[str, Any]:
    enrolments = list(selectors.enrolments_visible_to(user).filter(trainee=trainee))
    policy_for(Enrolment).record_reads(user, enrolments)
    return {"enrolments": enrolments}


def _enrolment_context(user: Any, enrolment: Enrolment) -> dict[str, Any]:
    attendance = list(
        policy_for(Attendance)
        .visible(user)
        .filter(enrolment=enrolment)
        .order_by("session__held_on")
    )
    results = list(
        policy_for(AssessmentResult)
        .visible(user)
        .filter(enrolment=enrolment)
        .order_by("assessment__held_on", "assessment__name")
    )
    policy_for(Attendance).record_reads(user, attendance)
    policy_for(AssessmentResult).record_reads(user, results)
    return {"attendance": attendance, "results": results}


def _assessment_context(user: Any, assessment: Assessment) -> dict[str, Any]:
    figures = next(
        (
            row
            for row in selectors.assessment_figures(assessment.cohort)
            if row["assessment"] == assessment
        ),
        None,
    )
    return {"figures": figures}


PROGRAMMES = RecordPages(
    app="training",
    slug="programmes",
    title=_("Training programmes"),
    singular=_("training programme"),
    policy=policy_for(Programme),
    columns=[
        (_("Code"), "code"),
        (_("Name"), "name"),
        (_("Kind"), "get_kind_display"),
        (_("Run by contingent"), "contingent.country.iso3"),
    ],
    fields=[
        (_("Code"), "code"),
        (_("Name"), "name"),
        (_("Kind"), "get_kind_display"),
        (_("Run by contingent"), "contingent"),
        (_("Description"), "description"),
    ],
    form=forms.ProgrammeForm,
    filterset=filters.ProgrammeFilter,
    create=lambda user, data: services.programme_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.programme_update(
        actor=user, programme=obj, data=data, version=version
    ),
    extra_context=lambda user, programme: {
        "cohorts": selectors.cohorts_visible_to(user).filter(programme=programme)
    },
    detail_template="training/programme_detail.html",
)

COHORTS = RecordPages(
    app="training",
    slug="cohorts",
    title=_("Cohorts"),
    singular=_("cohort"),
    policy=policy_for(Cohort),
    columns=[
        (_("Name"), "name"),
        (_("Programme"), "programme.name"),
        (_("Starts"), "starts_on"),
        (_("Graduation"), "graduation_on"),
        (_("Venue"), "venue"),
    ],
    fields=[
        (_("Programme"), "programme"),
        (_("Name"), "name"),
        (_("Starts"), "starts_on"),
        (_("Ends"), "ends_on"),
        (_("Graduation"), "graduation_on"),
        (_("Venue"), "venue"),
        (_("Notes"), "notes"),
    ],
    form=forms.CohortForm,
    filterset=filters.CohortFilter,
    create=lambda user, data: services.cohort_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.cohort_update(
        actor=user, cohort=obj, data=data, version=version
    ),
    extra_context=_cohort_context,
    detail_template="training/cohort_detail.html",
)

TRAINEES = RecordPages(
    app="training",
    slug="trainees",
    title=_("Trainees"),
    singular=_("trainee"),
    policy=policy_for(Trainee),
    columns=[
        (_("Registration number"), "registration_number"),
        (_("Family name"), "family_name"),
        (_("Given name"), "given_name"),
        (_("Sex"), "get_sex_display"),
    ],
    fields=[
        (_("Registration number"), "registration_number"),
        (_("Given name"), "given_name"),
        (_("Family name"), "family_name"),
        (_("Sex"), "get_sex_display"),
        (_("Date of birth"), "date_of_birth"),
    ],
    form=forms.TraineeForm,
    filterset=filters.TraineeFilter,
    create=lambda user, data: services.trainee_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.trainee_update(
        actor=user, trainee=obj, data=data, version=version
    ),
    extra_context=_trainee_context,
    detail_template="training/trainee_detail.html",
)

ENROLMENTS = RecordPages(
    app="training",
    slug="enrolments",
    title=_("Enrolments"),
    singular=_("enrolment"),
    policy=policy_for(Enrolment),
    columns=[
        (_("Cadet"), "trainee"),
        (_("Cohort"), "cohort.name"),
        (_("Status"), "get_status_display"),
        (_("Withdrawal reason"), "get_withdrawal_reason_display"),
        (_("Placed in HNP unit"), "placement_unit"),
    ],
    fields=[
        (_("Cadet"), "trainee"),
        (_("Cohort"), "cohort"),
        (_("Enrolled on"), "enrolled_on"),
        (_("Status"), "get_status_display"),
        (_("Withdrawn on"), "withdrawn_on"),
        (_("Withdrawal reason"), "get_withdrawal_reason_display"),
        (_("Withdrawal note"), "withdrawal_note"),
        (_("Graduated on"), "graduated_on"),
        (_("Placed in HNP unit"), "placement_unit"),
        (_("Placed on"), "placed_on"),
    ],
    form=forms.EnrolmentForm,
    filterset=filters.EnrolmentFilter,
    create=lambda user, data: services.enrolment_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.enrolment_update(
        actor=user, enrolment=obj, data=data, version=version
    ),
    extra_context=_enrolment_context,
    detail_template="training/enrolment_detail.html",
)

ASSESSMENTS = RecordPages(
    app="training",
    slug="assessments",
    title=_("Assessments"),
    singular=_("assessment"),
    policy=policy_for(Assessment),
    columns=[
        (_("Name"), "name"),
        (_("Cohort"), "cohort.name"),
        (_("Held on"), "held_on"),
        (_("Pass mark"), "pass_mark"),
    ],
    fields=[
        (_("Cohort"), "cohort"),
        (_("Name"), "name"),
        (_("Held on"), "held_on"),
        (_("Pass mark (out of 100)"), "pass_mark"),
    ],
    form=forms.AssessmentForm,
    filterset=filters.AssessmentFilter,
    create=lambda user, data: services.assessment_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.assessment_update(
        actor=user, assessment=obj, data=data, version=version
    ),
    extra_context=_assessment_context,
    detail_template="training/assessment_detail.html",
)

ALL = [COHORTS, TRAINEES, ENROLMENTS, ASSESSMENTS, PROGRAMMES]
