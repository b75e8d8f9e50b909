"""The Complaint Reporting Mechanism (CRM) of the oversight mechanism resolution
2699 asks for (DOMAIN.md 1.4, 6.3): complaints about the mission's personnel, filed
by the public (without an account) or recorded by an oversight officer, and their
dated, append-only status history.

Nobody outside oversight reads a complaint, not even the mission administrator
(``policies``). The complainant follows a complaint with its public reference code
and learns only its public status (``PublicStatus``), never its details.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel

# Unambiguous on paper and on a phone: no 0/O, 1/I/L, nor U/V mix-ups.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_GROUPS, CODE_GROUP_SIZE = 2, 4
CODE_PATTERN = r"^CRM-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$"


def new_reference() -> str:
    """A random public reference, e.g. ``CRM-7K2P-Q9XM`` (29**8, about 5 * 10**11
    codes, drawn by ``secrets``: not guessable, and the follow-up is throttled)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_SIZE))
        for _ in range(CODE_GROUPS)
    )
    return "CRM-" + "-".join(groups)


def normalize_reference(text: str) -> str:
    """A code as typed (lower case, spaces, no dashes) in its written form."""
    raw = "".join(ch for ch in str(text or "").upper() if ch.isalnum())
    if raw.startswith("CRM"):
        raw = raw[3:]
    if len(raw) != CODE_GROUPS * CODE_GROUP_SIZE:
        return ""
    return f"CRM-{raw[:4]}-{raw[4:]}"


class Channel(models.TextChoices):
    WEB = "web", _("Public web form")
    HOTLINE = "hotline", _("Hotline")
    IN_PERSON = "in_person", _("In person / focal point")
    OUTREACH = "outreach", _("Community outreach referral")
    HNP = "hnp", _("Haitian National Police")
    OHCHR_NGO = "ohchr_ngo", _("OHCHR or an NGO")
    INTERNAL = "internal", _("Internal report")


class Category(models.TextChoices):
    SERIOUS = "serious", _("Serious misconduct")
    MINOR = "minor", _("Minor misconduct")
    SEA = "sea", _("Sexual exploitation and abuse")


class Nature(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", _("Human rights violation")
    USE_OF_FORCE = "use_of_force", _("Use of force")
    DETENTION = "detention", _("Detention")
    CONDUCT = "conduct", _("Conduct and discipline")
    SEA = "sea", _("Sexual exploitation and abuse")
    OTHER = "other", _("Other")


class VictimSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known or not said")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Not known or not said")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSMENT = "assessment", _("Under assessment")
    INVESTIGATION = "investigation", _("Under investigation")
    REFERRED = "referred", _("Referred")
    SUBSTANTIATED = "substantiated", _("Closed: substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Closed: unsubstantiated")
    NOT_RECEIVABLE = "not_receivable", _("Closed: not receivable")


CLOSED = frozenset({Status.SUBSTANTIATED, Status.UNSUBSTANTIATED, Status.NOT_RECEIVABLE})
OPEN = frozenset(set(Status) - CLOSED)

# The moves a complaint's status may make. A closed complaint is reopened (a
# correction: a new entry, with its reason) into assessment or investigation.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.ASSESSMENT, Status.NOT_RECEIVABLE}),
    Status.ASSESSMENT: frozenset(
        {Status.INVESTIGATION, Status.REFERRED, Status.NOT_RECEIVABLE, *CLOSED}
    ),
    Status.INVESTIGATION: frozenset(
        {Status.REFERRED, Status.SUBSTANTIATED, Status.UNSUBSTANTIATED}
    ),
    Status.REFERRED: frozenset(
        {Status.INVESTIGATION, Status.SUBSTANTIATED, Status.UNSUBSTANTIATED}
    ),
    **{closed: frozenset({Status.ASSESSMENT, Status.INVESTIGATION}) for closed in CLOSED},
}


class PublicStatus(models.TextChoices):
    """What a complainant learns with their code: a stage, never a detail."""

    RECEIVED = "received", _("Received")
    EXAMINED = "examined", _("Being examined")
    REFERRED = "referred", _("Referred to the competent authority")
    CLOSED = "closed", _("Closed")


def public_status(status: str) -> PublicStatus:
    if status == Status.RECEIVED:
        return PublicStatus.RECEIVED
    if status == Status.REFERRED:
        return PublicStatus.REFERRED
    if status in CLOSED:
        return PublicStatus.CLOSED
    return PublicStatus.EXAMINED


class ReferredTo(models.TextChoices):
    TCC = "tcc", _("The contributing country")
    OHCHR = "ohchr", _("OHCHR")
    IGPNH = "igpnh", _("IGPNH (HNP inspectorate)")


class Complaint(TrackedModel):
    """One complaint received by the CRM. Its ``status`` is its latest status entry
    (``StatusChange``), kept here by the services so lists filter and count on it."""

    reference = models.CharField(_("reference code"), max_length=16, editable=False)
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    category = models.CharField(_("CRM category"), max_length=16, choices=Category.choices)
    nature = models.CharField(_("nature"), max_length=16, choices=Nature.choices)
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    contingent = models.ForeignKey(
        "forces.Contingent",
        verbose_name=_("contingent concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("If known."),
    )
    description = models.TextField(_("what happened"))
    complainant_name = models.CharField(
        _("complainant's name"), max_length=200, blank=True, help_text=_("Optional: anonymous.")
    )
    complainant_contact = models.CharField(
        _("complainant's contact"),
        max_length=200,
        blank=True,
        help_text=_("A phone number or an e-mail address; optional."),
    )
    consent_to_contact = models.BooleanField(_("consents to be contacted"), default=False)
    victim_sex = models.CharField(
        _("victim's sex"), max_length=8, choices=VictimSex.choices, default=VictimSex.UNKNOWN
    )
    victim_age_group = models.CharField(
        _("victim's age group"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("status changed at"))
    referral = models.OneToOneField(
        "outreach.Referral",
        verbose_name=_("outreach referral"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="oversight_complaint_reference"),
            models.CheckConstraint(
                condition=models.Q(reference__regex=CODE_PATTERN),
                name="oversight_complaint_reference_format",
            ),
            # SEA with a child victim, and any complaint about a child, is never minor.
            models.CheckConstraint(
                condition=~(
                    models.Q(victim_age_group=AgeGroup.CHILD) & models.Q(category=Category.MINOR)
                ),
                name="oversight_complaint_child_never_minor",
            ),
            models.CheckConstraint(
                condition=~models.Q(nature=Nature.SEA) | models.Q(category=Category.SEA),
                name="oversight_complaint_sea_nature_is_sea",
            ),
            models.CheckConstraint(
                condition=models.Q(consent_to_contact=False) | ~models.Q(complainant_contact=""),
                name="oversight_complaint_consent_needs_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="oversight_complaint_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "received_at"], name="oversight_complaint_status"),
            models.Index(fields=["received_at"], name="oversight_complaint_received"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def child_victim(self) -> bool:
        return self.victim_age_group == AgeGroup.CHILD

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def public_status(self) -> PublicStatus:
        return public_status(self.status)


class StatusChange(TrackedModel):
    """One entry of a complaint's status history: appended, never changed nor
    deleted (a correction is a new entry). Who made it is ``created_by``."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="history",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    changed_at = models.DateTimeField(_("date"))
    note = models.TextField(_("note"), blank=True)
    referred_to = models.CharField(
        _("referred to"), max_length=8, choices=ReferredTo.choices, blank=True
    )
    referred_to_whom = models.CharField(
        _("with whom"),
        max_length=200,
        blank=True,
        help_text=_("The office or person that received the referral."),
    )
    referred_reference = models.CharField(_("their reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=Status.REFERRED) & ~models.Q(referred_to="")
                    | ~models.Q(status=Status.REFERRED) & models.Q(referred_to="")
                ),
                name="oversight_statuschange_referred_names_whom",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="oversight_statuschange_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}, {self.changed_at:%Y-%m-%d}"
