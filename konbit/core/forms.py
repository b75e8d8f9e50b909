"""What every part's forms share with the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError, StaleVersion


def show_refusal(form: Any, exc: DomainError) -> int:
    """Put a service's refusal on ``form``: each problem on the field it names (on
    the form as a whole when the form has no such field), the refusal's message when
    it names no field. Return the status the page answers with: 409 for a stale
    version (the form says to reload), 400 otherwise."""
    if isinstance(exc, StaleVersion):
        form.add_error(
            None,
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then make yours again."
            ),
        )
        return 409
    placed = False
    for field, problems in exc.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, str(problem))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))
    return 400
