"""The contingent a user belongs to, as every access decision reads it.

A contingent commander's scope (their own contingent's people, incidents and
operations) depends on it; selectors, services, views and the API ask
``contingent_id_of`` and never read it another way, so there is one place that knows
where it is kept.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

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
        cached = getattr(user, "contingent_id", None)
        setattr(user, _CACHE_ATTR, cached)
    return cached  # type: ignore[return-value]


def forget_contingent(user: Any) -> None:
    """Forget what was kept on ``user`` after their contingent changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
