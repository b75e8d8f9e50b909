"""The mission's roles. Each is a Django group holding model permissions; a part's
``permissions.py`` says which permissions each role gets (see ``roles_sync``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MISSION_ADMIN = "mission_admin"
HQ_STAFF = "hq_staff"
CONTINGENT_COMMANDER = "contingent_commander"
HNP_LIAISON = "hnp_liaison"
OVERSIGHT_OFFICER = "oversight_officer"
ANALYST = "analyst"

ROLES = {
    MISSION_ADMIN: _("Mission administrator"),
    HQ_STAFF: _("HQ staff"),
    CONTINGENT_COMMANDER: _("Contingent commander"),
    HNP_LIAISON: _("HNP liaison officer"),
    OVERSIGHT_OFFICER: _("Oversight officer"),
    ANALYST: _("Analyst"),
}

# Roles whose records are tied to one contingent.
SCOPED_ROLES = frozenset({CONTINGENT_COMMANDER})

_CACHE_ATTR = "_konbit_roles"


def roles_of(user: Any) -> frozenset[str]:
    """The role names of ``user`` (cached on the user object: one query a request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def remember_roles(user: Any, names: Iterable[str | None]) -> None:
    """Keep on ``user`` the role names read with it in the same query (the group
    names of its groups; None for a user without a group), as ``roles_of`` would
    have read them."""
    setattr(user, _CACHE_ATTR, frozenset(name for name in names if name in ROLES))


def forget_roles(user: Any) -> None:
    """Forget what was cached on ``user`` after its roles changed."""
    for attr in (_CACHE_ATTR, "_konbit_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def requires_two_factor(user: Any) -> bool:
    required = settings.KONBIT_2FA_ROLES
    return bool(required) and bool(roles_of(user) & set(required))
