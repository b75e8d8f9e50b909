"""The pages a refused or broken request ends on: 403, 404 and 500 in the shared
layout (navigation, language), so that nobody is left on a bare dead end. Under
``/api/`` the answer is replaced by the API's JSON (``ApiErrorsMiddleware``)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", {"in_layout": True}, status=500)
    except Exception:
        # The layout itself may be what failed (its menu reads the database): the
        # plain page needs nothing but the template.
        logger.exception("The 500 page could not be shown in the layout.")
        return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page went stale (the session ended, the site was opened
    in another tab, a phone slept): say what to do instead of Django's bare page."""
    return render(request, "core/csrf_failure.html", status=403)
