"""What the part's pages share: the list page shape, a filter form's problems."""

from __future__ import annotations

from typing import Any

PAGE_SIZE = 50


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
