"""``/api/v1/incidents/`` (list, detail, create, change, release to the HNP, export,
stats, map data) and ``/api/v1/operations/``. Who sees and does what is the
policies' (``operations.policies``): scoping, release, sensitive fields, read audits."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.core.api import RecordViewSet
from konbit.core.paging import Counted
from konbit.core.policies import policy_for
from konbit.operations import exports, selectors, services
from konbit.operations.filters import IncidentFilter, OperationFilter
from konbit.operations.mapdata import map_data, parse_bbox
from konbit.operations.models import Incident, JointOperation
from konbit.operations.serializers import (
    LIST_FIELDS,
    IncidentInputSerializer,
    IncidentSerializer,
    OperationInputSerializer,
    OperationSerializer,
    ReleaseSerializer,
    incident_serializer_for,
)
from konbit.operations.stats import incident_stats, parse_group_by


def export_response(
    user: Any, queryset: QuerySet[Incident], fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The export file of ``queryset`` for ``user`` in ``fmt`` (audited, one entry)."""
    if fmt not in exports.FORMATS:
        raise exceptions.ValidationError(
            {"fmt": [_("Choose one of: %(f)s.") % {"f": ", ".join(exports.FORMATS)}]}
        )
    content_type, extension = exports.FORMATS[fmt]
    sensitive = exports.export_audited(user, queryset, fmt, f"fmt={fmt}")
    name = f"incidents-{timezone.now():%Y%m%d}-{fmt}.{extension}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx(queryset, sensitive=sensitive), content_type=content_type
        )
    elif fmt == "acled":
        response = StreamingHttpResponse(
            exports.acled_csv(queryset, sensitive=sensitive), content_type=content_type
        )
    elif fmt == "hxl":
        response = StreamingHttpResponse(exports.hxl_csv(queryset), content_type=content_type)
    else:
        response = StreamingHttpResponse(
            exports.geojson(queryset, sensitive=sensitive), content_type=content_type
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class IncidentViewSet(RecordViewSet):
    """Incidents: ACLED events and the mission's reports."""

    policy = policy_for(Incident)
    # The decision each extra action stands for (the access matrix reads it).
    action_access = {"export": "list", "stats": "list", "map": "list", "release": "release"}
    output_serializer = IncidentSerializer
    input_serializer = IncidentInputSerializer
    filterset_class = IncidentFilter

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in {"create", "update", "partial_update"}:
            return IncidentInputSerializer
        return incident_serializer_for(self.request.user)

    def read_fields(self) -> list[str]:
        return list(incident_serializer_for(self.request.user).Meta.fields)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The slim list: the page's rows as ``values()``, no serializer per row;
        # unfiltered, their total from the tally instead of a COUNT of every incident.
        rows: Any = self.filter_queryset(self.get_queryset()).values(*LIST_FIELDS)
        if not self.filtering():
            rows = Counted(rows, selectors.incidents_visible_total(request.user))
        page = self.paginate_queryset(rows)
        shown = page if page is not None else list(rows)
        self.policy.record_reads(request.user, shown, fields=LIST_FIELDS)
        return self.get_paginated_response(page) if page is not None else Response(shown)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        return self._reserialize(response)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._reserialize(super().update(request, *args, **kwargs))

    def _reserialize(self, response: Response) -> Response:
        obj = Incident.objects.get(pk=response.data["id"])
        serializer = incident_serializer_for(self.request.user)
        response.data = serializer(obj, context=self.get_serializer_context()).data
        return response

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Incident:
        return services.incident_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Incident, data: dict[str, Any], version: int
    ) -> Incident:
        return services.incident_update(actor=user, incident=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Incident, version: int | None) -> None:
        services.incident_delete(actor=user, incident=obj, version=version)

    @action(detail=True, methods=["post"], serializer_class=ReleaseSerializer)
    def release(self, request: Request, pk: str | None = None) -> Response:
        """Release a mission incident to the HNP (hq_staff, mission_admin; audited)."""
        incident = self.policy.get_for(request.user, pk)
        if not self.policy.allows(request.user, "release", incident):
            raise exceptions.PermissionDenied()
        body = ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        incident = services.incident_release_to_hnp(
            actor=request.user,  # type: ignore[arg-type]
            incident=incident,
            version=body.validated_data["version"],
        )
        serializer = incident_serializer_for(request.user)
        return Response(serializer(incident, context=self.get_serializer_context()).data)

    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> HttpResponse | StreamingHttpResponse:
        """``?fmt=acled|hxl|geojson|xlsx`` and the list's filters."""
        queryset = self.filter_queryset(self.get_queryset())
        return export_response(request.user, queryset, request.query_params.get("fmt", "acled"))

    @action(detail=False, methods=["get"], pagination_class=None)
    def stats(self, request: Request) -> Response:
        """``?group_by=month,event_type`` (month, category, event_type, sub_event_type,
        commune, perpetrator, origin) and the list's filters: counts and victims."""
        try:
            group_by = parse_group_by(request.query_params.get("group_by", "month"))
        except ValueError as exc:
            raise exceptions.ValidationError(
                {"group_by": [_("Unknown group: %(g)s.") % {"g": str(exc)}]}
            ) from None
        queryset = self.filter_queryset(self.get_queryset())
        return Response({"group_by": group_by, "results": incident_stats(queryset, group_by)})

    @action(detail=False, methods=["get"], url_path="map", pagination_class=None)
    @method_decorator(gzip_page)
    def map(self, request: Request) -> Response:
        """``?bbox=west,south,east,north&zoom=N`` and the list's filters: the points
        (up to ``mapdata.POINT_LIMIT``) or the grid cells of the box. Gzipped for
        clients that accept it: 2,000 points are some 440 KB of JSON, 40-80 KB
        gzipped."""
        try:
            bbox_text = request.query_params.get("bbox")
            bbox = parse_bbox(bbox_text) if bbox_text else None
            zoom = int(request.query_params.get("zoom", "8"))
        except ValueError:
            raise exceptions.ValidationError(
                {"bbox": [_("Give bbox=west,south,east,north and an integer zoom.")]}
            ) from None
        return Response(map_data(self.filter_queryset(self.get_queryset()), bbox, zoom))


class OperationViewSet(RecordViewSet):
    """Joint operations of the mission with the HNP; the list takes the filters of
    ``OperationFilter`` (status, since/until, commune, contingent, q)."""

    policy = policy_for(JointOperation)
    output_serializer = OperationSerializer
    input_serializer = OperationInputSerializer
    filterset_class = OperationFilter

    def get_queryset(self) -> QuerySet[JointOperation]:
        return (
            selectors.operations_with_incident_counts(self.request.user)
            .order_by("-starts_on", "name")
            .prefetch_related("communes", "contingents")
        )

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> JointOperation:
        return services.operation_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: JointOperation, data: dict[str, Any], version: int
    ) -> JointOperation:
        return services.operation_update(actor=user, operation=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: JointOperation, version: int | None) -> None:
        services.operation_delete(actor=user, operation=obj, version=version)


router = DefaultRouter()
router.include_root_view = False
router.register("incidents", IncidentViewSet, basename="incident")
router.register("operations", OperationViewSet, basename="operation")
urlpatterns = router.urls
