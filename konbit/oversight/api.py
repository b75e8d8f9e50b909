"""``/api/v1/complaints/`` (oversight officers: list, detail, create, change, status,
stats; every read audited) and ``/api/v1/public/complaints/`` (anyone, throttled:
file a complaint; follow it with its code). Who sees what is ``policies``'."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from konbit.core.api import RecordViewSet
from konbit.core.policies import OPEN, guarded, policy_for
from konbit.oversight import services
from konbit.oversight.figures import complaint_figures
from konbit.oversight.filters import ComplaintFilter
from konbit.oversight.models import Complaint, StatusChange, normalize_reference
from konbit.oversight.selectors import complaint_by_code
from konbit.oversight.serializers import (
    ComplaintInputSerializer,
    ComplaintSerializer,
    ComplaintStatusChangeSerializer,
    ComplaintStatusInputSerializer,
    PublicFileSerializer,
    PublicStatusSerializer,
)
from konbit.oversight.throttles import FileThrottle, FollowThrottle


def with_history(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Complaints with their status history, in two queries for any page."""
    return complaints.prefetch_related(
        Prefetch("history", queryset=StatusChange.objects.select_related("created_by"))
    )


class ComplaintViewSet(RecordViewSet):
    """Complaints of the CRM: oversight officers only (every other role gets 404);
    every read is audited. No delete: a complaint is never deleted, its status moves
    by ``POST .../{id}/status/``."""

    policy = policy_for(Complaint)
    action_access = {"status": "change", "stats": "list"}
    output_serializer = ComplaintSerializer
    input_serializer = ComplaintInputSerializer
    filterset_class = ComplaintFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Complaint]:
        return with_history(super().get_queryset())

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Complaint:
        data.pop("version", None)
        return services.complaint_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Complaint, data: dict[str, Any], version: int
    ) -> Complaint:
        return services.complaint_update(actor=user, complaint=obj, data=data, version=version)

    def _reread(self, pk: Any) -> Complaint:
        return with_history(self.policy.base_queryset()).get(pk=pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        obj = self._reread(response.data["id"])
        response.data = self.output_serializer(obj, context=self.get_serializer_context()).data
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        obj = self._reread(response.data["id"])
        response.data = self.output_serializer(obj, context=self.get_serializer_context()).data
        return response

    @extend_schema(
        request=ComplaintStatusInputSerializer, responses=ComplaintStatusChangeSerializer
    )
    @action(detail=True, methods=["post"], serializer_class=ComplaintStatusInputSerializer)
    def status(self, request: Request, pk: str | None = None) -> Response:
        """Move the complaint to a new status (``version``, ``status``, ``note``;
        ``referred_to``, ``referred_to_whom``, ``referred_reference`` for a
        referral; ``changed_at``, else now): a new entry of its history."""
        complaint = self.policy.get_for(request.user, pk, write=True)
        body = ComplaintStatusInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        entry = services.complaint_change_status(
            actor=request.user,  # type: ignore[arg-type]
            complaint=complaint,
            status=data["status"],
            version=data["version"],
            note=data.get("note", ""),
            changed_at=data.get("changed_at"),
            referred_to=data.get("referred_to", ""),
            referred_to_whom=data.get("referred_to_whom", ""),
            referred_reference=data.get("referred_reference", ""),
        )
        return Response(ComplaintStatusChangeSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiResponse(description="The figures (counts only)."))
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=ComplaintFilter)
    def stats(self, request: Request) -> Response:
        """The list's filters; counts by category, nature, status and month, open
        and closed, referred, the median days to close. No complaint is read."""
        queryset = self.filter_queryset(self.policy.visible(request.user))
        return Response(complaint_figures(queryset))


@guarded(OPEN)
class PublicComplaintFile(APIView):
    """``POST /api/v1/public/complaints/``: file a complaint without an account.
    The answer is its reference code and public status, nothing else. Throttled."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [FileThrottle]

    @extend_schema(request=PublicFileSerializer, responses={201: PublicStatusSerializer})
    def post(self, request: Request) -> Response:
        body = PublicFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = services.complaint_file(data=dict(body.validated_data))
        row = {
            "reference": complaint.reference,
            "status": complaint.status,
            "status_changed_at": complaint.status_changed_at,
        }
        return Response(PublicStatusSerializer.of(row), status=status.HTTP_201_CREATED)


@guarded(OPEN)
class PublicComplaintFollow(APIView):
    """``GET /api/v1/public/complaints/<code>/``: the public status of a complaint and
    the date of its last change; 404 "no complaint with this code" otherwise.
    Throttled per address, so that codes cannot be tried."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [FollowThrottle]

    @extend_schema(responses={200: PublicStatusSerializer})
    def get(self, request: Request, code: str) -> Response:
        found = complaint_by_code(normalize_reference(code))
        if found is None:
            raise exceptions.NotFound(_no_such_code())
        return Response(PublicStatusSerializer.of(found))


def _no_such_code() -> str:
    from django.utils.translation import gettext

    return gettext("No complaint with this code.")


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("complaints", ComplaintViewSet, basename="complaint")
urlpatterns = [
    path("public/complaints/", PublicComplaintFile.as_view(), name="public-complaint-file"),
    path(
        "public/complaints/<str:code>/",
        PublicComplaintFollow.as_view(),
        name="public-complaint-follow",
    ),
    *router.urls,
]
