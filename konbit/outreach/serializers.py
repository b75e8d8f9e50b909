"""What the API gives and takes of outreach records. Audiences are counts; nothing
here carries a person's name."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from konbit.core.api import VersionedSerializer, VersionField
from konbit.forces.models import Contingent, Unit
from konbit.outreach.models import Activity, Concern, ConcernCategory, Referral, TopicCode
from konbit.places.models import Commune


class ConcernSerializer(serializers.ModelSerializer):
    class Meta:
        model = Concern
        fields = ["id", "category", "summary", "referral_reference", "created_at"]


class ActivitySerializer(VersionedSerializer):
    commune = serializers.CharField(source="commune_id", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    contingent_code = serializers.CharField(source="contingent.country.iso3", read_only=True)
    topics = serializers.ListField(source="topic_codes", read_only=True)
    children = serializers.IntegerField(read_only=True)
    adults = serializers.IntegerField(read_only=True)
    reached = serializers.IntegerField(read_only=True)
    concerns = ConcernSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "held_on",
            "commune",
            "commune_name",
            "venue",
            "contingent",
            "contingent_code",
            "unit",
            "partners",
            "topics",
            "girls",
            "boys",
            "women",
            "men",
            "children",
            "adults",
            "reached",
            "follow_up",
            "concerns",
            "version",
            "created_at",
            "updated_at",
        ]


class ActivityInputSerializer(serializers.ModelSerializer):
    commune = serializers.SlugRelatedField(
        slug_field="pcode", queryset=Commune.objects.all(), help_text="The commune's P-code."
    )
    contingent = serializers.PrimaryKeyRelatedField(
        queryset=Contingent.objects.all(), required=False
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True
    )
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=TopicCode.choices), required=False
    )
    version = VersionField(required=False)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "held_on",
            "commune",
            "venue",
            "contingent",
            "unit",
            "partners",
            "topics",
            "girls",
            "boys",
            "women",
            "men",
            "follow_up",
            "version",
        ]


class ConcernInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ConcernCategory.choices)
    summary = serializers.CharField(max_length=4000)


class ReferInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ConcernCategory.choices)
    account = serializers.CharField(
        max_length=8000, help_text="What was reported. Never a child's name."
    )


class ReferralSerializer(VersionedSerializer):
    commune = serializers.CharField(source="commune_id", read_only=True)
    contingent_code = serializers.CharField(source="contingent.country.iso3", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "category",
            "account",
            "status",
            "raised_on",
            "activity",
            "activity_kind",
            "commune",
            "contingent",
            "contingent_code",
            "version",
            "created_at",
            "updated_at",
        ]


def data_and_topics(validated: dict[str, Any]) -> tuple[dict[str, Any], list[Any] | None]:
    data = dict(validated)
    data.pop("version", None)
    return data, data.pop("topics", None)


class ReceiveInputSerializer(serializers.Serializer):
    version = VersionField()
