"""The gazetteer's API: read-only, for every signed-in role.

``/api/v1/places/{departments,arrondissements,communes,sections}/`` (filters
``?pcode=``, ``?q=``, parent P-codes; detail by P-code; polygons in lists only with
``?geometry=1``), ``/api/v1/places/communes/geojson/`` (the map's base layer) and
``/api/v1/places/lookup/?lat=&lon=`` (the commune of a point).
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from konbit.core.api import not_found_unless
from konbit.core.exceptions import DomainError
from konbit.core.policies import guarded, policy_for
from konbit.places import filters, geo, selectors
from konbit.places.geojson import communes_geojson
from konbit.places.models import Arrondissement, CommunalSection, Commune, Department

_PLACE_FIELDS = [
    "pcode",
    "name",
    "name_en",
    "name_ht",
    "centroid_lat",
    "centroid_lon",
    "inner_lat",
    "inner_lon",
    "population_2019",
    "population_2019_female",
    "population_2019_male",
    "geometry",
]


class PlaceSerializer(serializers.ModelSerializer):
    # Not read-only so that the schema marks it optional: it is left out of lists
    # unless ``?geometry=1`` (and out of a detail with ``?geometry=0``).
    geometry = serializers.JSONField(
        required=False,
        help_text=gettext_lazy("GeoJSON geometry (WGS 84), simplified to about 200 m."),
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if not self.context.get("with_geometry", True):
            # Deferred in the query: reading it would cost one query per row.
            fields.pop("geometry", None)
        return fields


class DepartmentSerializer(PlaceSerializer):
    class Meta:
        model = Department
        fields = [*_PLACE_FIELDS[:4], "iso_code", *_PLACE_FIELDS[4:]]


class ArrondissementSerializer(PlaceSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Arrondissement
        fields = [*_PLACE_FIELDS[:4], "department", "department_name", *_PLACE_FIELDS[4:]]


class CommuneSerializer(PlaceSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    arrondissement_name = serializers.CharField(source="arrondissement.name", read_only=True)

    class Meta:
        model = Commune
        fields = [
            *_PLACE_FIELDS[:4],
            "department",
            "department_name",
            "arrondissement",
            "arrondissement_name",
            *_PLACE_FIELDS[4:],
        ]


class SectionSerializer(PlaceSerializer):
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = CommunalSection
        fields = [
            *_PLACE_FIELDS[:4],
            "commune",
            "commune_name",
            "department",
            "department_name",
            *_PLACE_FIELDS[4:],
        ]


_TRUE, _FALSE = {"1", "true", "yes"}, {"0", "false", "no"}
GEOMETRY_PARAMETER = OpenApiParameter(
    "geometry",
    OpenApiTypes.BOOL,
    description="Include the polygons (1) or not (0). Lists leave them out by default.",
)


@extend_schema_view(
    list=extend_schema(parameters=[GEOMETRY_PARAMETER]),
    retrieve=extend_schema(parameters=[GEOMETRY_PARAMETER]),
)
class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    """One level of the gazetteer; every signed-in role reads it."""

    lookup_field = "pcode"
    lookup_value_regex = r"[A-Za-z0-9-]+"

    def visible(self, user: Any) -> QuerySet:
        """The level's ``*_visible_to(user)``; nothing unless a subclass says so."""
        model = self.get_serializer_class().Meta.model  # type: ignore[attr-defined]
        return model._default_manager.none()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        not_found_unless(selectors.gazetteer_readable(request.user))

    def with_geometry(self) -> bool:
        raw = self.request.query_params.get("geometry", "").strip().lower()
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        if raw:
            raise DomainError(
                _("Invalid query parameter."),
                errors={"geometry": [_("Use 1 to include the polygons or 0 to leave them out.")]},
            )
        return self.action == "retrieve"

    def get_queryset(self) -> QuerySet:
        queryset = self.visible(self.request.user)
        if not self.with_geometry():
            queryset = queryset.defer("geometry")
        return queryset

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        # The schema generator documents the full shape (geometry optional).
        if not getattr(self, "swagger_fake_view", False):
            context["with_geometry"] = self.with_geometry()
        return context

    def get_object(self) -> Any:
        self.kwargs[self.lookup_field] = str(self.kwargs[self.lookup_field]).upper()
        return super().get_object()


class DepartmentViewSet(PlaceViewSet):
    """Haiti's ten departments (P-codes HT01..HT10)."""

    policy = policy_for(Department)

    serializer_class = DepartmentSerializer
    filterset_class = filters.DepartmentFilter

    def visible(self, user: Any) -> QuerySet:
        return selectors.departments_visible_to(user)


class ArrondissementViewSet(PlaceViewSet):
    """The 42 arrondissements (filter ``?department=HT01``)."""

    policy = policy_for(Arrondissement)

    serializer_class = ArrondissementSerializer
    filterset_class = filters.ArrondissementFilter

    def visible(self, user: Any) -> QuerySet:
        return selectors.arrondissements_visible_to(user)


class CommuneViewSet(PlaceViewSet):
    """The 140 communes (filters ``?department=``, ``?arrondissement=``)."""

    policy = policy_for(Commune)

    serializer_class = CommuneSerializer
    action_access = {"geojson": "list"}
    filterset_class = filters.CommuneFilter

    def visible(self, user: Any) -> QuerySet:
        return selectors.communes_visible_to(user)

    @extend_schema(
        summary="All communes as a GeoJSON FeatureCollection",
        description=(
            "The base layer of the maps: every commune's polygon with its P-code, name, "
            "parents and 2019 population. Sent gzip-compressed when the client accepts "
            "it; answers 304 to a matching If-None-Match."
        ),
        parameters=[],
        filters=False,
        responses={
            (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT),
            304: OpenApiResponse(description="Not modified"),
        },
    )
    @action(detail=False, url_path="geojson", pagination_class=None, filter_backends=[])
    def geojson(self, request: Request) -> HttpResponse:
        document = communes_geojson()
        if document.etag in request.headers.get("If-None-Match", ""):
            response = HttpResponse(status=304)
        else:
            compressed = "gzip" in request.headers.get("Accept-Encoding", "")
            response = HttpResponse(
                document.gzipped if compressed else document.body,
                content_type="application/geo+json",
            )
            if compressed:
                response["Content-Encoding"] = "gzip"
        response["ETag"] = document.etag
        response["Cache-Control"] = "private, max-age=3600"
        response.reference_data = True  # type: ignore[attr-defined]  # core.middleware
        response["Vary"] = "Accept-Encoding, Authorization, Cookie"
        return response


class SectionViewSet(PlaceViewSet):
    """The 570 communal sections (filters ``?commune=HT0111``, ``?department=``)."""

    policy = policy_for(CommunalSection)

    serializer_class = SectionSerializer
    filterset_class = filters.SectionFilter

    def visible(self, user: Any) -> QuerySet:
        return selectors.sections_visible_to(user)


# --- Lookup by coordinates -------------------------------------------------------------


class LookupQuerySerializer(serializers.Serializer):
    lat = serializers.FloatField(
        min_value=-90, max_value=90, help_text=gettext_lazy("Latitude (WGS 84), e.g. 18.58.")
    )
    lon = serializers.FloatField(
        min_value=-180, max_value=180, help_text=gettext_lazy("Longitude (WGS 84), e.g. -72.33.")
    )

    def _finite(self, value: float) -> float:
        if not math.isfinite(value):
            raise serializers.ValidationError(_("A valid number is required."))
        return value

    def validate_lat(self, value: float) -> float:
        return self._finite(value)

    def validate_lon(self, value: float) -> float:
        return self._finite(value)


class LookupSerializer(serializers.Serializer):
    pcode = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("The commune's P-code; null when none.")
    )
    name = serializers.CharField(allow_null=True)
    department = serializers.CharField(allow_null=True)
    distance_km = serializers.FloatField(
        help_text=gettext_lazy("0 inside a commune; otherwise the distance to the nearest one.")
    )
    warning = serializers.CharField(
        allow_blank=True,
        help_text=gettext_lazy("Empty inside a commune; otherwise what was done and why."),
    )
    section = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("The communal section's P-code.")
    )
    section_name = serializers.CharField(allow_null=True)


@guarded(Commune, "list")
class LookupView(APIView):
    """The commune (and communal section) at a latitude/longitude: point in polygon;
    the nearest commune within 10 km of the coast, with a warning; none beyond."""

    @extend_schema(
        parameters=[LookupQuerySerializer],
        responses={200: LookupSerializer},
        operation_id="places_lookup",
    )
    def get(self, request: Request) -> Response:
        not_found_unless(selectors.gazetteer_readable(request.user))
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        lat, lon = query.validated_data["lat"], query.validated_data["lon"]
        match = geo.commune_at(lat, lon)
        section = geo.section_at(lat, lon)
        commune = selectors.commune_by_pcode(match.pcode) if match.pcode else None
        section_name = None
        if section.pcode:
            section_name = (
                CommunalSection.objects.filter(pk=section.pcode)
                .values_list("name", flat=True)
                .first()
            )
        body = {
            "pcode": match.pcode,
            "name": commune.name if commune else None,
            "department": commune.department_id if commune else None,
            "distance_km": match.distance_km,
            "warning": match.warning,
            # The section only when it agrees with the commune (the two levels'
            # simplified borders can disagree by a few hundred metres).
            "section": section.pcode if _agrees(section.pcode, match.pcode) else None,
            "section_name": section_name if _agrees(section.pcode, match.pcode) else None,
        }
        return Response(LookupSerializer(body).data)


def _agrees(section: str | None, commune: str | None) -> bool:
    return bool(section and commune and section.startswith(commune + "-"))


router = DefaultRouter()
router.include_root_view = False
router.register("places/departments", DepartmentViewSet, basename="place-department")
router.register("places/arrondissements", ArrondissementViewSet, basename="place-arrondissement")
router.register("places/communes", CommuneViewSet, basename="place-commune")
router.register("places/sections", SectionViewSet, basename="place-section")
urlpatterns = [
    path("places/lookup/", LookupView.as_view(), name="places-lookup"),
    *router.urls,
]
