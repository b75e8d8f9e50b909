"""Armed groups (gangs, coalitions, militias, state forces), their aliases, their
estimated strength and the history of their status.

A group's current status is never typed: it is the latest entry of its status
history (``selectors.with_current_status``)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from konbit.actors.models.grading import DatePrecision, Graded
from konbit.core.models import TrackedModel, actor_field


class GroupKind(models.TextChoices):
    GANG = "gang", _("gang")
    COALITION = "coalition", _("coalition")
    COMMUNAL_MILITIA = "communal_militia", _("communal militia")
    SELF_DEFENCE = "self_defence", _("self-defence brigade")
    STATE_FORCE = "state_force", _("state force")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    ACTIVE = "active", _("active")
    WEAKENED = "weakened", _("weakened")
    DESTABILIZED = "destabilized", _("destabilized")
    DISMANTLED = "dismantled", _("dismantled")


class Language(models.TextChoices):
    HT = "ht", _("Haitian Creole")
    FR = "fr", _("French")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    OTHER = "other", _("other")


class AliasKind(models.TextChoices):
    SPELLING = "spelling", _("spelling")
    NICKNAME = "nickname", _("nickname")
    ACLED = "acled", _("ACLED's spelling")


class Releasable(TrackedModel):
    """A record hq_staff may release to the HNP (an explicit, audited action)."""

    released_to_hnp = models.BooleanField(_("released to the HNP"), default=False, editable=False)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)
    released_by = actor_field(_("released by"))

    class Meta:
        abstract = True


class ArmedGroup(Releasable):
    """A gang, a coalition of gangs, a militia or a state force."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # The name normalized (actors.names.normalize): the resolver compares this.
    name_norm = models.CharField(
        _("normalized name"), max_length=200, db_index=True, editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    base_communes = models.ManyToManyField(
        "places.Commune", verbose_name=_("base communes"), blank=True, related_name="+"
    )
    founded_on = models.DateField(
        _("founded on"),
        null=True,
        blank=True,
        help_text=_("For a coalition, the day it was announced."),
    )
    founded_precision = models.CharField(
        _("precision of the founding date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    operational_on = models.DateField(
        _("operational from"),
        null=True,
        blank=True,
        help_text=_("For a coalition: its first coordinated action, when it differs."),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("armed group")
        verbose_name_plural = _("armed groups")
        ordering = ["name"]
        permissions = [
            ("release_armedgroup", _("Can release armed groups to the HNP")),
            ("view_aggregates", _("Can read incident counts by armed group")),
            ("view_unreleased", _("Can read the registry beyond what was released to the HNP")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=F("founded_on")),
                name="armedgroup_dissolved_after_founded",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupAlias(Graded):
    """Another name of a group: a spelling, a nickname, ACLED's way of writing it."""

    group = models.ForeignKey(
        ArmedGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alias"), max_length=200)
    name_norm = models.CharField(
        _("normalized alias"), max_length=200, db_index=True, editable=False
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    kind = models.CharField(
        _("kind of alias"), max_length=10, choices=AliasKind.choices, default=AliasKind.SPELLING
    )

    class Meta:
        verbose_name = _("alias of a group")
        verbose_name_plural = _("aliases of groups")
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="groupalias_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class StrengthEstimate(Graded):
    """How many members a group had on a date, as a range."""

    group = models.ForeignKey(
        ArmedGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="strengths"
    )
    on = models.DateField(_("on"))
    low = models.PositiveIntegerField(_("at least"))
    high = models.PositiveIntegerField(_("at most"))

    class Meta:
        verbose_name = _("strength estimate")
        verbose_name_plural = _("strength estimates")
        ordering = ["group", "-on"]
        constraints = [
            models.CheckConstraint(condition=Q(high__gte=F("low")), name="strength_high_ge_low")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.low}-{self.high} ({self.on})"


class StatusChange(Graded):
    """A group's status from a date on, why, and what evidences it."""

    group = models.ForeignKey(
        ArmedGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    on = models.DateField(_("from"))
    reason = models.TextField(_("reason"))
    evidence_incidents = models.ManyToManyField(
        "operations.Incident", verbose_name=_("evidence: incidents"), blank=True, related_name="+"
    )
    evidence_operations = models.ManyToManyField(
        "operations.JointOperation",
        verbose_name=_("evidence: joint operations"),
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["group", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["group", "on"], name="statuschange_one_a_day")
        ]
        indexes = [models.Index(fields=["group", "-on"], name="statuschange_group_on")]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_status_display()} ({self.on})"


class Designation(Graded):
    """A sanctions listing (UN Res 2653 regime, US, EU) of a group or a person."""

    class Authority(models.TextChoices):
        UN = "un", _("United Nations (Res 2653 regime)")
        US = "us", _("United States")
        EU = "eu", _("European Union")
        OTHER = "other", _("other")

    group = models.ForeignKey(
        ArmedGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="designations",
    )
    person = models.ForeignKey(
        "actors.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="designations",
    )
    authority = models.CharField(_("authority"), max_length=5, choices=Authority.choices)
    programme = models.CharField(
        _("programme"), max_length=100, help_text=_("e.g. Res 2653, OFAC SDN, FTO, SDGT, CFSP.")
    )
    instrument = models.CharField(
        _("instrument"), max_length=200, help_text=_("The resolution, decision or notice.")
    )
    listed_on = models.DateField(_("listed on"))
    delisted_on = models.DateField(_("delisted on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["-listed_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(group__isnull=False) & Q(person__isnull=True))
                | (Q(group__isnull=True) & Q(person__isnull=False)),
                name="designation_one_target",
            ),
            models.CheckConstraint(
                condition=Q(delisted_on__isnull=True) | Q(delisted_on__gte=F("listed_on")),
                name="designation_delisted_after_listed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_authority_display()} {self.programme} {self.listed_on}"
