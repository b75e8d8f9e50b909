"""The contingent a user belongs to, as every access decision reads it.

A contingent commander's scope (their own contingent's people, incidents and
operations) depends on it; selectors, services, views and the API ask
``contingent_id_of`` and never read it another way, so there is one place that knows
where it is kept (``ContingentMembership``, written by ``services.membership_set``).

``ContingentAffiliation`` is how accounts, which knows no domain part, reaches it:
forces registers it in ``ForcesConfig.ready()`` (``konbit.accounts.affiliations``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.utils.translation import gettext as _

from konbit.accounts import roles
from konbit.core.exceptions import DomainError
from konbit.forces.models import Contingent, ContingentMembership

if TYPE_CHECKING:
    from konbit.accounts.models import User

_CACHE_ATTR = "_konbit_contingent_id"
_UNREAD = object()


def contingent_id_of(user: Any) -> UUID | None:
    """The id of the contingent ``user`` belongs to, or None (also for an anonymous
    visitor). Read once and kept on the user object, which lives for one request,
    as ``roles_of`` keeps the roles."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, _CACHE_ATTR, _UNREAD)
    if cached is _UNREAD:
        cached = (
            ContingentMembership.objects.filter(user_id=user.pk)
            .values_list("contingent_id", flat=True)
            .first()
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached  # type: ignore[return-value]


def contingent_code_of(user: Any) -> str | None:
    """The country code (ISO 3166-1 alpha-3) of ``user``'s contingent, or None. One
    query, which also answers ``contingent_id_of`` for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    row = (
        ContingentMembership.objects.filter(user_id=user.pk)
        .values_list("contingent_id", "contingent__country__iso3")
        .first()
    )
    setattr(user, _CACHE_ATTR, row[0] if row else None)
    return row[1] if row else None


def forget_contingent(user: Any) -> None:
    """Forget what was kept on ``user`` after their contingent changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


class ContingentAffiliation:
    """A user's contingent as accounts asks for it: a contingent commander's account
    is created with ``--contingent ISO3`` (adduser) and refused without one."""

    name = "contingent"
    metavar = "ISO3"
    help = "e.g. KEN"
    required_for = roles.SCOPED_ROLES

    def required_message(self, role: str) -> str:
        return _("A %(role)s must belong to a contingent.") % {"role": role}

    def find(self, code: str) -> Contingent:
        code = code.strip().upper()
        contingent = Contingent.objects.filter(country__iso3=code).first()
        if contingent is None:
            message = _("no contingent for country %(code)s.") % {"code": code}
            raise DomainError(message, errors={self.name: [message]})
        return contingent

    def attach(self, *, actor: User, user: User, target: Contingent) -> None:
        from konbit.forces.services import membership_set

        membership_set(actor=actor, user=user, contingent=target)

    def code_of(self, user: User) -> str | None:
        return contingent_code_of(user)
