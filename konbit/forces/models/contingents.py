"""Contributing countries, their contingents and the units they field (DOMAIN.md 2.2)."""

from __future__ import annotations

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel

iso3_validator = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 3166-1."))


def validate_iso3166(value: str) -> None:
    """The code must name a country of ISO 3166-1 (pycountry's table)."""
    if pycountry.countries.get(alpha_3=value) is None:
        raise ValidationError(
            _("%(code)s is not an ISO 3166-1 country code."), params={"code": value}
        )


class Country(TrackedModel):
    """A contributing country, by its ISO 3166-1 alpha-3 code."""

    iso3 = models.CharField(
        _("ISO 3166-1 code"),
        max_length=3,
        unique=True,
        validators=[iso3_validator, validate_iso3166],
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
    commander = models.CharField(
        _("contingent commander"),
        max_length=150,
        blank=True,
        help_text=_("Name and rank as the country gives them (not a Konbit account)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("contingent")
        verbose_name_plural = _("contingents")
        ordering = ["-is_lead_nation", "name"]
        # Without it, a user acts only in the contingent they belong to (see
        # forces.policies): the commanders.
        permissions = [("any_contingent", _("Can act on the records of every contingent"))]

    def __str__(self) -> str:
        return self.name


class Unit(TrackedModel):
    """A unit of a contingent, e.g. Kenya's Rapid Deployment Unit."""

    class Type(models.TextChoices):
        FORMED_POLICE = "formed_police", _("formed police unit")
        MILITARY_POLICE = "military_police", _("military police")
        STAFF_OFFICERS = "staff_officers", _("staff officers")
        MEDICAL = "medical", _("medical")
        AVIATION = "aviation", _("aviation / medevac")
        SWAT = "swat", _("special weapons and tactics")
        BORDER_PATROL = "border_patrol", _("border patrol")
        SUPPORT = "support", _("support")
        OTHER = "other", _("other")

    contingent = models.ForeignKey(
        Contingent, verbose_name=_("contingent"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=150)
    unit_type = models.CharField(_("unit type"), max_length=32, choices=Type.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["contingent__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["contingent", "name"], name="unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ContingentMembership(TrackedModel):
    """The contingent a user belongs to: what scopes a contingent commander to their
    own contingent's records. Kept here, not on the user, because accounts is part of
    the foundation and knows no domain part; read it with
    ``konbit.forces.membership.contingent_id_of``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="contingent_membership",
    )
    contingent = models.ForeignKey(
        Contingent,
        verbose_name=_("contingent"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("contingent membership")
        verbose_name_plural = _("contingent memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.contingent})"
