"""Every read of forces goes through here, so pages, API and exports scope alike."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from konbit.core.access import get_visible_or_404, require
from konbit.forces.models import Contingent, Mandate


def mandates_visible_to(user: Any) -> QuerySet[Mandate]:
    """Mandates are public Council decisions: every role with forces access reads them."""
    if not user.has_perm("forces.view_mandate"):
        return Mandate.objects.none()
    return Mandate.objects.all()


def mandate_for_user(user: Any, pk: Any, *, write: bool = False) -> Mandate:
    mandate = get_visible_or_404(mandates_visible_to(user), pk)
    if write:
        require(user.has_perm("forces.change_mandate"))
    return mandate


def mandate_in_force(on: Any) -> Mandate | None:
    """The mandate whose period covers the date ``on`` (the latest if they overlap)."""
    return (
        Mandate.objects.filter(starts_on__lte=on)
        .exclude(ends_on__lte=on)
        .order_by("-starts_on")
        .first()
    )


def contingents_visible_to(user: Any) -> QuerySet[Contingent]:
    if not user.has_perm("forces.view_contingent"):
        return Contingent.objects.none()
    return Contingent.objects.select_related("country")
