"""The mission's forces: mandates, contributing countries and their contingents.

The foundation starts this part with the tables accounts needs (a user belongs to
a contingent); the forces part adds units, personnel and deployments.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel

iso3_validator = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 3166-1."))


class Mandate(TrackedModel):
    """A Security Council resolution that authorizes (or renews) the mission."""

    resolution = models.CharField(
        _("resolution"), max_length=32, unique=True, help_text=_("e.g. 2699 (2023)")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    authorized_ceiling = models.PositiveIntegerField(
        _("authorized ceiling"),
        null=True,
        blank=True,
        help_text=_("Empty when the resolution sets no ceiling."),
    )
    planning_figure = models.PositiveIntegerField(_("planning figure"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="mandate_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"S/RES/{self.resolution}"


class Country(TrackedModel):
    """A contributing country, by its ISO 3166-1 alpha-3 code."""

    iso3 = models.CharField(
        _("ISO 3166-1 code"), max_length=3, unique=True, validators=[iso3_validator]
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contingent(TrackedModel):
    """A country's contingent in the mission (one per contributing country)."""

    country = models.OneToOneField(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="contingent"
    )
    name = models.CharField(_("name"), max_length=150)
    is_lead_nation = models.BooleanField(_("lead nation"), default=False)
    pledged_strength = models.PositiveIntegerField(_("pledged strength"), null=True, blank=True)

    class Meta:
        verbose_name = _("contingent")
        verbose_name_plural = _("contingents")
        ordering = ["-is_lead_nation", "name"]

    def __str__(self) -> str:
        return self.name
