"""Relations over time: a person in a group, a group in a coalition, alliances and
rivalries; and the territory a group controls or contests.

Either date may be unknown (null). An unknown end means the relation holds as far
as anyone knows. An unknown start of a membership in a coalition reads as the
coalition's founding (announcement) date: nobody is a member of a coalition before
it existed (``selectors.groups_in_coalition``)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from konbit.actors.models.grading import Graded
from konbit.actors.models.groups import ArmedGroup


class RelationKind(models.TextChoices):
    MEMBERSHIP = "membership", _("membership")
    ALLIANCE = "alliance", _("alliance")
    RIVALRY = "rivalry", _("rivalry")


class Role(models.TextChoices):
    LEADER = "leader", _("leader")
    LIEUTENANT = "lieutenant", _("lieutenant")
    SPONSOR = "sponsor", _("sponsor")
    MEMBER = "member", _("member")


class Relation(Graded):
    """``subject`` (a person or a group) is a member of, allied with or rival of
    ``group`` from ``starts_on`` to ``ends_on``.

    A person is only ever a member (with a role); alliances and rivalries are
    between two groups.
    """

    kind = models.CharField(_("kind of relation"), max_length=10, choices=RelationKind.choices)
    person = models.ForeignKey(
        "actors.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relations",
    )
    member_group = models.ForeignKey(
        ArmedGroup,
        verbose_name=_("group (subject)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relations_out",
    )
    group = models.ForeignKey(
        ArmedGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="relations_in"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["group", "kind", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(member_group__isnull=True))
                | (Q(person__isnull=True) & Q(member_group__isnull=False)),
                name="relation_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(kind="membership"),
                name="relation_person_is_member",
            ),
            models.CheckConstraint(
                condition=Q(member_group__isnull=True) | ~Q(member_group=F("group")),
                name="relation_not_with_itself",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="relation_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["kind", "group"], name="relation_kind_group")]

    def __str__(self) -> str:
        subject = self.person if self.person_id else self.member_group
        return f"{subject} {self.get_kind_display()} {self.group}"


class Territory(Graded):
    """A commune (or one of its communal sections) a group controls or contests."""

    class Control(models.TextChoices):
        CONTROLS = "controls", _("controls")
        CONTESTS = "contests", _("contests")

    group = models.ForeignKey(
        ArmedGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="territories"
    )
    commune = models.ForeignKey(
        "places.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        "places.CommunalSection",
        verbose_name=_("communal section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    control = models.CharField(_("control"), max_length=8, choices=Control.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["group", "commune", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="territory_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        place = self.section or self.commune
        return f"{self.group} {self.get_control_display()} {place}"
