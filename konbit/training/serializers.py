"""The API's shapes of training's records: an output serializer per entity (the
policy's hidden fields dropped) and an input one carrying the version."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from konbit.core.api import VersionedSerializer, VersionField
from konbit.forces.selectors import personnel_visible_to
from konbit.training import selectors
from konbit.training.models import Assessment, Cohort, Enrolment, Programme, Trainee

TRACKED = ["id", "version", "created_at", "updated_at"]


def _user(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ProgrammeSerializer(VersionedSerializer):
    contingent = serializers.CharField(
        source="contingent.country.iso3", read_only=True, default=None
    )

    class Meta:
        model = Programme
        fields = [*TRACKED, "code", "name", "kind", "contingent", "description"]


class ProgrammeInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Programme
        fields = ["code", "name", "kind", "contingent", "description", "version"]


COHORT_FIELDS = ["programme", "name", "starts_on", "ends_on", "graduation_on", "venue", "notes"]


class SexCounts(serializers.Serializer):
    female = serializers.IntegerField()
    male = serializers.IntegerField()


class CohortSerializer(VersionedSerializer):
    """A cohort with its figures (counts, no person): ``enrolled``, ``graduated``,
    ``graduated_by_sex`` and the whole funnel. The figures of a page of cohorts are
    computed in one query by the view and handed over in the context."""

    programme_name = serializers.CharField(source="programme.name", read_only=True)
    trainers: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    enrolled = serializers.SerializerMethodField()
    graduated = serializers.SerializerMethodField()
    graduated_by_sex = serializers.SerializerMethodField()
    funnel = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        fields = [
            *TRACKED,
            *COHORT_FIELDS,
            "programme_name",
            "trainers",
            "enrolled",
            "graduated",
            "graduated_by_sex",
            "funnel",
        ]

    def _figures(self, cohort: Cohort) -> dict[str, Any]:
        figures = self.context.get("figures")
        if figures is None or cohort.pk not in figures:
            figures = selectors.cohort_figures([cohort.pk])
        return figures[cohort.pk]

    def get_enrolled(self, cohort: Cohort) -> int:
        return int(self._figures(cohort)["enrolled"]["total"])

    def get_graduated(self, cohort: Cohort) -> int:
        return int(self._figures(cohort)["graduated"]["total"])

    @extend_schema_field(SexCounts)
    def get_graduated_by_sex(self, cohort: Cohort) -> dict[str, int]:
        graduated = self._figures(cohort)["graduated"]
        return {"female": graduated["female"], "male": graduated["male"]}

    @extend_schema_field(serializers.DictField(child=SexCounts()))
    def get_funnel(self, cohort: Cohort) -> dict[str, Any]:
        figures = self._figures(cohort)
        return {stage: figures[stage] for stage in (*selectors.STAGES, "withdrawn")}


class CohortInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Cohort
        fields = [*COHORT_FIELDS, "trainers", "version"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _user(self)
        if user is not None:
            # Trainers are named among the mission personnel the user may see.
            self.fields["trainers"].child_relation.queryset = personnel_visible_to(user)  # type: ignore[attr-defined]


TRAINEE_FIELDS = ["registration_number", "given_name", "family_name", "sex", "date_of_birth"]


class TraineeSerializer(VersionedSerializer):
    class Meta:
        model = Trainee
        fields = [*TRACKED, *TRAINEE_FIELDS]


class TraineeInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Trainee
        fields = [*TRAINEE_FIELDS, "version"]


ENROLMENT_FIELDS = [
    "cohort",
    "trainee",
    "enrolled_on",
    "status",
    "withdrawn_on",
    "withdrawal_reason",
    "withdrawal_note",
    "graduated_on",
    "placement_unit",
    "placed_on",
]


class EnrolmentSerializer(VersionedSerializer):
    registration_number = serializers.CharField(
        source="trainee.registration_number", read_only=True
    )
    sex = serializers.CharField(source="trainee.sex", read_only=True)

    class Meta:
        model = Enrolment
        fields = [*TRACKED, *ENROLMENT_FIELDS, "registration_number", "sex"]


class EnrolmentInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Enrolment
        fields = [*ENROLMENT_FIELDS, "version"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _user(self)
        if user is not None:
            self.fields["cohort"].queryset = selectors.cohorts_visible_to(user)  # type: ignore[attr-defined]
            self.fields["trainee"].queryset = selectors.trainees_visible_to(user)  # type: ignore[attr-defined]


ASSESSMENT_FIELDS = ["cohort", "name", "held_on", "pass_mark"]


class AssessmentSerializer(VersionedSerializer):
    class Meta:
        model = Assessment
        fields = [*TRACKED, *ASSESSMENT_FIELDS]


class AssessmentInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Assessment
        fields = [*ASSESSMENT_FIELDS, "version"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _user(self)
        if user is not None:
            self.fields["cohort"].queryset = selectors.cohorts_visible_to(user)  # type: ignore[attr-defined]
