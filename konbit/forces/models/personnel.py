"""The people of the contingents. Personal data: reads of a record are audited."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel
from konbit.forces.models.contingents import Contingent, Unit

# The mission-wide rank grades run from 1 (most junior) to this.
RANK_GRADES = 20


def split_languages(value: str) -> list[str]:
    return [code for code in value.replace(";", ",").replace(" ", ",").split(",") if code]


def validate_languages(value: str) -> None:
    """ISO 639 codes (two or three letters) separated by commas."""
    for code in split_languages(value):
        known = (
            pycountry.languages.get(alpha_2=code)
            if len(code) == 2
            else pycountry.languages.get(alpha_3=code)
        )
        if known is None:
            raise ValidationError(
                _("%(code)s is not an ISO 639 language code (e.g. en, fr, es)."),
                params={"code": code},
            )


class Personnel(TrackedModel):
    """One officer or soldier of a contingent, identified by the service number their
    country gives them (unique within the contingent, hence within the country)."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    class Specialty(models.TextChoices):
        POLICE_OFFICER = "police_officer", _("police officer")
        MILITARY_POLICE = "military_police", _("military police")
        STAFF_OFFICER = "staff_officer", _("staff officer")
        MEDICAL = "medical", _("medical")
        MECHANIC = "mechanic", _("mechanic")
        COMMUNICATIONS = "communications", _("communications")
        LOGISTICS = "logistics", _("logistics")
        INTERPRETER = "interpreter", _("interpreter")
        PILOT = "pilot", _("pilot / aircrew")
        OTHER = "other", _("other")

    class Screening(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        PENDING = "pending", _("pending")
        CLEARED = "cleared", _("cleared")
        NOT_CLEARED = "not_cleared", _("not cleared")

    class Medical(models.TextChoices):
        NOT_EXAMINED = "not_examined", _("not examined")
        PENDING = "pending", _("pending")
        FIT = "fit", _("fit for deployment")
        UNFIT = "unfit", _("unfit for deployment")

    class Training(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("pledged")
        IN_TRAINING = "in_training", _("in training")
        DEPLOYED = "deployed", _("deployed")
        REPATRIATED = "repatriated", _("repatriated")
        INJURED = "injured", _("injured")
        KILLED = "killed", _("killed")
        MISSING = "missing", _("missing")

    contingent = models.ForeignKey(
        Contingent,
        verbose_name=_("contingent"),
        on_delete=models.PROTECT,
        related_name="personnel",
    )
    service_number = models.CharField(_("service number"), max_length=40)
    rank = models.CharField(_("rank"), max_length=60, help_text=_("As the country names it."))
    rank_grade = models.PositiveSmallIntegerField(
        _("mission rank grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(RANK_GRADES)],
        help_text=_("Mission-wide grade for comparing ranks across countries (1 = most junior)."),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    specialty = models.CharField(
        _("specialty"), max_length=32, choices=Specialty.choices, default=Specialty.POLICE_OFFICER
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        validators=[validate_languages],
        help_text=_("ISO 639 codes separated by commas, e.g. en, sw, fr."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personnel",
    )
    hr_screening = models.CharField(
        _("human-rights screening"),
        max_length=16,
        choices=Screening.choices,
        default=Screening.NOT_STARTED,
    )
    hr_screened_on = models.DateField(_("screened on"), null=True, blank=True)
    medical_clearance = models.CharField(
        _("medical clearance"),
        max_length=16,
        choices=Medical.choices,
        default=Medical.NOT_EXAMINED,
    )
    predeployment_training = models.CharField(
        _("pre-deployment training"),
        max_length=16,
        choices=Training.choices,
        default=Training.NOT_STARTED,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLEDGED
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personnel")
        ordering = ["family_name", "given_name", "service_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contingent", "service_number"], name="personnel_unique_service_number"
            ),
        ]
        indexes = [
            models.Index(fields=["contingent", "family_name"], name="personnel_contingent_name"),
            models.Index(fields=["service_number"], name="personnel_service_number"),
        ]
        permissions = [
            ("import_roster", _("Can import a contingent's roster")),
            ("export_roster", _("Can export a contingent's roster")),
        ]

    def __str__(self) -> str:
        return f"{self.rank} {self.given_name} {self.family_name} ({self.service_number})"

    def clean(self) -> None:
        if (
            self.unit is not None
            and self.contingent_id
            and self.unit.contingent_id != self.contingent_id
        ):
            raise ValidationError({"unit": _("The unit belongs to another contingent.")})
        if self.hr_screened_on and self.hr_screening in ("", self.Screening.NOT_STARTED):
            raise ValidationError(
                {"hr_screened_on": _("A screening date needs a screening status.")}
            )
