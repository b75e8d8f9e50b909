"""The one way pages and the API load a record for a user.

A part's selectors give the queryset a user may see and say whether they may change
a record; these helpers turn that into 404 (not visible: never reveal it exists) and
403 (visible, not changeable).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(queryset: models.QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def require(allowed: bool) -> None:
    """403 unless ``allowed``: for a record the user may see but not change."""
    if not allowed:
        raise PermissionDenied


def require_part(allowed: bool) -> None:
    """404 unless ``allowed``: for a part the user's role has no access to at all."""
    if not allowed:
        raise Http404
