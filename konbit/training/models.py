"""Training of the Haitian National Police: programmes, cohorts, cadets (trainees)
and their enrolment, attendance by session, assessments, withdrawal, graduation and
placement into HNP units.

A cadet's identity is personal data: the trainee and their enrolment are read by the
roles that run training (reads audited), never by the analyst, who gets the cohorts'
figures only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel
from konbit.forces.models import Contingent, Personnel

SCORE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class Programme(TrackedModel):
    """A course: the HNP's basic training, or a specialised course a contingent runs."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("basic HNP training")
        SPECIALISED = "specialised", _("specialised course")

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contingent = models.ForeignKey(
        Contingent,
        verbose_name=_("run by contingent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [models.UniqueConstraint(fields=["code"], name="training_programme_code")]

    def __str__(self) -> str:
        return self.name


class Cohort(TrackedModel):
    """One class of a programme (a "promotion"): its dates, venue and trainers."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    graduation_on = models.DateField(_("graduation on"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    trainers = models.ManyToManyField(
        Personnel, verbose_name=_("trainers"), blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="training_cohort_name"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="training_cohort_dates",
            ),
            models.CheckConstraint(
                condition=Q(graduation_on__isnull=True)
                | Q(graduation_on__gte=models.F("starts_on")),
                name="training_cohort_graduation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("before the start of the cohort")]
        if self.graduation_on and self.starts_on and self.graduation_on < self.starts_on:
            errors["graduation_on"] = [_("before the start of the cohort")]
        if errors:
            raise ValidationError(errors)


class Trainee(TrackedModel):
    """An HNP cadet. Identity is sensitive: every read is audited."""

    registration_number = models.CharField(_("registration number"), max_length=40)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name", "registration_number"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"], name="training_trainee_registration"
            ),
            models.CheckConstraint(condition=Q(sex__in=["F", "M"]), name="training_trainee_sex"),
        ]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_name} ({self.registration_number})"


class Enrolment(TrackedModel):
    """A cadet in a cohort, from enrolment to withdrawal or graduation and placement."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("in training")
        WITHDRAWN = "withdrawn", _("withdrawn")
        GRADUATED = "graduated", _("graduated")

    class Reason(models.TextChoices):
        DROPPED_OUT = "dropped_out", _("dropped out")
        DISMISSED = "dismissed", _("dismissed")
        MEDICAL = "medical", _("medical")
        DECEASED = "deceased", _("died in training")
        OTHER = "other", _("other")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrolments"
    )
    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="enrolments"
    )
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("withdrawal reason"), max_length=20, choices=Reason.choices, blank=True
    )
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True)
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    placement_unit = models.CharField(_("placed in HNP unit"), max_length=200, blank=True)
    placed_on = models.DateField(_("placed on"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "trainee__family_name", "trainee__given_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        permissions = [
            ("import_results", _("Can import attendance and results")),
            ("view_figures", _("Can view training figures")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "trainee"], name="training_enrolment_once"),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_on__isnull=False) & ~Q(withdrawal_reason="")),
                name="training_withdrawal_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="graduated") | Q(graduated_on__isnull=False),
                name="training_graduation_dated",
            ),
            models.CheckConstraint(
                condition=Q(placement_unit="") | Q(status="graduated"),
                name="training_placement_graduates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} — {self.cohort}"

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.status == self.Status.WITHDRAWN:
            if not self.withdrawn_on:
                errors["withdrawn_on"] = [_("a withdrawal needs its date")]
            if not self.withdrawal_reason:
                errors["withdrawal_reason"] = [_("a withdrawal needs its reason")]
        if self.status == self.Status.GRADUATED and not self.graduated_on:
            errors["graduated_on"] = [_("a graduation needs its date")]
        if self.placement_unit and self.status != self.Status.GRADUATED:
            errors["placement_unit"] = [_("only a graduate is placed in a unit")]
        if self.placed_on and not self.placement_unit:
            errors["placement_unit"] = [_("name the unit the graduate is placed in")]
        if self.enrolled_on and self.withdrawn_on and self.withdrawn_on < self.enrolled_on:
            errors["withdrawn_on"] = [_("before the enrolment")]
        if self.enrolled_on and self.graduated_on and self.graduated_on < self.enrolled_on:
            errors["graduated_on"] = [_("before the enrolment")]
        if errors:
            raise ValidationError(errors)


class TrainingSession(TrackedModel):
    """One day of a cohort's training, on which attendance is taken."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["cohort", "held_on"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "held_on"], name="training_session_day")
        ]

    def __str__(self) -> str:
        return f"{self.held_on.isoformat()} {self.topic}".strip()


class Attendance(TrackedModel):
    """Whether a cadet was present at a session."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("present"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="training_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.enrolment_id}"


class Assessment(TrackedModel):
    """An examination of a cohort, scored out of 100, with its pass mark."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="assessments"
    )
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    pass_mark = models.DecimalField(
        _("pass mark (out of 100)"), max_digits=5, decimal_places=2, validators=SCORE
    )

    class Meta:
        ordering = ["cohort", "held_on", "name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="training_assessment_name"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100),
                name="training_assessment_pass_mark",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentResult(TrackedModel):
    """A cadet's score in an assessment; passed when it reaches the pass mark."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="results"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="results"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, validators=SCORE)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "enrolment"], name="training_result_once"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="training_result_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.score}"
