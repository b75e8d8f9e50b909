"""The API's shared conventions, kept apart from the viewsets so that DRF's settings
can import them without a cycle: pagination and the error body."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from konbit.core.exceptions import DomainError, StaleVersion
from konbit.core.services import validation_errors


class Pagination(PageNumberPagination):
    """Pages of 50 (``page_size`` up to 500)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self) -> None:
        limit_mb = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) // (1024 * 1024)
        super().__init__(_("The request body is larger than %(mb)s MB.") % {"mb": limit_mb or "?"})


def _as_error_body(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        if set(detail) <= {"detail", "errors"} and "detail" in detail:
            return {"detail": detail["detail"], "errors": detail.get("errors", {})}
        errors = {
            ("detail" if key == "non_field_errors" else key): value for key, value in detail.items()
        }
        first = next(iter(errors.values()), None)
        message = errors.get("detail") or first
        if isinstance(message, list) and message:
            message = message[0]
        if isinstance(message, dict):
            message = _("Invalid input.")
        return {"detail": message or _("Invalid input."), "errors": errors}
    if isinstance(detail, list):
        return {"detail": detail[0] if detail else _("Invalid input."), "errors": {}}
    return {"detail": detail, "errors": {}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error as ``{"detail": "...", "errors": {...}}`` in the user's language."""
    if isinstance(exc, StaleVersion):
        return Response(
            {"detail": str(exc.message), "errors": exc.errors}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DomainError):
        return Response(
            {"detail": str(exc.message), "errors": exc.errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        errors = validation_errors(exc)
        detail = errors.pop("detail", [_("Invalid input.")])
        return Response({"detail": detail[0], "errors": errors}, status=400)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request is malformed."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _as_error_body(response.data)
    return response
