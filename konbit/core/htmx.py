"""Pages answer htmx requests with a partial of the same template, not a second
code path."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """``template`` for a full page, ``partial`` (its inner part) for htmx."""
    chosen = partial if partial and is_htmx(request) else template
    return render(request, chosen, context, status=status)
