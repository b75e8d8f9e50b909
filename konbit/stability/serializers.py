"""The stability API's shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from konbit.core.api import VersionedSerializer, VersionField
from konbit.places.models import Commune
from konbit.stability.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneState,
    MilestoneStatus,
    Objective,
)


class ObjectiveSerializer(VersionedSerializer):
    class Meta:
        model = Objective
        fields = [
            "id",
            "mandate",
            "code",
            "title",
            "description",
            "version",
            "created_at",
            "updated_at",
        ]


class ObjectiveInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Objective
        fields = ["mandate", "code", "title", "description", "version"]
        validators: list[Any] = []  # the services check uniqueness


class MilestoneStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = MilestoneStatus
        fields = ["id", "status", "on", "source", "source_url", "confirmed", "note"]


class MilestoneSerializer(VersionedSerializer):
    status = serializers.SerializerMethodField()
    status_on = serializers.DateField(read_only=True, allow_null=True)
    status_confirmed = serializers.BooleanField(read_only=True, allow_null=True)
    history = MilestoneStatusSerializer(many=True, read_only=True)
    indicators: serializers.Field = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "objective",
            "title",
            "description",
            "target_date",
            "status",
            "status_on",
            "status_confirmed",
            "history",
            "indicators",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_status(self, obj: Milestone) -> str:
        return getattr(obj, "status", None) or MilestoneState.PENDING


class MilestoneInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)
    indicators = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Indicator.objects.all(), required=False
    )

    class Meta:
        model = Milestone
        fields = ["objective", "title", "description", "target_date", "indicators", "version"]
        validators: list[Any] = []


class StatusInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = MilestoneStatus
        fields = ["status", "on", "source", "source_url", "confirmed", "note"]
        validators: list[Any] = []


class IndicatorSerializer(VersionedSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "description",
            "version",
            "created_at",
            "updated_at",
        ]


class IndicatorInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "description", "version"]
        validators: list[Any] = []


VALUE_FIELDS = [
    "id",
    "indicator",
    "indicator_code",
    "commune",
    "date",
    "period_start",
    "value",
    "female",
    "male",
    "breakdown",
    "source",
    "source_url",
    "confidence",
    "published",
    "version",
    "created_at",
    "updated_at",
]


class IndicatorValueSerializer(VersionedSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    commune = serializers.CharField(source="commune_id", read_only=True, allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = VALUE_FIELDS


class IndicatorValueInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)
    commune = serializers.SlugRelatedField(
        slug_field="pcode", queryset=Commune.objects.only("pcode"), required=False, allow_null=True
    )
    breakdown = serializers.DictField(required=False)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "commune",
            "date",
            "period_start",
            "value",
            "female",
            "male",
            "breakdown",
            "source",
            "source_url",
            "confidence",
            "published",
            "version",
        ]
        validators: list[Any] = []


class PublicValueSerializer(serializers.ModelSerializer):
    """A published value as the public reads it (no record history, no author)."""

    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    commune = serializers.CharField(source="commune_id", allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "indicator_name",
            "commune",
            "date",
            "period_start",
            "value",
            "female",
            "male",
            "breakdown",
            "source",
            "source_url",
            "confidence",
        ]
