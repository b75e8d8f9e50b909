"""What a reader sees for the coded values of incidents, in their language:
``{{ incident.event_type|acled_label }}`` for ACLED's disorder, event and sub-event
types, ``{{ row.category|choice_label:"category" }}`` for the mission's choices (rows
read with ``values()`` carry the codes, not the labels). Stored values, exports and
the API keep the codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import Promise

from konbit.operations import taxonomy
from konbit.operations.models import Origin, Verification
from konbit.operations.taxonomy import Category, Perpetrator

register = template.Library()

# The incident fields whose choices a page shows by label.
_LABELS: dict[str, dict[str, Any]] = {
    "category": dict(Category.choices),
    "perpetrator": dict(Perpetrator.choices),
    "origin": dict(Origin.choices),
    "verification": dict(Verification.choices),
}


@register.filter
def acled_label(value: Any) -> str | Promise:
    """The label of one of ACLED's values (the value itself in English)."""
    return taxonomy.acled_label(value) if isinstance(value, str) else value


@register.filter
def choice_label(value: Any, field: str) -> Any:
    """The label of the code ``value`` of the incident field ``field`` (category,
    perpetrator, origin or verification); an empty or unknown code is returned as it is."""
    return _LABELS[field].get(value, value)
