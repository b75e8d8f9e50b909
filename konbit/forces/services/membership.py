"""Writes of the contingent a user belongs to (``ContingentMembership``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from konbit.core.services import record_delete, record_upsert
from konbit.forces.membership import forget_contingent
from konbit.forces.models import Contingent, ContingentMembership

if TYPE_CHECKING:
    from konbit.accounts.models import User


@transaction.atomic
def membership_set(
    *, actor: User, user: User, contingent: Contingent | None
) -> ContingentMembership | None:
    """Make ``user`` a member of ``contingent`` (None: of no contingent). A user
    belongs to one contingent at most; the change is audited like any record's, and
    setting what is already set writes nothing."""
    current = ContingentMembership.objects.filter(user=user).first()
    membership: ContingentMembership | None = None
    if contingent is None:
        if current is not None:
            record_delete(actor=actor, instance=current, version=current.version)
    else:
        membership, _outcome = record_upsert(
            actor=actor,
            model=ContingentMembership,
            lookup={"user": user},
            data={"contingent": contingent},
        )
    forget_contingent(user)
    return membership
