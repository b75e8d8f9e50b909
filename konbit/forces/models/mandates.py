"""The Security Council mandates and the reporting duties they set (DOMAIN.md 1.3, 1.10)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel


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


class ReportingObligation(TrackedModel):
    """A duty to report set by a resolution: who reports, to whom, when and on what.

    Stored as data, not code (DOMAIN.md 1.3): the Council's rules change with each
    resolution and several are not yet confirmed against the official texts.
    """

    class Party(models.TextChoices):
        MSS_LEADERSHIP = "mss_leadership", _("MSS leadership")
        LEAD_NATION = "lead_nation", _("Lead nation")
        GOVERNMENT_OF_HAITI = "government_of_haiti", _("Government of Haiti")
        CONTRIBUTING_STATES = "contributing_states", _("Contributing States")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-General")
        PANEL_OF_EXPERTS = "panel_of_experts", _("Panel of Experts")
        STANDING_GROUP = "standing_group", _("Standing Group of Partners")
        GSF_REPRESENTATIVE = "gsf_representative", _("GSF Special Representative")

    class Addressee(models.TextChoices):
        SECURITY_COUNCIL = "security_council", _("Security Council")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-General")
        COMMITTEE_2653 = "committee_2653", _("2653 Sanctions Committee")

    class Trigger(models.TextChoices):
        PERIODIC = "periodic", _("periodic")
        EVENT = "event", _("event-driven")
        DEADLINE = "deadline", _("deadline")

    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandate"),
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    title = models.CharField(_("title"), max_length=200)
    paragraph = models.CharField(_("paragraph"), max_length=32, blank=True)
    reporting_party = models.CharField(_("reporting party"), max_length=32, choices=Party.choices)
    addressee = models.CharField(_("addressee"), max_length=32, choices=Addressee.choices)
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    interval_days = models.PositiveIntegerField(
        _("every (days)"), null=True, blank=True, help_text=_("For a periodic report.")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    event = models.CharField(
        _("event"),
        max_length=200,
        blank=True,
        help_text=_("For an event-driven report, e.g. an urgent temporary measure."),
    )
    content_sections = models.JSONField(_("required content sections"), default=list, blank=True)
    confirmed = models.BooleanField(
        _("confirmed by a source"),
        default=False,
        help_text=_("Unchecked while the duty is not confirmed against the official text."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["mandate__starts_on", "paragraph", "title"]
        constraints = [
            models.UniqueConstraint(fields=["mandate", "title"], name="obligation_unique_title"),
            models.CheckConstraint(
                condition=~models.Q(trigger="periodic")
                | models.Q(interval_days__isnull=False, interval_days__gt=0),
                name="obligation_periodic_has_interval",
            ),
            models.CheckConstraint(
                condition=~models.Q(trigger="deadline") | models.Q(deadline__isnull=False),
                name="obligation_deadline_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate}: {self.title}"

    def clean(self) -> None:
        if self.trigger == self.Trigger.PERIODIC and not self.interval_days:
            raise ValidationError({"interval_days": _("A periodic report needs its interval.")})
        if self.trigger == self.Trigger.DEADLINE and not self.deadline:
            raise ValidationError({"deadline": _("A deadline report needs its date.")})
        if self.trigger == self.Trigger.EVENT and not self.event:
            raise ValidationError({"event": _("Say which event calls for the report.")})
