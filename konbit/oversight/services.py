"""Every write of oversight: the rules, the transaction and the audit entry.

A complaint is created with its first status entry ("received"); its status moves
only along ``models.TRANSITIONS``, each move a new ``StatusChange`` (date, note,
actor; with whom and their reference for a referral) and nothing is deleted. A
complaint about a child victim is never minor misconduct: it is recorded as serious
(SEA stays SEA). The public files a complaint without an account (``complaint_file``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.policies import policy_for
from konbit.core.services import record_create, record_update
from konbit.oversight.models import (
    CLOSED,
    TRANSITIONS,
    AgeGroup,
    Category,
    Channel,
    Complaint,
    Nature,
    Status,
    StatusChange,
    new_reference,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User
    from konbit.outreach.models import Referral

# What an oversight officer writes on a complaint (pages, API).
COMPLAINT_FIELDS = (
    "received_at",
    "channel",
    "category",
    "nature",
    "occurred_on",
    "commune",
    "place",
    "contingent",
    "description",
    "complainant_name",
    "complainant_contact",
    "consent_to_contact",
    "victim_sex",
    "victim_age_group",
)
# What the public gives on the form and the public API.
PUBLIC_FIELDS = (
    "category",
    "nature",
    "occurred_on",
    "commune",
    "place",
    "description",
    "complainant_name",
    "complainant_contact",
    "consent_to_contact",
    "victim_sex",
    "victim_age_group",
)


def check_facts(data: dict[str, Any], complaint: Complaint | None = None) -> dict[str, Any]:
    """The complaint's rules beyond the database's: a child victim is never minor
    misconduct (recorded as serious); SEA as nature is an SEA complaint; consent to
    be contacted needs a contact; what happened is said."""
    merged = {
        name: data.get(name, getattr(complaint, name, None) if complaint else None)
        for name in ("category", "nature", "victim_age_group", "occurred_on", "received_at")
    }
    if merged["victim_age_group"] == AgeGroup.CHILD and merged["category"] == Category.MINOR:
        data["category"] = Category.SERIOUS
    if merged["nature"] == Nature.SEA and merged["category"] not in (None, Category.SEA):
        data["category"] = Category.SEA
    for name in ("description", "place", "complainant_name", "complainant_contact"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    if "description" in data and not data["description"]:
        raise DomainError(
            _("Say what happened."), errors={"description": [_("This field is required.")]}
        )
    contact = data.get("complainant_contact", complaint.complainant_contact if complaint else "")
    consent = data.get("consent_to_contact", complaint.consent_to_contact if complaint else False)
    if consent and not contact:
        raise DomainError(
            _("Give a contact to be contacted at, or leave the consent unticked."),
            errors={"complainant_contact": [_("Needed to contact the complainant.")]},
        )
    occurred, received = merged["occurred_on"], merged["received_at"]
    today = timezone.localdate()
    if occurred and occurred > today:
        raise DomainError(
            _("The date of what happened is in the future."),
            errors={"occurred_on": [_("Enter a date that is not in the future.")]},
        )
    if occurred and received and occurred > timezone.localtime(received).date():
        raise DomainError(
            _("What happened cannot be after the complaint was received."),
            errors={"occurred_on": [_("Enter a date before the complaint was received.")]},
        )
    return data


@transaction.atomic
def _create(
    *,
    actor: User | None,
    data: dict[str, Any],
    referral: Referral | None = None,
    reference: str | None = None,
) -> Complaint:
    """Create the complaint with a fresh reference (the demo's are fixed), and its
    first status entry."""
    received = data.get("received_at") or timezone.now()
    data = {**data, "received_at": received, "status": Status.RECEIVED}
    data["status_changed_at"] = received
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = record_create(
                    actor=actor,  # type: ignore[arg-type]
                    model=Complaint,
                    data={**data, "reference": reference or new_reference(), "referral": referral},
                    validate_exclude=["reference"],
                )
            break
        except IntegrityError:  # a reference drawn twice: draw again
            continue
    else:  # pragma: no cover - 5 collisions in a space of 5 * 10**11
        raise DomainError(_("No reference could be drawn; try again."))
    record_create(
        actor=actor,  # type: ignore[arg-type]
        model=StatusChange,
        data={"complaint": complaint, "status": Status.RECEIVED, "changed_at": received},
    )
    return complaint


def complaint_create(
    *, actor: User, data: dict[str, Any], referral: Referral | None = None
) -> Complaint:
    """An oversight officer records a complaint received by phone, in person or
    from a partner; it starts as "received"."""
    policy_for(Complaint).require(actor, "create")
    data = check_facts({k: v for k, v in data.items() if k in COMPLAINT_FIELDS})
    return _create(actor=actor, data=data, referral=referral)


def complaint_file(*, data: dict[str, Any]) -> Complaint:
    """The public files a complaint, without an account (web form, public API):
    channel "public web form", received now, by nobody (the audit says
    "anonymous"). Nothing of it is read back but its reference and public status."""
    data = {k: v for k, v in data.items() if k in PUBLIC_FIELDS}
    if not data.get("nature"):
        data["nature"] = Nature.SEA if data.get("category") == Category.SEA else Nature.OTHER
    data = check_facts(data)
    data["channel"] = Channel.WEB
    data["received_at"] = timezone.now()
    return _create(actor=None, data=data)


def complaint_update(
    *, actor: User, complaint: Complaint, data: dict[str, Any], version: int | None
) -> Complaint:
    """Correct a complaint's facts (not its status: ``complaint_change_status``;
    nor its reference, which the complainant holds)."""
    policy_for(Complaint).require(actor, "change", complaint)
    data = check_facts({k: v for k, v in data.items() if k in COMPLAINT_FIELDS}, complaint)
    return record_update(actor=actor, instance=complaint, data=data, version=version)


def allowed_statuses(complaint: Complaint) -> list[str]:
    """The statuses the complaint may move to, in the order of ``Status``."""
    allowed = TRANSITIONS.get(complaint.status, frozenset())
    return [value for value in Status.values if value in allowed]


@transaction.atomic
def complaint_change_status(
    *,
    actor: User,
    complaint: Complaint,
    status: str,
    version: int | None,
    note: str = "",
    changed_at: dt.datetime | None = None,
    referred_to: str = "",
    referred_to_whom: str = "",
    referred_reference: str = "",
) -> StatusChange:
    """Append a status entry and make it the complaint's status, if the move is
    allowed (``TRANSITIONS``) and ``version`` is current. A referral names to whom
    (contributing country, OHCHR, IGPNH) and with whom; reopening a closed
    complaint (a correction) says why. The date is not before the last entry's nor
    in the future."""
    policy_for(Complaint).require(actor, "change", complaint)
    return _move(
        actor=actor,
        complaint=complaint,
        status=status,
        version=version,
        note=note,
        changed_at=changed_at,
        referred_to=referred_to,
        referred_to_whom=referred_to_whom,
        referred_reference=referred_reference,
    )


def _move(
    *,
    actor: User,
    complaint: Complaint,
    status: str,
    version: int | None,
    note: str,
    changed_at: dt.datetime | None,
    referred_to: str,
    referred_to_whom: str,
    referred_reference: str,
) -> StatusChange:
    """``complaint_change_status``'s rules and writes, once the actor is allowed."""
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if status not in Status.values:
        errors["status"] = [_("Unknown status.")]
    elif status not in TRANSITIONS.get(complaint.status, frozenset()):
        errors["status"] = [
            _("A complaint %(now)s cannot move to %(to)s.")
            % {"now": complaint.get_status_display(), "to": Status(status).label}
        ]
    if status == Status.REFERRED:
        if not referred_to:
            errors["referred_to"] = [_("Say to whom the complaint is referred.")]
        if not (referred_to_whom or "").strip():
            errors["referred_to_whom"] = [_("Say with whom (the office or person).")]
    elif referred_to or referred_to_whom or referred_reference:
        errors["referred_to"] = [_("Only a referral names to whom it is referred.")]
    if complaint.status in CLOSED and not note:
        errors["note"] = [_("Say why a closed complaint is reopened.")]
    now = timezone.now()
    changed_at = changed_at or now
    if changed_at > now + dt.timedelta(minutes=5):
        errors["changed_at"] = [_("Enter a date that is not in the future.")]
    elif changed_at < complaint.status_changed_at:
        errors["changed_at"] = [_("Enter a date after the complaint's last change.")]
    if errors:
        raise DomainError(_("The status cannot be changed: see below."), errors=errors)
    complaint = record_update(
        actor=actor,
        instance=complaint,
        data={"status": status, "status_changed_at": changed_at},
        version=version,
    )
    return record_create(
        actor=actor,
        model=StatusChange,
        data={
            "complaint": complaint,
            "status": status,
            "changed_at": changed_at,
            "note": note,
            "referred_to": referred_to or "",
            "referred_to_whom": (referred_to_whom or "").strip(),
            "referred_reference": (referred_reference or "").strip(),
        },
    )


@transaction.atomic
def complaint_from_referral(
    *, actor: User, referral: Referral, version: int | None = None
) -> Complaint:
    """Open a complaint from a concern outreach referred to oversight: channel
    "community outreach referral", linked to the referral (one complaint a
    referral), its date, commune, contingent and account copied. A referral not yet
    received is marked received first (``version`` is the referral's)."""
    from konbit.outreach import services as outreach
    from konbit.outreach.models import ConcernCategory, Referral, ReferralStatus

    policy_for(Complaint).require(actor, "create")
    referral = policy_for(Referral).get_for(actor, referral.pk)
    if Complaint.objects.filter(referral=referral).exists():
        raise DomainError(
            _("A complaint was already opened from this referral."),
            errors={"referral": [_("Already opened as a complaint.")]},
        )
    if referral.status != ReferralStatus.RECEIVED:
        referral = outreach.referral_receive(actor=actor, referral=referral, version=version)
    child = referral.category == ConcernCategory.CHILD_SAFETY
    data = {
        "received_at": timezone.now(),
        "channel": Channel.OUTREACH,
        "category": Category.SERIOUS,
        "nature": Nature.CONDUCT
        if referral.category == ConcernCategory.MISSION_CONDUCT
        else Nature.OTHER,
        "occurred_on": referral.raised_on,
        "commune": referral.commune,
        "place": str(referral.get_activity_kind_display()),
        "contingent": referral.contingent,
        "description": referral.account,
        "victim_age_group": AgeGroup.CHILD if child else AgeGroup.UNKNOWN,
    }
    return _create(actor=actor, data=check_facts(data), referral=referral)
