"""The API's shapes of forces' records: an output serializer per entity and an input
one carrying the version. Serializers check shape; services decide the rules."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from konbit.core.api import VersionedSerializer, VersionField
from konbit.forces import selectors
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

TRACKED = ["id", "version", "created_at", "updated_at"]


class ScopedInput(serializers.ModelSerializer):
    """An input whose related records are looked up among those the user may see, so
    that naming another contingent's person is "does not exist", never a leak."""

    scoped_fields: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, selector in self.scoped_fields.items():
            if name in self.fields and user is not None:
                self.fields[name].queryset = getattr(selectors, selector)(user)  # type: ignore[attr-defined]


class MandateSerializer(VersionedSerializer):
    class Meta:
        model = Mandate
        fields = [
            *TRACKED,
            "resolution",
            "title",
            "adopted_on",
            "starts_on",
            "ends_on",
            "authorized_ceiling",
            "planning_figure",
            "notes",
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


OBLIGATION_FIELDS = [
    "mandate",
    "title",
    "paragraph",
    "reporting_party",
    "addressee",
    "trigger",
    "interval_days",
    "deadline",
    "event",
    "content_sections",
    "confirmed",
    "notes",
]


class ObligationSerializer(VersionedSerializer):
    resolution = serializers.CharField(source="mandate.resolution", read_only=True)

    class Meta:
        model = ReportingObligation
        fields = [*TRACKED, *OBLIGATION_FIELDS, "resolution"]


class ObligationInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)
    content_sections = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = ReportingObligation
        fields = [*OBLIGATION_FIELDS, "version"]


CONTINGENT_FIELDS = ["name", "is_lead_nation", "pledged_strength", "commander", "notes"]


class ContingentSerializer(VersionedSerializer):
    iso3 = serializers.CharField(source="country.iso3", read_only=True)
    country = serializers.CharField(source="country.name", read_only=True)

    class Meta:
        model = Contingent
        fields = [*TRACKED, "iso3", "country", *CONTINGENT_FIELDS]


class ContingentInputSerializer(serializers.ModelSerializer):
    iso3 = serializers.CharField(max_length=3, required=False, help_text="On creation only.")
    version = VersionField(required=False)

    class Meta:
        model = Contingent
        fields = ["iso3", *CONTINGENT_FIELDS, "version"]


UNIT_FIELDS = ["contingent", "name", "unit_type", "description"]


class UnitSerializer(VersionedSerializer):
    iso3 = serializers.CharField(source="contingent.country.iso3", read_only=True)

    class Meta:
        model = Unit
        fields = [*TRACKED, *UNIT_FIELDS, "iso3"]


class UnitInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Unit
        fields = [*UNIT_FIELDS, "version"]


PERSON_FIELDS = [
    "contingent",
    "service_number",
    "rank",
    "rank_grade",
    "given_name",
    "family_name",
    "sex",
    "date_of_birth",
    "specialty",
    "languages",
    "unit",
    "hr_screening",
    "hr_screened_on",
    "medical_clearance",
    "predeployment_training",
    "status",
]


class PersonnelSerializer(VersionedSerializer):
    iso3 = serializers.CharField(source="contingent.country.iso3", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)

    class Meta:
        model = Personnel
        fields = [*TRACKED, *PERSON_FIELDS, "iso3", "unit_name"]


class PersonnelInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Personnel
        fields = [*PERSON_FIELDS, "version"]
        # The service enforces the unique service number with a field message.
        validators: list[Any] = []


DEPLOYMENT_FIELDS = ["person", "wave", "arrival_date", "planned_end", "actual_end", "end_reason"]


class DeploymentSerializer(VersionedSerializer):
    iso3 = serializers.CharField(source="person.contingent.country.iso3", read_only=True)
    service_number = serializers.CharField(source="person.service_number", read_only=True)

    class Meta:
        model = Deployment
        fields = [*TRACKED, *DEPLOYMENT_FIELDS, "iso3", "service_number"]


class DeploymentInputSerializer(ScopedInput):
    version = VersionField(required=False)
    scoped_fields = {"person": "personnel_visible_to"}

    class Meta:
        model = Deployment
        fields = [*DEPLOYMENT_FIELDS, "version"]


WAVE_FIELDS = [
    "contingent",
    "arrival_date",
    "count_announced",
    "description",
    "assumed_date",
    "source",
]


class WaveSerializer(VersionedSerializer):
    iso3 = serializers.CharField(source="contingent.country.iso3", read_only=True)

    class Meta:
        model = DeploymentWave
        fields = [*TRACKED, *WAVE_FIELDS, "iso3"]


class WaveInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = DeploymentWave
        fields = [*WAVE_FIELDS, "version"]
        validators: list[Any] = []


ROTATION_FIELDS = ["incoming_wave", "outgoing_wave", "overlap_start", "overlap_end", "notes"]


class RotationSerializer(VersionedSerializer):
    class Meta:
        model = Rotation
        fields = [*TRACKED, *ROTATION_FIELDS]


class RotationInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Rotation
        fields = [*ROTATION_FIELDS, "version"]
        validators: list[Any] = []
