"""What the part's pages share: form errors from the services, the list page shape."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError, StaleVersion

PAGE_SIZE = 50


def form_errors(form: Any, exc: DomainError) -> None:
    """The service's refusal on the form: on its field when it names one."""
    if isinstance(exc, StaleVersion):
        form.add_error(
            None,
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then make yours again."
            ),
        )
        return
    placed = False
    for field, problems in exc.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def filter_problems(form: Any) -> list[tuple[str, list[str]]]:
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.append((str(label or ""), [str(error) for error in errors]))
    return problems


def version_of(request: Any) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None
