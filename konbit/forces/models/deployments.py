"""Who is in Haiti when: deployment waves, each person's deployment and rotations.

The strength on a date D counts the deployments with arrival <= D and no end or an
end after D (``konbit.forces.strength``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel
from konbit.forces.models.contingents import Contingent
from konbit.forces.models.personnel import Personnel


class DeploymentWave(TrackedModel):
    """An arrival of a contingent's personnel as announced, e.g. "Kenya, 18 Jan 2025,
    217: RDU with medical, mechanics and communications"."""

    contingent = models.ForeignKey(
        Contingent, verbose_name=_("contingent"), on_delete=models.PROTECT, related_name="waves"
    )
    arrival_date = models.DateField(_("arrival date"))
    count_announced = models.PositiveIntegerField(_("number announced"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    assumed_date = models.BooleanField(
        _("date assumed"),
        default=False,
        help_text=_("No source gives the date: it was chosen to agree with reported totals."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("deployment wave")
        verbose_name_plural = _("deployment waves")
        ordering = ["arrival_date", "contingent__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contingent", "arrival_date"], name="wave_unique_contingent_date"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.contingent.country.iso3} {self.arrival_date:%Y-%m-%d} ({self.count_announced})"
        )


class Deployment(TrackedModel):
    """One person's tour in the mission."""

    class EndReason(models.TextChoices):
        END_OF_TOUR = "end_of_tour", _("end of tour")
        ROTATION = "rotation", _("rotated out")
        MEDICAL = "medical", _("medical repatriation")
        INJURED = "injured", _("injured")
        KILLED = "killed", _("killed")
        MISSING = "missing", _("missing")
        DISCIPLINARY = "disciplinary", _("disciplinary repatriation")
        OTHER = "other", _("other")

    person = models.ForeignKey(
        Personnel, verbose_name=_("person"), on_delete=models.CASCADE, related_name="deployments"
    )
    wave = models.ForeignKey(
        DeploymentWave,
        verbose_name=_("wave"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deployments",
    )
    arrival_date = models.DateField(_("arrival date"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=16, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["-arrival_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actual_end__isnull=True)
                | models.Q(actual_end__gte=models.F("arrival_date")),
                name="deployment_ends_after_arrival",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("arrival_date")),
                name="deployment_planned_end_after_arrival",
            ),
        ]
        indexes = [
            # The strength query: arrival <= D and (actual_end is null or > D).
            models.Index(fields=["arrival_date", "actual_end"], name="deployment_strength"),
            models.Index(fields=["person", "arrival_date"], name="deployment_person_arrival"),
        ]
        permissions = [("view_strength", _("Can view strength aggregates"))]

    def __str__(self) -> str:
        return f"{self.person_id} {self.arrival_date:%Y-%m-%d}"

    def clean(self) -> None:
        if self.end_reason and not self.actual_end:
            raise ValidationError({"actual_end": _("An end reason needs the date it ended.")})
        if self.actual_end and self.actual_end < self.arrival_date:
            raise ValidationError({"actual_end": _("The end is before the arrival.")})
        if self.planned_end and self.planned_end < self.arrival_date:
            raise ValidationError({"planned_end": _("The planned end is before the arrival.")})
        if (
            self.wave is not None
            and self.person_id
            and self.wave.contingent_id != self.person.contingent_id
        ):
            raise ValidationError({"wave": _("The wave belongs to another contingent.")})


class Rotation(TrackedModel):
    """An incoming wave relieving an outgoing one; both are in Haiti during the overlap."""

    incoming_wave = models.ForeignKey(
        DeploymentWave,
        verbose_name=_("incoming wave"),
        on_delete=models.PROTECT,
        related_name="rotations_in",
    )
    outgoing_wave = models.ForeignKey(
        DeploymentWave,
        verbose_name=_("outgoing wave"),
        on_delete=models.PROTECT,
        related_name="rotations_out",
    )
    overlap_start = models.DateField(_("overlap starts"))
    overlap_end = models.DateField(_("overlap ends"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        ordering = ["-overlap_start"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(incoming_wave=models.F("outgoing_wave")),
                name="rotation_two_waves",
            ),
            models.CheckConstraint(
                condition=models.Q(overlap_end__gte=models.F("overlap_start")),
                name="rotation_overlap_in_order",
            ),
            models.UniqueConstraint(
                fields=["incoming_wave", "outgoing_wave"], name="rotation_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incoming_wave} ↔ {self.outgoing_wave}"

    def clean(self) -> None:
        if (
            self.incoming_wave_id
            and self.outgoing_wave_id
            and self.incoming_wave.contingent_id != self.outgoing_wave.contingent_id
        ):
            raise ValidationError(
                {"outgoing_wave": _("A rotation relieves a wave of the same contingent.")}
            )
        if (
            self.incoming_wave_id
            and self.outgoing_wave_id
            and self.incoming_wave.arrival_date <= self.outgoing_wave.arrival_date
        ):
            raise ValidationError(
                {"incoming_wave": _("The incoming wave must arrive after the outgoing one.")}
            )
