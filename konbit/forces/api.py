"""The forces API: mandates and reporting obligations, contingents, units, personnel,
deployments, waves and rotations, and the strength aggregates. Every resource asks
its entity's policy (``forces.policies``) and writes through the services."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import DefaultRouter

from konbit.core.api import RecordViewSet
from konbit.core.policies import policy_for
from konbit.forces import filters, serializers, services
from konbit.forces.api_strength import urlpatterns as strength_urlpatterns
from konbit.forces.models import (
    Contingent,
    Deployment,
    DeploymentWave,
    Mandate,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)


class MandateViewSet(RecordViewSet):
    """The Security Council mandates of the mission."""

    policy = policy_for(Mandate)
    output_serializer = serializers.MandateSerializer
    input_serializer = serializers.MandateInputSerializer
    filterset_fields = ["resolution"]

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Mandate:
        return services.mandate_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Mandate, data: dict[str, Any], version: int
    ) -> Mandate:
        return services.mandate_update(actor=user, mandate=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Mandate, version: int | None) -> None:
        services.mandate_delete(actor=user, mandate=obj, version=version)


class ObligationViewSet(RecordViewSet):
    """The reporting duties the mandates set (who reports, to whom, when)."""

    policy = policy_for(ReportingObligation)
    output_serializer = serializers.ObligationSerializer
    input_serializer = serializers.ObligationInputSerializer
    filterset_class = filters.ObligationFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> ReportingObligation:
        return services.obligation_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: ReportingObligation, data: dict[str, Any], version: int
    ) -> ReportingObligation:
        return services.obligation_update(actor=user, obligation=obj, data=data, version=version)

    def perform_delete_record(
        self, user: Any, obj: ReportingObligation, version: int | None
    ) -> None:
        services.obligation_delete(actor=user, obligation=obj, version=version)


class ContingentViewSet(RecordViewSet):
    """The contributing countries' contingents (public facts: every role reads them)."""

    policy = policy_for(Contingent)
    output_serializer = serializers.ContingentSerializer
    input_serializer = serializers.ContingentInputSerializer
    filterset_class = filters.ContingentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Contingent:
        iso3 = data.pop("iso3", "")
        data.pop("version", None)
        return services.contingent_create(actor=user, iso3=iso3, data=data)

    def perform_update_record(
        self, user: Any, obj: Contingent, data: dict[str, Any], version: int
    ) -> Contingent:
        data.pop("iso3", None)
        return services.contingent_update(actor=user, contingent=obj, data=data, version=version)


class UnitViewSet(RecordViewSet):
    """Units of the contingents; a commander changes their own contingent's units."""

    policy = policy_for(Unit)
    output_serializer = serializers.UnitSerializer
    input_serializer = serializers.UnitInputSerializer
    filterset_class = filters.UnitFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Unit:
        return services.unit_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Unit, data: dict[str, Any], version: int
    ) -> Unit:
        return services.unit_update(actor=user, unit=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Unit, version: int | None) -> None:
        services.unit_delete(actor=user, unit=obj, version=version)


class PersonnelViewSet(RecordViewSet):
    """People of the contingents. Personal data: a commander sees their own
    contingent only, the HNP liaison and the analyst nobody; reads are audited."""

    policy = policy_for(Personnel)
    output_serializer = serializers.PersonnelSerializer
    input_serializer = serializers.PersonnelInputSerializer
    filterset_class = filters.PersonnelFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Personnel:
        return services.person_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Personnel, data: dict[str, Any], version: int
    ) -> Personnel:
        return services.person_update(actor=user, person=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Personnel, version: int | None) -> None:
        services.person_delete(actor=user, person=obj, version=version)


class DeploymentViewSet(RecordViewSet):
    """Each person's tours; scoped like personnel."""

    policy = policy_for(Deployment)
    output_serializer = serializers.DeploymentSerializer
    input_serializer = serializers.DeploymentInputSerializer
    filterset_class = filters.DeploymentFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Deployment:
        return services.deployment_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Deployment, data: dict[str, Any], version: int
    ) -> Deployment:
        return services.deployment_update(actor=user, deployment=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Deployment, version: int | None) -> None:
        services.deployment_delete(actor=user, deployment=obj, version=version)


class WaveViewSet(RecordViewSet):
    """Announced arrivals (counts, no person): every role reads them, HQ writes."""

    policy = policy_for(DeploymentWave)
    output_serializer = serializers.WaveSerializer
    input_serializer = serializers.WaveInputSerializer
    filterset_class = filters.WaveFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> DeploymentWave:
        return services.wave_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: DeploymentWave, data: dict[str, Any], version: int
    ) -> DeploymentWave:
        return services.wave_update(actor=user, wave=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: DeploymentWave, version: int | None) -> None:
        services.wave_delete(actor=user, wave=obj, version=version)


class RotationViewSet(RecordViewSet):
    """Rotations: an incoming wave relieving an outgoing one."""

    policy = policy_for(Rotation)
    output_serializer = serializers.RotationSerializer
    input_serializer = serializers.RotationInputSerializer
    filterset_class = filters.RotationFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Rotation:
        return services.rotation_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Rotation, data: dict[str, Any], version: int
    ) -> Rotation:
        return services.rotation_update(actor=user, rotation=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Rotation, version: int | None) -> None:
        services.rotation_delete(actor=user, rotation=obj, version=version)


router = DefaultRouter()
router.include_root_view = False
router.register("mandates", MandateViewSet, basename="mandate")
router.register("reporting-obligations", ObligationViewSet, basename="obligation")
router.register("contingents", ContingentViewSet, basename="contingent")
router.register("units", UnitViewSet, basename="unit")
router.register("personnel", PersonnelViewSet, basename="personnel")
router.register("deployments", DeploymentViewSet, basename="deployment")
router.register("deployment-waves", WaveViewSet, basename="wave")
router.register("rotations", RotationViewSet, basename="rotation")
urlpatterns = [*strength_urlpatterns, *router.urls]
