"""The API's shapes of the registry: output serializers (with id and version) and
input serializers (shape only: the rules are the services')."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    Designation,
    GroupAlias,
    Person,
    PersonAlias,
    Relation,
    Status,
    StatusChange,
    StrengthEstimate,
    Territory,
)
from konbit.core.api import VersionedSerializer, VersionField
from konbit.places.models import Commune

GRADING = ["source", "reliability", "credibility", "review_on"]


class GroupAliasBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupAlias
        fields = ["id", "name", "language", "kind", *GRADING]


class ArmedGroupSerializer(VersionedSerializer):
    aliases = GroupAliasBriefSerializer(many=True, read_only=True)
    status = serializers.ChoiceField(
        choices=Status.choices,
        read_only=True,
        allow_null=True,
        help_text=_("From the status history."),
    )
    incident_count = serializers.IntegerField(read_only=True)
    base_communes: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ArmedGroup
        fields = [
            "id",
            "version",
            "name",
            "aliases",
            "kind",
            "status",
            "incident_count",
            "base_communes",
            "founded_on",
            "founded_precision",
            "operational_on",
            "dissolved_on",
            "description",
            "released_to_hnp",
            "released_at",
            "created_at",
            "updated_at",
        ]


class ArmedGroupInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)
    base_communes = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Commune.objects.all(), required=False
    )

    class Meta:
        model = ArmedGroup
        fields = [
            "version",
            "name",
            "kind",
            "base_communes",
            "founded_on",
            "founded_precision",
            "operational_on",
            "dissolved_on",
            "description",
        ]
        # Uniqueness is the service's (with the aliases' keys): one message.
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"name": {"validators": []}}


class PersonAliasBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonAlias
        fields = ["id", "name", "language", "kind", *GRADING]


class PersonSerializer(VersionedSerializer):
    aliases = PersonAliasBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "version",
            "name",
            "aliases",
            "born_on",
            "born_precision",
            "description",
            "released_to_hnp",
            "released_at",
            "created_at",
            "updated_at",
        ]


class PersonInputSerializer(serializers.ModelSerializer):
    version = VersionField(required=False)

    class Meta:
        model = Person
        fields = ["version", "name", "born_on", "born_precision", "description"]


def _statement_serializers(
    model: type[Any], fields: list[str]
) -> tuple[type[VersionedSerializer], type[serializers.ModelSerializer]]:
    """The output and input serializers of one kind of sourced statement."""
    meta_out = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": ["id", "version", *fields, *GRADING, "created_at", "updated_at"],
        },
    )
    output = type(f"{model.__name__}Serializer", (VersionedSerializer,), {"Meta": meta_out})
    meta_in = type(
        "Meta",
        (),
        {"model": model, "fields": ["version", *fields, *GRADING], "validators": []},
    )
    inputs = type(
        f"{model.__name__}InputSerializer",
        (serializers.ModelSerializer,),
        {"Meta": meta_in, "version": VersionField(required=False)},
    )
    return output, inputs


GroupAliasSerializer, GroupAliasInputSerializer = _statement_serializers(
    GroupAlias, ["group", "name", "language", "kind"]
)
PersonAliasFullSerializer, PersonAliasInputSerializer = _statement_serializers(
    PersonAlias, ["person", "name", "language", "kind"]
)
StrengthSerializer, StrengthInputSerializer = _statement_serializers(
    StrengthEstimate, ["group", "on", "low", "high"]
)
StatusChangeSerializer, StatusChangeInputSerializer = _statement_serializers(
    StatusChange, ["group", "status", "on", "reason", "evidence_incidents", "evidence_operations"]
)
RelationSerializer, RelationInputSerializer = _statement_serializers(
    Relation, ["kind", "person", "member_group", "group", "role", "starts_on", "ends_on", "note"]
)
TerritorySerializer, TerritoryInputSerializer = _statement_serializers(
    Territory, ["group", "commune", "section", "control", "starts_on", "ends_on"]
)
DesignationSerializer, DesignationInputSerializer = _statement_serializers(
    Designation,
    [
        "group",
        "person",
        "authority",
        "programme",
        "instrument",
        "listed_on",
        "delisted_on",
        "reference",
    ],
)


class ActorNameSerializer(serializers.ModelSerializer):
    """``name`` exactly as ACLED writes it; ``group`` and ``suggested_group`` as ids."""

    status = serializers.ChoiceField(
        source="state", choices=ActorName.State.choices, read_only=True
    )

    class Meta:
        model = ActorName
        fields = [
            "id",
            "version",
            "name",
            "events",
            "group",
            "suggested_group",
            "reason",
            "status",
            "link_method",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    version = VersionField()


class LinkSerializer(serializers.Serializer):
    version = VersionField()
    group = serializers.PrimaryKeyRelatedField(
        queryset=ArmedGroup.objects.all(), allow_null=True, help_text=_("null unlinks the name.")
    )


class GroupCountSerializer(serializers.Serializer):
    """An aggregate row: a group and its incidents (what an analyst receives)."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()
    incident_count = serializers.IntegerField()
