from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from konbit.core.api import RecordViewSet, VersionedSerializer, VersionField
from konbit.forces import selectors, services
from konbit.forces.models import Mandate


class MandateSerializer(VersionedSerializer):
    class Meta:
        model = Mandate
        fields = [
            "id",
            "resolution",
            "title",
            "adopted_on",
            "starts_on",
            "ends_on",
            "authorized_ceiling",
            "planning_figure",
            "notes",
            "version",
            "created_at",
            "updated_at",
        ]


class MandateInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Mandate
        fields = [
            "resolution",
            "title",
            "adopted_on",
            "starts_on",
            "ends_on",
            "authorized_ceiling",
            "planning_figure",
            "notes",
            "version",
        ]


class MandateViewSet(RecordViewSet):
    """The Security Council mandates of the mission."""

    output_serializer = MandateSerializer
    input_serializer = MandateInputSerializer
    filterset_fields = ["resolution"]

    def part_visible(self, user: Any) -> bool:
        return bool(user.has_perm("forces.view_mandate"))

    def visible_queryset(self, user: Any) -> Any:
        return selectors.mandates_visible_to(user)

    def can_create(self, user: Any) -> bool:
        return bool(user.has_perm("forces.add_mandate"))

    def can_change(self, user: Any, obj: Mandate) -> bool:
        return bool(user.has_perm("forces.change_mandate"))

    def can_delete(self, user: Any, obj: Mandate) -> bool:
        return bool(user.has_perm("forces.delete_mandate"))

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Mandate:
        return services.mandate_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Mandate, data: dict[str, Any], version: int
    ) -> Mandate:
        return services.mandate_update(actor=user, mandate=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Mandate, version: int | None) -> None:
        services.mandate_delete(actor=user, mandate=obj, version=version)


router = DefaultRouter()
router.include_root_view = False
router.register("mandates", MandateViewSet, basename="mandate")
urlpatterns = router.urls
