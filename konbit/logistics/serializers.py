"""What the API gives and takes of logistics records. The availability figures are
``availability.figures``' plain dictionaries."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from konbit.core.api import VersionedSerializer, VersionField
from konbit.forces.models import Contingent, Unit
from konbit.logistics.models import Asset, JobKind, MaintenanceJob, Reason, Status, StatusEntry
from konbit.operations.models import Incident, JointOperation
from konbit.places.models import Commune


class AssetSerializer(VersionedSerializer):
    contingent_code = serializers.CharField(source="contingent.country.iso3", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    base_commune_name = serializers.CharField(
        source="base_commune.name", read_only=True, default=None
    )

    class Meta:
        model = Asset
        fields = [
            "id",
            "kind",
            "make_model",
            "identifier",
            "contingent",
            "contingent_code",
            "unit",
            "unit_name",
            "ownership",
            "donor_country",
            "received_on",
            "base_commune",
            "base_commune_name",
            "base_location",
            "notes",
            "status",
            "status_since",
            "version",
            "created_at",
            "updated_at",
        ]


class AssetInputSerializer(serializers.ModelSerializer):
    contingent = serializers.CharField(
        required=False,
        max_length=3,
        help_text="The contingent's ISO 3166-1 alpha-3 code (KEN); a commander's own by default.",
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True
    )
    base_commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), required=False, allow_null=True, help_text="A P-code."
    )
    status = serializers.ChoiceField(
        choices=[Status.OPERATIONAL, Status.DEGRADED, Status.NON_OPERATIONAL],
        required=False,
        help_text="On creation only: the status it was received in (operational by default).",
    )
    version = VersionField(required=False)

    class Meta:
        model = Asset
        fields = [
            "kind",
            "make_model",
            "identifier",
            "contingent",
            "unit",
            "ownership",
            "donor_country",
            "received_on",
            "base_commune",
            "base_location",
            "notes",
            "status",
            "version",
        ]
        # The identifier's uniqueness (case ignored) is the service's rule.
        validators: list[object] = []
        extra_kwargs: dict[str, dict[str, list[object]]] = {"identifier": {"validators": []}}

    def validate_contingent(self, value: str) -> Contingent:
        found = Contingent.objects.filter(country__iso3=value.strip().upper()).first()
        if found is None:
            raise serializers.ValidationError(_("No contingent has the code %(c)s.") % {"c": value})
        return found


class StatusEntrySerializer(VersionedSerializer):
    asset_identifier = serializers.CharField(source="asset.identifier", read_only=True)
    recorded_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    operation_name = serializers.CharField(source="operation.name", read_only=True, default=None)
    incident_key = serializers.CharField(source="incident.source_key", read_only=True, default=None)

    class Meta:
        model = StatusEntry
        fields = [
            "id",
            "asset",
            "asset_identifier",
            "sequence",
            "on",
            "status",
            "reason",
            "incident",
            "incident_key",
            "operation",
            "operation_name",
            "job",
            "note",
            "recorded_by",
            "version",
            "created_at",
            "updated_at",
        ]


class StatusEntryInputSerializer(serializers.Serializer):
    asset = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.all())
    status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.ChoiceField(choices=Reason.choices)
    on = serializers.DateField(required=False, help_text="Today when left out.")
    incident = serializers.PrimaryKeyRelatedField(
        queryset=Incident.objects.all(), required=False, allow_null=True
    )
    operation = serializers.PrimaryKeyRelatedField(
        queryset=JointOperation.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MaintenanceJobSerializer(VersionedSerializer):
    asset_identifier = serializers.CharField(source="asset.identifier", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = MaintenanceJob
        fields = [
            "id",
            "asset",
            "asset_identifier",
            "kind",
            "opened_on",
            "closed_on",
            "is_open",
            "description",
            "workshop",
            "parts_awaited",
            "closing_note",
            "version",
            "created_at",
            "updated_at",
        ]


class MaintenanceJobInputSerializer(serializers.Serializer):
    asset = serializers.PrimaryKeyRelatedField(
        queryset=Asset.objects.all(), required=False, help_text="On creation only."
    )
    kind = serializers.ChoiceField(choices=JobKind.choices, required=False)
    opened_on = serializers.DateField(required=False, help_text="Today when left out.")
    description = serializers.CharField(max_length=4000, required=False)
    workshop = serializers.CharField(max_length=200, required=False, allow_blank=True)
    parts_awaited = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    version = VersionField(required=False)


class CloseJobSerializer(serializers.Serializer):
    version = VersionField()
    closed_on = serializers.DateField(required=False, help_text="Today when left out.")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)
