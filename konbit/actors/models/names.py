"""The reviewable table of actor names (as ACLED writes them) and the links from
incidents to groups that it produces.

Every distinct name seen in an incident's actor or associated-actor cells is one
``ActorName``. It is *linked* to a group (by a person, or automatically when its
normalized form equals a group's name or alias), *suggested* (a group and the reason,
awaiting a person), or *unresolved*. Each linked name gives its incidents one
``IncidentGroupLink`` per cell it appears in: that table is what "incidents of a
group" reads."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from konbit.actors.models.groups import ArmedGroup
from konbit.core.models import TrackedModel, actor_field


class LinkMethod(models.TextChoices):
    AUTOMATIC = "automatic", _("automatic (same name)")
    CONFIRMED = "confirmed", _("confirmed by a person")
    MANUAL = "manual", _("linked by a person")


class ActorName(TrackedModel):
    """One actor name exactly as ACLED (or a mission report) writes it."""

    class State(models.TextChoices):
        LINKED = "linked", _("linked")
        SUGGESTED = "suggested", _("suggested")
        UNRESOLVED = "unresolved", _("unresolved")

    name = models.CharField(_("name"), max_length=300, unique=True)
    name_norm = models.CharField(
        _("normalized name"), max_length=300, db_index=True, editable=False
    )
    events = models.PositiveIntegerField(_("events"), default=0, editable=False)
    group = models.ForeignKey(
        ArmedGroup,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actor_names",
    )
    link_method = models.CharField(
        _("linked how"), max_length=10, choices=LinkMethod.choices, blank=True
    )
    suggested_group = models.ForeignKey(
        ArmedGroup,
        verbose_name=_("suggested group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Suggestions a person turned down are never made again for this name.
    rejected_groups = models.ManyToManyField(
        ArmedGroup, verbose_name=_("rejected groups"), blank=True, related_name="+"
    )
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("actor name")
        verbose_name_plural = _("actor names")
        ordering = ["-events", "name"]
        permissions = [("resolve_actorname", _("Can confirm or reject actor names"))]

    def __str__(self) -> str:
        return self.name

    @property
    def state(self) -> str:
        if self.group_id:
            return self.State.LINKED
        if self.suggested_group_id:
            return self.State.SUGGESTED
        return self.State.UNRESOLVED

    @classmethod
    def state_q(cls, state: str) -> Q:
        return {
            cls.State.LINKED: Q(group__isnull=False),
            cls.State.SUGGESTED: Q(group__isnull=True, suggested_group__isnull=False),
            cls.State.UNRESOLVED: Q(group__isnull=True, suggested_group__isnull=True),
        }[cls.State(state)]


class LinkRole(models.TextChoices):
    ACTOR1 = "actor1", _("actor 1")
    ACTOR2 = "actor2", _("actor 2")
    ASSOC1 = "assoc1", _("associated with actor 1")
    ASSOC2 = "assoc2", _("associated with actor 2")
    ASSOCIATED = "associated", _("associated")


class IncidentGroupLink(models.Model):
    """An incident names a group, in one of its actor cells (or was linked by hand).

    Derived data: rewritten by the resolver whenever a name is linked or unlinked,
    so it carries no version of its own. ``actor_name`` is empty for a link a
    person set on the incident (or migrated from the old free-text field)."""

    id = models.BigAutoField(primary_key=True)
    incident = models.ForeignKey(
        "operations.Incident",
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="group_links",
    )
    group = models.ForeignKey(
        ArmedGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="incident_links"
    )
    role = models.CharField(_("role"), max_length=10, choices=LinkRole.choices)
    actor_name = models.ForeignKey(
        ActorName,
        verbose_name=_("actor name"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="links",
    )

    class Meta:
        verbose_name = _("incident's group")
        verbose_name_plural = _("incidents' groups")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "group", "role"], name="incidentgrouplink_unique"
            )
        ]
        indexes = [models.Index(fields=["group", "incident"], name="incidentgrouplink_group")]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.role} {self.group_id}"
