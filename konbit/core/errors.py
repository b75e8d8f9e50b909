"""The pages a refused or broken request ends on: 403, 404 and 500 in the shared
layout (navigation, language), so that nobody is left on a bare dead end. Under
``/api/`` they stay JSON, shaped like every other API error."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action."), "errors": {}},
            status=403,
        )
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found."), "errors": {}}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred."), "errors": {}}, status=500)
    try:
        return render(request, "500.html", {"in_layout": True}, status=500)
    except Exception:
        # The layout itself may be what failed (its menu reads the database): the
        # plain page needs nothing but the template.
        logger.exception("The 500 page could not be shown in the layout.")
        return HttpResponse(loader.get_template("500.html").render(), status=500)
