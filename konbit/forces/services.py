"""Every write of forces: validation, the transaction and the audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from konbit.core.services import record_create, record_delete, record_update
from konbit.forces.models import Mandate

if TYPE_CHECKING:
    from konbit.accounts.models import User


def mandate_create(*, actor: User, data: dict[str, Any]) -> Mandate:
    """A new mandate; its dates must be in order (a database constraint too)."""
    return record_create(actor=actor, model=Mandate, data=data)


def mandate_update(*, actor: User, mandate: Mandate, data: dict[str, Any], version: int) -> Mandate:
    return record_update(actor=actor, instance=mandate, data=data, version=version)


def mandate_delete(*, actor: User, mandate: Mandate, version: int | None) -> None:
    record_delete(actor=actor, instance=mandate, version=version)
