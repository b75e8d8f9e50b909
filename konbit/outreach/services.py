"""Every write of outreach: the rules, the transaction and the audit entry.

An activity belongs to a contingent (a commander records their own contingent's);
its unit, when given, is a unit of that contingent. A concern about a child's
safety or the mission's conduct is never kept on the activity: ``concern_refer``
puts its account into a restricted ``Referral`` and leaves its reference.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.policies import policy_for
from konbit.core.services import record_create, record_delete, record_update
from konbit.forces.membership import contingent_id_of
from konbit.forces.models import Contingent
from konbit.forces.policies import any_contingent
from konbit.outreach.models import (
    REFERRED_CATEGORIES,
    Activity,
    Concern,
    ConcernCategory,
    Referral,
    ReferralStatus,
    topics_text,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User

# What people write on an activity (pages, API, demo).
ACTIVITY_FIELDS = (
    "kind",
    "held_on",
    "commune",
    "venue",
    "contingent",
    "unit",
    "partners",
    "girls",
    "boys",
    "women",
    "men",
    "follow_up",
)


def _checked(actor: User, data: dict[str, Any], activity: Activity | None = None) -> dict[str, Any]:
    """The activity's fields, with its contingent in the actor's scope and its unit
    one of that contingent's."""
    data = {k: v for k, v in data.items() if k in ACTIVITY_FIELDS}
    contingent = data.get("contingent") or (activity.contingent if activity else None)
    if contingent is None:
        own = contingent_id_of(actor)
        if own is not None and not any_contingent(actor):
            contingent = data["contingent"] = Contingent.objects.get(pk=own)
    if contingent is not None and not policy_for(Activity).in_scope(actor, contingent=contingent):
        raise DomainError(
            _("You record activities for your own contingent only."),
            errors={"contingent": [_("Choose your own contingent.")]},
        )
    unit = data.get("unit", activity.unit if activity else None)
    if unit is not None and contingent is not None and unit.contingent_id != contingent.pk:
        raise DomainError(
            _("The unit is not a unit of the activity's contingent."),
            errors={"unit": [_("Choose a unit of the contingent.")]},
        )
    return data


def _with_topics(data: dict[str, Any], topics: Iterable[str] | None) -> dict[str, Any]:
    if topics is not None:
        data["topics"] = topics_text(topics)
    return data


def activity_create(
    *, actor: User, data: dict[str, Any], topics: Iterable[str] | None = None
) -> Activity:
    """Record an activity. A commander's is their own contingent's."""
    policy_for(Activity).require(actor, "create")
    data = _checked(actor, data)
    if data.get("contingent") is None:
        raise DomainError(
            _("Choose the contingent that held the activity."),
            errors={"contingent": [_("This field is required.")]},
        )
    return record_create(actor=actor, model=Activity, data=_with_topics(data, topics))


def activity_update(
    *,
    actor: User,
    activity: Activity,
    data: dict[str, Any],
    version: int | None,
    topics: Iterable[str] | None = None,
) -> Activity:
    """Change an activity the actor may change, if ``version`` is still current.
    Moving it to another contingent needs that contingent in the actor's scope."""
    policy_for(Activity).require(actor, "change", activity)
    data = _checked(actor, data, activity)
    return record_update(
        actor=actor, instance=activity, data=_with_topics(data, topics), version=version
    )


def activity_delete(*, actor: User, activity: Activity, version: int | None) -> None:
    """Delete an activity (HQ); its referrals stay with oversight."""
    policy_for(Activity).require(actor, "delete", activity)
    record_delete(actor=actor, instance=activity, version=version)


def concern_raise(*, actor: User, activity: Activity, category: str, summary: str) -> Concern:
    """Record a community concern raised at ``activity``. A concern about a child's
    safety or the mission's conduct is refused here: it is referred to oversight
    (``concern_refer``) and never kept on the activity."""
    policy_for(Activity).require(actor, "change", activity)
    if category in REFERRED_CATEGORIES:
        raise DomainError(
            _(
                "A concern about a child's safety or the mission's conduct is referred "
                "to oversight: use Refer to oversight."
            ),
            errors={"category": [_("Refer this concern to oversight.")]},
        )
    if not (summary or "").strip():
        raise DomainError(
            _("Say what the concern is."), errors={"summary": [_("This field is required.")]}
        )
    return record_create(
        actor=actor,
        model=Concern,
        data={"activity": activity, "category": category, "summary": summary.strip()},
    )


def referral_receive(*, actor: User, referral: Referral, version: int | None) -> Referral:
    """Oversight confirms it received ``referral``: its status becomes "received"
    (audited, who and when kept). A referral is received once."""
    policy_for(Referral).require(actor, "receive", referral)
    if referral.status == ReferralStatus.RECEIVED:
        raise DomainError(
            _("This referral was already received."),
            errors={"status": [_("Already received.")]},
        )
    return record_update(
        actor=actor,
        instance=referral,
        data={"status": ReferralStatus.RECEIVED},
        version=version,
    )


def _reference(activity: Activity) -> str:
    return f"OUT-{activity.held_on:%Y}-{uuid.uuid4().hex[:8].upper()}"


@transaction.atomic
def concern_refer(*, actor: User, activity: Activity, category: str, account: str) -> Concern:
    """Refer a concern raised at ``activity`` to oversight, in one action: its
    account goes into a restricted referral (read by oversight officers and the
    mission administrator only) and the activity keeps a concern with the
    referral's reference and no text. Any category may be referred; a child's
    safety and the mission's conduct must be."""
    policy_for(Activity).require(actor, "refer", activity)
    if category not in ConcernCategory.values:
        raise DomainError(
            _("Choose the kind of concern."), errors={"category": [_("Unknown category.")]}
        )
    if not (account or "").strip():
        raise DomainError(
            _("Say what was reported, when and where."),
            errors={"account": [_("This field is required.")]},
        )
    referral = record_create(
        actor=actor,
        model=Referral,
        data={
            "reference": _reference(activity),
            "category": category,
            "account": account.strip(),
            "raised_on": activity.held_on,
            "activity": activity,
            "activity_kind": activity.kind,
            "commune_id": activity.commune_id,
            "contingent_id": activity.contingent_id,
        },
    )
    return record_create(
        actor=actor,
        model=Concern,
        data={
            "activity": activity,
            "category": category,
            "referral_reference": referral.reference,
        },
    )
