"""What each reader receives of an incident. The field sets are chosen in one place,
``incident_serializer_for(user)``: the sensitive fields exist only in the sensitive
serializer, and the notes of an incident flagged sensitive are withheld otherwise."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from konbit.core.api import VersionedSerializer, VersionField
from konbit.core.policies import policy_for
from konbit.operations.models import (
    ACLED_FIELDS,
    SENSITIVE_FIELDS,
    VICTIM_FIELDS,
    Incident,
    JointOperation,
    OperationStatus,
)
from konbit.operations.services import MISSION_FIELDS, REPORT_FIELDS

# The slim representation of the list (read straight from ``values()``).
LIST_FIELDS = (
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "category",
    "location",
    "commune_pcode",
    "latitude",
    "longitude",
    "fatalities",
    "origin",
    "verification",
    "version",
)
MISSION_READ_FIELDS = (
    "origin",
    "commune_pcode",
    "commune_pcode_by_name",
    "category",
    "perpetrator",
    "armed_group",
    "reporting_contingent",
    "operation",
    "verification",
    "sensitive",
    "released_to_hnp",
    "released_at",
    *VICTIM_FIELDS,
)
DETAIL_FIELDS = (
    "id",
    "year",
    *ACLED_FIELDS,
    *MISSION_READ_FIELDS,
    "version",
    "created_at",
    "updated_at",
)


class IncidentSerializer(VersionedSerializer):
    """An incident without its sensitive fields (analyst, HNP liaison). What the
    policy withholds from the reader is dropped (``VersionedSerializer``); withheld
    notes read as empty."""

    year = serializers.IntegerField(read_only=True)

    class Meta:
        model = Incident
        fields = list(DETAIL_FIELDS)

    def to_representation(self, instance: Incident) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        data.setdefault("notes", "")
        return data


class IncidentSensitiveSerializer(IncidentSerializer):
    """An incident with the victims' and sources' details (mission roles)."""

    class Meta:
        model = Incident
        fields = [*DETAIL_FIELDS, *SENSITIVE_FIELDS]


def incident_serializer_for(user: Any) -> type[IncidentSerializer]:
    """The serializer whose fields the policy lets ``user`` read (for the schema and
    the read audit; the policy's hidden fields are dropped whichever is used)."""
    if policy_for(Incident).hidden_fields(user):
        return IncidentSerializer
    return IncidentSensitiveSerializer


class IncidentInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Incident
        fields = [*REPORT_FIELDS, *MISSION_FIELDS, "version"]
        extra_kwargs = {name: {"required": False} for name in (*REPORT_FIELDS, *MISSION_FIELDS)}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            missing = {
                name: ["This field is required."]
                for name in (
                    "event_date",
                    "event_type",
                    "sub_event_type",
                    "actor1",
                    "latitude",
                    "longitude",
                )
                if name not in attrs
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class ReleaseSerializer(serializers.Serializer):
    version = VersionField()


OPERATION_FIELDS = [
    "name",
    "objective",
    "legal_basis",
    "starts_on",
    "ends_on",
    "status",
    "communes",
    "contingents",
    "mission_units",
    "hnp_units",
    "arrests",
    "seizures",
    "mission_killed",
    "mission_injured",
    "hnp_killed",
    "hnp_injured",
    "gang_killed",
    "gang_injured",
    "civilians_killed",
    "civilians_injured",
    "after_action_notes",
]


class OperationSerializer(VersionedSerializer):
    incident_count = serializers.IntegerField(read_only=True, default=0)
    current_status = serializers.ChoiceField(
        choices=OperationStatus.choices,
        read_only=True,
        help_text="The status as shown: completed once the end date has passed, whatever "
        "was recorded in status.",
    )

    class Meta:
        model = JointOperation
        fields = [
            "id",
            *OPERATION_FIELDS,
            "current_status",
            "incident_count",
            "version",
            "created_at",
            "updated_at",
        ]


class OperationInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = JointOperation
        fields = [*OPERATION_FIELDS, "version"]
