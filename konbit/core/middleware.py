"""Headers that keep every page to the mission's own server, and the compression
that keeps pages light on a slow link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control
from django.utils.http import escape_leading_slashes
from django.utils.translation import gettext as _
from rest_framework import exceptions


def content_security_policy() -> str:
    """Nothing is loaded from another origin (no CDN, no analytics), except map tiles
    from the optional ``KONBIT_MAP_TILE_URL``. No inline script runs: every script is a
    static file (the API docs load their set-up script from the docs view itself).
    Inline styles stay allowed: the map library positions its layers with them."""
    images = ["'self'", "data:", "blob:"]
    if settings.KONBIT_MAP_TILE_URL:
        parts = urlsplit(settings.KONBIT_MAP_TILE_URL.replace("{s}", "a"))
        host = (
            parts.netloc.replace("a.", "*.", 1)
            if "{s}" in settings.KONBIT_MAP_TILE_URL
            else parts.netloc
        )
        images.append(f"{parts.scheme}://{host}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {' '.join(images)}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"
        )
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(response, "reference_data", False)
        ):
            # What a signed-in user reads is the mission's data, personal data often:
            # no browser or proxy keeps a copy of it. Reference data that names nobody
            # (the gazetteer's map layer) sets ``response.reference_data`` and keeps
            # its own, private, cache headers: a map page's second load costs no 42 KB.
            patch_cache_control(response, private=True, no_store=True)
        return response


# Formats that are compressed already: gzip would spend CPU to gain nothing.
COMPRESSED_TYPES = (
    "application/vnd.openxmlformats-officedocument.",  # XLSX, DOCX: zip archives
    "application/zip",
    "application/gzip",
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/webp",
)


class CompressionMiddleware(GZipMiddleware):
    """Pages, JSON, GeoJSON and CSV exports gzipped at the application, so a phone
    on a slow link gets them compressed with or without a proxy in front (the
    incident list: 25 KB of HTML, 4 KB sent). Streaming exports are compressed as
    they stream. Django's GZipMiddleware pads each response against BREACH. Static
    files do not pass here: WhiteNoise, above, serves its precompressed copies."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, except that an address missing its trailing slash is redirected with
    308 for a POST, PUT, PATCH or DELETE: the client sends the same request, body and
    all, to the right address, where a 301 would turn it into a GET that reads a list
    and writes nothing while the caller believes it wrote."""

    _METHOD_KEEPING = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def get_full_path_with_slash(self, request: HttpRequest) -> str:
        # Django refuses this in DEBUG for a POST (its redirect would lose the body);
        # the 308 below keeps it.
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def _keep_method(self, request: HttpRequest, response: Any) -> Any:
        if (
            response is not None
            and response.status_code == 301
            and request.method in self._METHOD_KEEPING
        ):
            response.status_code = 308
        return response

    def process_request(self, request: HttpRequest) -> Any:
        return self._keep_method(request, super().process_request(request))

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> Any:
        return self._keep_method(request, super().process_response(request, response))


# What each status says when Django itself answered (no view of the API did).
_API_ERRORS: dict[int, type[exceptions.APIException]] = {
    400: exceptions.ParseError,
    401: exceptions.NotAuthenticated,
    403: exceptions.PermissionDenied,
    404: exceptions.NotFound,
    405: exceptions.MethodNotAllowed,
    406: exceptions.NotAcceptable,
    413: exceptions.ParseError,
    429: exceptions.Throttled,
}


class ApiErrorsMiddleware:
    """Every error under ``/api/`` in the API's JSON shape (DESIGN.md), including the
    ones Django answers before any API view runs: an unknown path (404), a body too
    large to read (400/413), a server error (500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status = response.status_code
        error = _API_ERRORS.get(status)
        if error is exceptions.MethodNotAllowed:
            detail = str(error(request.method or "").detail)
        elif error is not None:
            detail = str(error.default_detail)
        elif status < 500:
            detail = _("The request was refused.")
        else:
            detail = str(exceptions.APIException.default_detail)
        replaced = JsonResponse({"detail": detail, "errors": {}}, status=status)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replaced[header] = response[header]
        return replaced
