"""``GET /api/v1/strength/?date=`` and ``/strength/series/``: the mission's strength,
aggregates only (no person), for every role with forces access."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from konbit.core.exceptions import DomainError
from konbit.core.policies import guarded
from konbit.forces.models import Deployment
from konbit.forces.strength import strength_on, strength_readable, strength_series


def parse_date(raw: str | None, field: str, default: dt.date) -> dt.date:
    """A ``YYYY-MM-DD`` query parameter; a bad one is a 400 naming the field."""
    if raw in (None, ""):
        return default
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise DomainError(
            _("Give the date as YYYY-MM-DD."),
            errors={field: [_("Enter a valid date (YYYY-MM-DD).")]},
        ) from None


@guarded(Deployment, "aggregate")
class StrengthView(APIView):
    """The strength on a date, by contingent, unit, sex and specialty."""

    @extend_schema(
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="Default: today")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        if not strength_readable(request.user):
            raise exceptions.NotFound()
        day = parse_date(request.query_params.get("date"), "date", timezone.localdate())
        return Response(strength_on(day, request.user))


@guarded(Deployment, "aggregate")
class StrengthSeriesView(APIView):
    """The strength by contingent from ``start`` to ``end`` every ``step`` days, with
    the authorized ceiling and the planning figure (for the chart)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="Default: 2024-06-01"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Default: today"),
            OpenApiParameter("step", OpenApiTypes.INT, description="Days between points (7)"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        if not strength_readable(request.user):
            raise exceptions.NotFound()
        params = request.query_params
        end = parse_date(params.get("end"), "end", timezone.localdate())
        start = parse_date(params.get("start"), "start", dt.date(2024, 6, 1))
        step = parse_step(params.get("step"))
        return Response(strength_series(start, end, step, request.user))


def parse_step(raw: Any) -> int:
    if raw in (None, ""):
        return 7
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise DomainError(
            _("The step is a whole number of days."),
            errors={"step": [_("Enter a whole number.")]},
        ) from None


urlpatterns = [
    path("strength/", StrengthView.as_view(), name="strength"),
    path("strength/series/", StrengthSeriesView.as_view(), name="strength-series"),
]
