"""What a user belongs to besides their roles (a commander's contingent), kept by the
domain part that owns it.

accounts is part of the foundation and imports no domain part (docs/architecture.md,
"Dependency rule"). A part that keeps something a user belongs to registers an
``Affiliation`` from its AppConfig's ``ready()`` (forces registers the contingent);
``user_create``, ``adduser`` and ``/api/v1/me/`` find it here by name, so that a role
that needs a contingent is completed by forces without accounts knowing forces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from konbit.accounts.models import User


class Affiliation(Protocol):
    # The key of ``user_create(affiliations=...)``, adduser's ``--NAME`` option and
    # the field of ``/api/v1/me/``.
    name: str
    # How a code is written (adduser's help), e.g. "ISO3", and an example.
    metavar: str
    help: str
    # The roles that must have one (e.g. roles.SCOPED_ROLES).
    required_for: frozenset[str]

    def required_message(self, role: str) -> str:
        """Why a user of ``role`` cannot be created without one."""

    def find(self, code: str) -> Any:
        """The record ``code`` names; DomainError saying so when there is none."""

    def attach(self, *, actor: User, user: User, target: Any) -> None:
        """Make ``user`` belong to ``target`` (audited; inside the caller's transaction)."""

    def code_of(self, user: User) -> str | None:
        """The code of what ``user`` belongs to, or None."""


_registry: dict[str, Affiliation] = {}


def register(affiliation: Affiliation) -> None:
    """Called once by the owning part's ``ready()``; registering again replaces."""
    _registry[affiliation.name] = affiliation


def registered() -> list[Affiliation]:
    """Every affiliation the installed parts keep, by name."""
    return [_registry[name] for name in sorted(_registry)]


def get(name: str) -> Affiliation | None:
    return _registry.get(name)
