"""The stability API: objectives, milestones (with their status history), indicators
(with each commune's figure at a date and a place's series) and indicator values;
and ``/api/v1/public/indicators/``, the published values for anyone, throttled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import SimpleRateThrottle

from konbit.core.api import RecordViewSet
from konbit.core.exceptions import DomainError
from konbit.core.policies import OPEN, guarded, policy_for
from konbit.stability import figures, filters, selectors, serializers, services
from konbit.stability.models import Indicator, IndicatorValue, Milestone, Objective


class ObjectiveViewSet(RecordViewSet):
    """The objectives of the mandates (the results tree's second level)."""

    policy = policy_for(Objective)
    output_serializer = serializers.ObjectiveSerializer
    input_serializer = serializers.ObjectiveInputSerializer
    filterset_fields = ["mandate", "code"]

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Objective:
        data.pop("version", None)
        return services.objective_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Objective, data: dict[str, Any], version: int
    ) -> Objective:
        return services.objective_update(actor=user, objective=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Objective, version: int | None) -> None:
        services.objective_delete(actor=user, objective=obj, version=version)


class MilestoneViewSet(RecordViewSet):
    """Milestones with their target date, current status (the latest entry of their
    history) and history; ``POST .../status/`` adds a dated, sourced entry."""

    policy = policy_for(Milestone)
    output_serializer = serializers.MilestoneSerializer
    input_serializer = serializers.MilestoneInputSerializer
    filterset_class = filters.MilestoneFilter
    action_access = {"status": "change"}

    def get_queryset(self) -> QuerySet[Milestone]:
        return super().get_queryset().prefetch_related("history", "indicators")

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Milestone:
        data.pop("version", None)
        return services.milestone_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Milestone, data: dict[str, Any], version: int
    ) -> Milestone:
        return services.milestone_update(actor=user, milestone=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Milestone, version: int | None) -> None:
        services.milestone_delete(actor=user, milestone=obj, version=version)

    def _fresh(self, obj: Milestone) -> Milestone:
        return self.get_queryset().get(pk=obj.pk)

    @extend_schema(
        request=serializers.StatusInputSerializer, responses=serializers.MilestoneSerializer
    )
    @action(detail=True, methods=["post"], url_path="status")
    def status(self, request: Request, pk: str | None = None) -> Response:
        milestone = self.get_object()
        if not self.policy.can_change(request.user, milestone):
            raise exceptions.PermissionDenied()
        given = serializers.StatusInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.milestone_status_add(
            actor=request.user,  # type: ignore[arg-type]
            milestone=milestone,
            data=dict(given.validated_data),
        )
        body = self.output_serializer(self._fresh(milestone), context=self.get_serializer_context())
        return Response(body.data, status=201)


def _day(request: Request, name: str) -> dt.date:
    raw = request.query_params.get(name)
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        message = _("Enter a valid date (2024-12-31).")
        raise DomainError(message, errors={name: [message]}) from None


def _commune(request: Request) -> str | None:
    """The commune of ``?commune=`` (its P-code or name, ``core.choosers``), None for
    the national figure; an unknown one is a 400 naming the parameter."""
    field = filters.CommuneOrNationalField(required=False)
    try:
        value = field.clean(request.query_params.get("commune") or "")
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), errors={"commune": exc.messages}) from None
    return None if value in (None, filters.NATIONAL) else str(value)


class IndicatorViewSet(RecordViewSet):
    """Indicators (``code`` ``idps`` for displaced people); ``.../map/?date=`` gives each
    commune's figure at a date, ``.../series/?commune=`` a commune's (or the
    country's) figure at each date."""

    policy = policy_for(Indicator)
    output_serializer = serializers.IndicatorSerializer
    input_serializer = serializers.IndicatorInputSerializer
    filterset_fields = ["code"]
    action_access = {"map": "detail", "series": "detail"}

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Indicator:
        data.pop("version", None)
        return services.indicator_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Indicator, data: dict[str, Any], version: int
    ) -> Indicator:
        return services.indicator_update(actor=user, indicator=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Indicator, version: int | None) -> None:
        services.indicator_delete(actor=user, indicator=obj, version=version)

    def _values(self, indicator: Indicator) -> QuerySet[IndicatorValue]:
        return selectors.values_visible_to(self.request.user).filter(indicator=indicator)

    @extend_schema(
        parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD (default: today)")],
        responses={200: dict},
    )
    @action(detail=True, methods=["get"], url_path="map")
    def map(self, request: Request, pk: str | None = None) -> Response:
        indicator = self.get_object()
        day = _day(request, "date")
        return Response(
            {
                "indicator": indicator.code,
                "date": day.isoformat(),
                "communes": figures.communes_at(self._values(indicator), day),
            }
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("commune", str, description="P-code or name (default: national)")
        ],
        responses={200: dict},
    )
    @action(detail=True, methods=["get"], url_path="series")
    def series(self, request: Request, pk: str | None = None) -> Response:
        indicator = self.get_object()
        commune = _commune(request)
        points = figures.series(self._values(indicator), commune)
        return Response(
            {
                "indicator": indicator.code,
                "commune": commune,
                "points": [{**p, "date": p["date"].isoformat()} for p in points],
            }
        )


class IndicatorValueViewSet(RecordViewSet):
    """Values of the indicators: ``?indicator=`` (id or code), ``?commune=`` (P-code,
    or ``national``), ``?since=`` and ``?until=`` (both dates included)."""

    policy = policy_for(IndicatorValue)
    output_serializer = serializers.IndicatorValueSerializer
    input_serializer = serializers.IndicatorValueInputSerializer
    filterset_class = filters.ValueFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> IndicatorValue:
        data.pop("version", None)
        return services.value_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: IndicatorValue, data: dict[str, Any], version: int
    ) -> IndicatorValue:
        return services.value_update(actor=user, value=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: IndicatorValue, version: int | None) -> None:
        services.value_delete(actor=user, value=obj, version=version)


class PublicThrottle(SimpleRateThrottle):
    """The public endpoint, per client address (signed in or not)."""

    scope = "public_indicators"
    rate = "120/min"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


@guarded(OPEN)
class PublicIndicatorValues(generics.ListAPIView):
    """``GET /api/v1/public/indicators/``: the published values, for anyone, without
    signing in (same filters as the indicator values)."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]
    serializer_class = serializers.PublicValueSerializer
    filterset_class = filters.PublicValueFilter

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return selectors.published_values()


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")

urlpatterns = [
    path("public/indicators/", PublicIndicatorValues.as_view(), name="public-indicators"),
    *router.urls,
]
