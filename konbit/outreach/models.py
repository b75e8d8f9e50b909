"""Community outreach: the mission's activities with the people of the communes it
works in (school visits, child-protection sessions, community forums, sports or civic
events, medical outreach), the audiences they reached and the concerns raised there.

Audiences are counts only (girls, boys, women, men): no record of this part names a
child, and no free-text field asks for a name. A concern about a child's safety or
the mission's conduct is referred to oversight in one action: its account goes into a
``Referral`` that only oversight (and the mission administrator) reads, and the
activity keeps only the referral's reference. ``Referral`` carries what an oversight
case needs on its own (date, commune, contingent, kind of activity), so that the
oversight part can take the table over.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel

# A count above this is a typing error, not an audience.
MAX_AUDIENCE = 100_000
AUDIENCE_FIELDS = ("girls", "boys", "women", "men")
NO_NAMES = _("Counts only: never a child's name.")


class Kind(models.TextChoices):
    SCHOOL_VISIT = "school_visit", _("School visit")
    CHILD_PROTECTION = "child_protection", _("Child-protection session")
    COMMUNITY_FORUM = "community_forum", _("Community forum")
    SPORTS_CIVIC = "sports_civic", _("Sports or civic event")
    MEDICAL = "medical", _("Medical outreach")


class TopicCode(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GBV_PREVENTION = "gbv_prevention", _("Preventing gender-based violence")
    LAWFUL_BEHAVIOUR = "lawful_behaviour", _("Lawful behaviour and the rule of law")
    GANG_RECRUITMENT = "gang_recruitment", _("Resisting gang recruitment")
    HUMAN_RIGHTS = "human_rights", _("Human rights")
    MISSION_CONDUCT = "mission_conduct", _("The mission's conduct and how to complain")
    COMMUNITY_POLICING = "community_policing", _("Community policing with the HNP")
    EXPLOSIVES = "explosives", _("Explosive and firearm safety")
    HEALTH = "health", _("Health and hygiene")
    EDUCATION = "education", _("Going back to school")


def topics_text(codes: Any) -> str:
    """Topic codes as stored on an activity: known codes, sorted, comma-separated.
    One column (not a table of links) so that the statistics by topic group the
    activities in one pass, and an activity's audit entry shows its topics."""
    return ",".join(sorted(set(codes or ())))


def validate_topics(value: str) -> None:
    unknown = [code for code in value.split(",") if code and code not in TopicCode.values]
    if unknown:
        raise ValidationError(
            _("Unknown topic: %(codes)s.") % {"codes": ", ".join(unknown)}, code="invalid"
        )


class MonthOf(models.Func):
    """The first day of a date's month, as the database computes a stored column:
    SQLite's ``date(..., 'start of month')``; on PostgreSQL the date less its day
    of the month (immutable, as a generated column needs: ``date_trunc`` on a date
    is not)."""

    output_field = models.DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(%(expressions)s - (EXTRACT(DAY FROM %(expressions)s)::integer - 1))",
        )


def _count(label: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label, default=0, validators=[MaxValueValidator(MAX_AUDIENCE)], help_text=NO_NAMES
    )


class Activity(TrackedModel):
    """One outreach activity of a contingent (and one of its units) in a commune."""

    audit_exclude = frozenset({"month"})

    kind = models.CharField(_("kind of activity"), max_length=32, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    # Kept by the database from ``held_on``: the statistics group by it along an index.
    month = models.GeneratedField(
        expression=MonthOf("held_on"), output_field=models.DateField(), db_persist=True
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="outreach_activities",
    )
    venue = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_("The school, square or centre (a place, never a person)."),
    )
    contingent = models.ForeignKey(
        "forces.Contingent",
        verbose_name=_("contingent"),
        on_delete=models.PROTECT,
        related_name="outreach_activities",
    )
    unit = models.ForeignKey(
        "forces.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_activities",
    )
    partners = models.CharField(
        _("partners"),
        max_length=300,
        blank=True,
        help_text=_("Organisations that took part (HNP, UNICEF, a school, an NGO), by name."),
    )
    topics = models.CharField(_("topics"), max_length=300, blank=True, validators=[validate_topics])
    girls = _count(_("girls"))
    boys = _count(_("boys"))
    women = _count(_("women"))
    men = _count(_("men"))
    follow_up = models.TextField(
        _("follow-up actions"),
        blank=True,
        help_text=_(
            "What will be done next, and by whom (a unit or an organisation). "
            "Never write a child's name."
        ),
    )

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ["-held_on", "-created_at"]
        permissions = [("view_all_activities", "Can read every contingent's activities")]
        indexes = [
            models.Index(fields=["held_on"], name="outreach_activity_held_on"),
            # The statistics read these columns only (covering indexes, in the order
            # they group by: month, commune and kind; the set of topics), with those
            # the usual filters test (period, topic, contingent): a filtered count
            # reads the index alone, not a table row for each activity.
            models.Index(
                fields=[
                    "month",
                    "commune",
                    "kind",
                    "girls",
                    "boys",
                    "women",
                    "men",
                    "held_on",
                    "topics",
                    "contingent",
                ],
                name="outreach_activity_stats",
            ),
            models.Index(
                fields=[
                    "topics",
                    "girls",
                    "boys",
                    "women",
                    "men",
                    "held_on",
                    "month",
                    "commune",
                    "kind",
                    "contingent",
                ],
                name="outreach_activity_topics",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on:%Y-%m-%d}"

    @property
    def topic_codes(self) -> list[str]:
        return [code for code in self.topics.split(",") if code]

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(TopicCode.choices)
        return [str(labels.get(code, code)) for code in self.topic_codes]

    @property
    def children(self) -> int:
        return self.girls + self.boys

    @property
    def adults(self) -> int:
        return self.women + self.men

    @property
    def reached(self) -> int:
        return self.children + self.adults


class ConcernCategory(models.TextChoices):
    CHILD_SAFETY = "child_safety", _("A child's safety")
    MISSION_CONDUCT = "mission_conduct", _("The mission's conduct")
    SECURITY = "security", _("Security in the area")
    SERVICES = "services", _("Services (school, health, water, roads)")
    OTHER = "other", _("Other")


# Concerns that are never kept here: they go to oversight at once.
REFERRED_CATEGORIES = frozenset({ConcernCategory.CHILD_SAFETY, ConcernCategory.MISSION_CONDUCT})


class Concern(TrackedModel):
    """A concern raised at an activity. A community concern keeps its summary here;
    one referred to oversight keeps only the referral's reference."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="concerns"
    )
    category = models.CharField(_("category"), max_length=32, choices=ConcernCategory.choices)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("What the community raised. Never a child's name."),
    )
    referral_reference = models.CharField(_("referred to oversight as"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["created_at"]
        permissions = [("refer_concern", "Can refer a concern to oversight")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(summary="") | ~models.Q(referral_reference=""),
                name="outreach_concern_summary_or_referral",
            ),
            models.CheckConstraint(
                condition=models.Q(referral_reference="") | models.Q(summary=""),
                name="outreach_concern_referred_keeps_no_text",
            ),
        ]

    def __str__(self) -> str:
        return self.referral_reference or self.get_category_display()


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred, awaiting oversight")
    RECEIVED = "received", _("Received by oversight")


class Referral(TrackedModel):
    """A concern referred to oversight: restricted to oversight officers (and the
    mission administrator). Kept when its activity is deleted."""

    reference = models.CharField(_("reference"), max_length=32)
    category = models.CharField(_("category"), max_length=32, choices=ConcernCategory.choices)
    account = models.TextField(
        _("account"),
        help_text=_(
            "What was reported, when and where. Describe a child by age and sex, never by name."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    raised_on = models.DateField(_("raised on"))
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    activity_kind = models.CharField(_("kind of activity"), max_length=32, choices=Kind.choices)
    commune = models.ForeignKey(
        "places.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    contingent = models.ForeignKey(
        "forces.Contingent",
        verbose_name=_("contingent"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral to oversight")
        verbose_name_plural = _("referrals to oversight")
        ordering = ["-raised_on", "-created_at"]
        permissions = [("receive_referral", "Can confirm that oversight received a referral")]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="outreach_referral_reference")
        ]

    def __str__(self) -> str:
        return self.reference
