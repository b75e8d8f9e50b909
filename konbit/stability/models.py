"""The results tree (in the manner of the UN's CPAS): mandate → objective → milestone
→ indicator, and the indicators' values over time by commune (or national).

A milestone's status is never typed on the milestone: it is the latest entry of its
dated, sourced history (``MilestoneStatus``), which ``policies`` annotates on every
read. An indicator value keeps the source's breakdown (``female``, ``male``, and the
source's categories in ``breakdown``): the commune's figure at a date is the sum of
its values of that date (see ``figures``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel
from konbit.forces.models import Mandate
from konbit.places.models import Commune


class Objective(TrackedModel):
    """What a mandate asks the mission to bring about (e.g. "Schools and courts
    working again")."""

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.PROTECT, related_name="objectives"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. O2"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["mandate", "code"], name="objective_code_per_mandate")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(TrackedModel):
    """What is measured: displaced people (``idps``), schools open, courts
    functioning, police stations operational, kidnappings, killings."""

    code = models.SlugField(_("code"), max_length=40, help_text=_("e.g. idps"))
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. people"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class MilestoneState(models.TextChoices):
    PENDING = "pending", _("pending")
    ACHIEVED = "achieved", _("achieved")
    SLIPPED = "slipped", _("slipped")
    REVERSED = "reversed", _("reversed")


class Milestone(TrackedModel):
    """A dated step towards an objective; its status is its history's latest entry."""

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_date = models.DateField(_("target date"))
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicators"), blank=True, related_name="milestones"
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["target_date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "title"], name="milestone_title_per_objective"
            )
        ]
        indexes = [models.Index(fields=["target_date"], name="milestone_target_date")]

    def __str__(self) -> str:
        return self.title


class MilestoneStatus(TrackedModel):
    """One dated, sourced entry of a milestone's history: what its status became on
    ``on``, who said so, and whether another source confirms it."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="history"
    )
    status = models.CharField(_("status"), max_length=10, choices=MilestoneState.choices)
    on = models.DateField(_("on"))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("Unticked: reported by one source only.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone status")
        verbose_name_plural = _("milestone statuses")
        ordering = ["milestone", "-on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "on", "status"], name="milestone_status_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.get_status_display()}"


class Confidence(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class IndicatorValue(TrackedModel):
    """One figure of an indicator: for a commune (or the whole country when
    ``commune`` is empty) at a date, from a source. Several values of the same
    commune and date are parts of its figure (by sex, reason, origin...)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: a national figure."),
    )
    date = models.DateField(_("date"))
    period_start = models.DateField(
        _("period start"),
        null=True,
        blank=True,
        help_text=_("For a count over a period (e.g. a quarter) ending on the date."),
    )
    value = models.PositiveBigIntegerField(_("value"))
    female = models.PositiveBigIntegerField(
        _("female"), null=True, blank=True, help_text=_("Empty: unknown.")
    )
    male = models.PositiveBigIntegerField(
        _("male"), null=True, blank=True, help_text=_("Empty: unknown.")
    )
    breakdown = models.JSONField(
        _("breakdown"),
        default=dict,
        blank=True,
        help_text=_("The source's categories (e.g. displacement reason, origin)."),
    )
    source = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Published values are public.")
    )
    # What tells this value from the others of its indicator: commune, date, source
    # and breakdown (``figures.value_key``); re-importing a file finds its values.
    key = models.CharField(_("key"), max_length=64, editable=False)
    # The breakdown's kind of assessment (IOM DTM: baseline "BA", site "SA"), kept in
    # a column of its own: a date's figure groups by it (``figures``).
    assessment = models.CharField(
        _("assessment"), max_length=40, blank=True, default="", editable=False
    )

    audit_exclude = frozenset({"key", "assessment"})

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-date", "commune_id"]
        permissions = [("import_indicatorvalue", _("Can import indicator values"))]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "key"], name="indicator_value_key"),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_start__lte=models.F("date")),
                name="indicator_value_period_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "commune", "date"], name="indicator_value_series"),
            models.Index(fields=["indicator", "date"], name="indicator_value_date"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.commune_id or 'HTI'} {self.date}: {self.value}"
