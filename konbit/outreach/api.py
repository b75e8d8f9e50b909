"""``/api/v1/outreach-activities/`` (list, detail, create, change, delete, stats,
concerns, refer) and ``/api/v1/outreach-referrals/`` (read, restricted; receive). Who sees
and does what is the policies' (``outreach.policies``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.core.api import RecordViewSet
from konbit.core.policies import policy_for
from konbit.outreach import services
from konbit.outreach.filters import ActivityFilter
from konbit.outreach.models import Activity, Concern, Referral
from konbit.outreach.serializers import (
    ActivityInputSerializer,
    ActivitySerializer,
    ConcernInputSerializer,
    ConcernSerializer,
    ReceiveInputSerializer,
    ReferInputSerializer,
    ReferralSerializer,
    data_and_topics,
)
from konbit.outreach.stats import activity_stats


def with_details(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Activities with their concerns, in two queries for any page."""
    return activities.prefetch_related(
        Prefetch("concerns", queryset=Concern.objects.order_by("created_at"))
    )


class ActivityViewSet(RecordViewSet):
    """Outreach activities: audiences as counts (girls, boys, women, men), never a
    name. A contingent commander reads and writes their own contingent's."""

    policy = policy_for(Activity)
    action_access = {"stats": "list", "concerns": "change", "refer": "refer"}
    output_serializer = ActivitySerializer
    input_serializer = ActivityInputSerializer
    filterset_class = ActivityFilter

    def get_queryset(self) -> QuerySet[Activity]:
        return with_details(super().get_queryset())

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Activity:
        fields, topics = data_and_topics(data)
        return services.activity_create(actor=user, data=fields, topics=topics)

    def perform_update_record(
        self, user: Any, obj: Activity, data: dict[str, Any], version: int
    ) -> Activity:
        fields, topics = data_and_topics(data)
        return services.activity_update(
            actor=user, activity=obj, data=fields, version=version, topics=topics
        )

    def perform_delete_record(self, user: Any, obj: Activity, version: int | None) -> None:
        services.activity_delete(actor=user, activity=obj, version=version)

    def _reread(self, obj: Activity) -> Activity:
        return with_details(self.policy.base_queryset()).get(pk=obj.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        obj = self._reread(Activity(pk=response.data["id"]))
        response.data = self.output_serializer(obj, context=self.get_serializer_context()).data
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        obj = self._reread(Activity(pk=response.data["id"]))
        response.data = self.output_serializer(obj, context=self.get_serializer_context()).data
        return response

    @action(detail=False, methods=["get"], pagination_class=None)
    def stats(self, request: Request) -> Response:
        """The list's filters; the activities and the people reached (girls, boys,
        women, men, children, adults) in all, by month, commune, kind, topic and
        audience."""
        queryset = self.filter_queryset(self.policy.visible(request.user))
        return Response(activity_stats(queryset))

    @action(detail=True, methods=["post"], serializer_class=ConcernInputSerializer)
    def concerns(self, request: Request, pk: str | None = None) -> Response:
        """Record a community concern raised at the activity (``category``,
        ``summary``). A child's safety or the mission's conduct is refused here:
        use ``refer``."""
        activity = self.policy.get_for(request.user, pk, write=True)
        body = ConcernInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        concern = services.concern_raise(
            actor=request.user,  # type: ignore[arg-type]
            activity=activity,
            **body.validated_data,
        )
        return Response(ConcernSerializer(concern).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=ReferInputSerializer)
    def refer(self, request: Request, pk: str | None = None) -> Response:
        """Refer a concern to oversight in one action (``category``, ``account``):
        the account goes to a restricted referral, the activity keeps its reference."""
        activity = self.policy.get_for(request.user, pk)
        if not self.policy.allows(request.user, "refer", activity):
            raise exceptions.PermissionDenied()
        body = ReferInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        concern = services.concern_refer(
            actor=request.user,  # type: ignore[arg-type]
            activity=activity,
            **body.validated_data,
        )
        return Response(ConcernSerializer(concern).data, status=status.HTTP_201_CREATED)


class ReferralViewSet(RecordViewSet):
    """Concerns referred to oversight from outreach: oversight officers and the
    mission administrator read them (every read audited) and confirm that oversight
    received one (``receive``); nobody changes them otherwise."""

    policy = policy_for(Referral)
    action_access = {"receive": "receive"}
    output_serializer = ReferralSerializer
    # POST for ``receive``; creating one is refused by the policy (made only by
    # referring a concern, the activity's ``refer``).
    http_method_names = ["get", "head", "options", "post"]

    @action(detail=True, methods=["post"], serializer_class=ReceiveInputSerializer)
    def receive(self, request: Request, pk: str | None = None) -> Response:
        """Oversight confirms it received the referral (``version``): its status
        becomes "received"; audited."""
        referral = self.policy.get_for(request.user, pk)
        if not self.policy.allows(request.user, "receive", referral):
            raise exceptions.PermissionDenied()
        body = ReceiveInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        referral = services.referral_receive(
            actor=request.user,  # type: ignore[arg-type]
            referral=referral,
            version=body.validated_data["version"],
        )
        return Response(ReferralSerializer(referral, context=self.get_serializer_context()).data)


router = DefaultRouter()
router.include_root_view = False
router.register("outreach-activities", ActivityViewSet, basename="outreach-activity")
router.register("outreach-referrals", ReferralViewSet, basename="outreach-referral")
urlpatterns = router.urls
