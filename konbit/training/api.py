"""The training API: ``/api/v1/training-programmes/``, ``/api/v1/training-cohorts/``
(each with ``enrolled``, ``graduated``, ``graduated_by_sex`` and the funnel),
``/api/v1/trainees/``, ``/api/v1/training-enrolments/`` and
``/api/v1/training-assessments/``. Every resource asks its entity's policy and
writes through the services."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.core.api import RecordViewSet
from konbit.core.policies import policy_for
from konbit.training import filters, selectors, serializers, services
from konbit.training.models import Assessment, Cohort, Enrolment, Programme, Trainee


class ProgrammeViewSet(RecordViewSet):
    """Training programmes: the HNP's basic training, contingents' specialised courses."""

    policy = policy_for(Programme)
    output_serializer = serializers.ProgrammeSerializer
    input_serializer = serializers.ProgrammeInputSerializer
    filterset_class = filters.ProgrammeFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Programme:
        return services.programme_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Programme, data: dict[str, Any], version: int
    ) -> Programme:
        return services.programme_update(actor=user, programme=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Programme, version: int | None) -> None:
        services.programme_delete(actor=user, programme=obj, version=version)


class CohortViewSet(RecordViewSet):
    """Cohorts (classes) with their figures: counts only, no cadet named."""

    policy = policy_for(Cohort)
    output_serializer = serializers.CohortSerializer
    input_serializer = serializers.CohortInputSerializer
    filterset_class = filters.CohortFilter

    def get_queryset(self) -> models.QuerySet[Cohort]:
        return super().get_queryset().prefetch_related("trainers")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        records = list(page if page is not None else queryset)
        self.record_reads(records)
        context = {
            **self.get_serializer_context(),
            "figures": selectors.cohort_figures(c.pk for c in records),
        }
        data = self.output_serializer(records, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Cohort:
        return services.cohort_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Cohort, data: dict[str, Any], version: int
    ) -> Cohort:
        return services.cohort_update(actor=user, cohort=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Cohort, version: int | None) -> None:
        services.cohort_delete(actor=user, cohort=obj, version=version)


class TraineeViewSet(RecordViewSet):
    """HNP cadets. Their identity is personal: every read is audited; the analyst
    gets none."""

    policy = policy_for(Trainee)
    output_serializer = serializers.TraineeSerializer
    input_serializer = serializers.TraineeInputSerializer
    filterset_class = filters.TraineeFilter

    def get_queryset(self) -> models.QuerySet[Trainee]:
        # The cohort filter joins enrolments: one row per trainee all the same.
        return super().get_queryset().distinct()

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Trainee:
        return services.trainee_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Trainee, data: dict[str, Any], version: int
    ) -> Trainee:
        return services.trainee_update(actor=user, trainee=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Trainee, version: int | None) -> None:
        services.trainee_delete(actor=user, trainee=obj, version=version)


class EnrolmentViewSet(RecordViewSet):
    """Cadets in cohorts: enrolment, withdrawal (date and reason), graduation and
    placement into an HNP unit. Reads audited."""

    policy = policy_for(Enrolment)
    output_serializer = serializers.EnrolmentSerializer
    input_serializer = serializers.EnrolmentInputSerializer
    filterset_class = filters.EnrolmentFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Enrolment:
        return services.enrolment_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Enrolment, data: dict[str, Any], version: int
    ) -> Enrolment:
        return services.enrolment_update(actor=user, enrolment=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Enrolment, version: int | None) -> None:
        services.enrolment_delete(actor=user, enrolment=obj, version=version)


class AssessmentViewSet(RecordViewSet):
    """A cohort's assessments, scored out of 100, with their pass marks."""

    policy = policy_for(Assessment)
    output_serializer = serializers.AssessmentSerializer
    input_serializer = serializers.AssessmentInputSerializer
    filterset_class = filters.AssessmentFilter

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Assessment:
        return services.assessment_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Assessment, data: dict[str, Any], version: int
    ) -> Assessment:
        return services.assessment_update(actor=user, assessment=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Assessment, version: int | None) -> None:
        services.assessment_delete(actor=user, assessment=obj, version=version)


router = DefaultRouter()
router.include_root_view = False
router.register("training-programmes", ProgrammeViewSet, basename="training-programme")
router.register("training-cohorts", CohortViewSet, basename="training-cohort")
router.register("trainees", TraineeViewSet, basename="trainee")
router.register("training-enrolments", EnrolmentViewSet, basename="training-enrolment")
router.register("training-assessments", AssessmentViewSet, basename="training-assessment")
urlpatterns = router.urls
