"""What the API gives and takes of complaints. The public serializers carry the
public's fields only, and the public's answer is the code and the public status."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from konbit.core.api import VersionedSerializer, VersionField
from konbit.forces.models import Contingent
from konbit.oversight.models import (
    Category,
    Complaint,
    Nature,
    PublicStatus,
    ReferredTo,
    Status,
    StatusChange,
    public_status,
)
from konbit.oversight.services import COMPLAINT_FIELDS
from konbit.places.models import Commune


class ComplaintStatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="created_by.username", default="", read_only=True)

    class Meta:
        model = StatusChange
        fields = [
            "status",
            "changed_at",
            "note",
            "referred_to",
            "referred_to_whom",
            "referred_reference",
            "actor",
        ]


class ComplaintSerializer(VersionedSerializer):
    commune = serializers.CharField(source="commune_id", read_only=True, allow_null=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True, default=None)
    contingent_code = serializers.CharField(
        source="contingent.country.iso3", read_only=True, default=None
    )
    child_victim = serializers.BooleanField(read_only=True)
    public_status = serializers.ChoiceField(choices=PublicStatus.choices, read_only=True)
    history = ComplaintStatusChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "received_at",
            "channel",
            "category",
            "nature",
            "occurred_on",
            "commune",
            "commune_name",
            "place",
            "contingent",
            "contingent_code",
            "description",
            "complainant_name",
            "complainant_contact",
            "consent_to_contact",
            "victim_sex",
            "victim_age_group",
            "child_victim",
            "status",
            "status_changed_at",
            "public_status",
            "referral",
            "history",
            "version",
            "created_at",
            "updated_at",
        ]


class ComplaintInputSerializer(serializers.ModelSerializer):
    commune = serializers.SlugRelatedField(
        slug_field="pcode",
        queryset=Commune.objects.all(),
        required=False,
        allow_null=True,
        help_text="The commune's P-code.",
    )
    contingent = serializers.PrimaryKeyRelatedField(
        queryset=Contingent.objects.all(), required=False, allow_null=True
    )
    version = VersionField(required=False)

    class Meta:
        model = Complaint
        fields = [*COMPLAINT_FIELDS, "version"]


class ComplaintStatusInputSerializer(serializers.Serializer):
    version = VersionField()
    status = serializers.ChoiceField(choices=Status.choices)
    changed_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    referred_to = serializers.ChoiceField(
        choices=ReferredTo.choices, required=False, allow_blank=True
    )
    referred_to_whom = serializers.CharField(required=False, allow_blank=True, max_length=200)
    referred_reference = serializers.CharField(required=False, allow_blank=True, max_length=100)


class PublicFileSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    nature = serializers.ChoiceField(choices=Nature.choices, required=False)
    description = serializers.CharField(max_length=8000)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    commune = serializers.SlugRelatedField(
        slug_field="pcode",
        queryset=Commune.objects.all(),
        required=False,
        allow_null=True,
        help_text="The commune's P-code.",
    )
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    complainant_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    complainant_contact = serializers.CharField(required=False, allow_blank=True, max_length=200)
    consent_to_contact = serializers.BooleanField(required=False, default=False)


class PublicStatusSerializer(serializers.Serializer):
    """All the public learns of a complaint."""

    reference = serializers.CharField()
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    public_status_label = serializers.CharField()
    last_change = serializers.DateField()

    @staticmethod
    def of(row: dict[str, Any]) -> dict[str, Any]:
        state = public_status(row["status"])
        return {
            "reference": row["reference"],
            "public_status": state.value,
            "public_status_label": str(state.label),
            "last_change": timezone.localtime(row["status_changed_at"]).date(),
        }
