"""``/api/v1/armed-groups/`` (with ``release``, ``export?fmt=ftm`` and the
analyst's ``/api/v1/armed-group-counts/``), ``actor-persons``, ``actor-relations``,
``territories``, ``designations``, the statements (``group-aliases``,
``person-aliases``, ``status-changes``, ``strength-estimates``) and
``actor-names`` (with ``confirm``, ``reject`` and ``link``). Access is the
policies'; rules are the services'."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.actors import ftm, policies
from konbit.actors import serializers as s
from konbit.actors.filters import (
    ActorNameFilter,
    ArmedGroupFilter,
    DesignationFilter,
    PersonFilter,
    RelationFilter,
    TerritoryFilter,
)
from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    Designation,
    GroupAlias,
    Person,
    PersonAlias,
    Relation,
    StatusChange,
    StrengthEstimate,
    Territory,
)
from konbit.actors.selectors import group_counts, with_current_status, with_incident_count
from konbit.actors.services import registry, resolver
from konbit.core import audit
from konbit.core.api import RecordViewSet
from konbit.core.exceptions import DomainError
from konbit.core.policies import guarded


class _PolicyViewSet(RecordViewSet):
    """A registry resource: every access decision is its entity's policy."""

    model: ClassVar[type[Model]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "model" in cls.__dict__:
            cls.policy = policies.policy_for(cls.model)


class ArmedGroupViewSet(_PolicyViewSet):
    """Armed groups with their aliases, derived status and incident count;
    ``?search=`` over names and aliases, ``?member_of=<coalition id>&on=<date>``."""

    model = ArmedGroup
    output_serializer = s.ArmedGroupSerializer
    input_serializer = s.ArmedGroupInputSerializer
    filterset_class = ArmedGroupFilter
    action_access: ClassVar[dict[str, str]] = {"export": "list", "release": "release"}

    def get_queryset(self) -> QuerySet[ArmedGroup]:
        groups = with_incident_count(with_current_status(self.policy.visible(self.request.user)))
        return groups.prefetch_related("aliases", "base_communes").order_by("name")

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> ArmedGroup:
        communes = data.pop("base_communes", [])
        data.pop("version", None)
        group = registry.group_create(actor=user, data=data, base_communes=communes)
        return self.get_queryset().get(pk=group.pk)

    def perform_update_record(
        self, user: Any, obj: ArmedGroup, data: dict[str, Any], version: int
    ) -> ArmedGroup:
        communes = data.pop("base_communes", None)
        registry.group_update(
            actor=user, group=obj, data=data, version=version, base_communes=communes
        )
        return self.get_queryset().get(pk=obj.pk)

    def perform_delete_record(self, user: Any, obj: ArmedGroup, version: int | None) -> None:
        registry.group_delete(actor=user, group=obj, version=version)

    @extend_schema(request=s.DecisionSerializer, responses=s.ArmedGroupSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        """Release the group to the HNP (hq_staff, mission_admin; audited)."""
        group = self.policy.get_for(request.user, pk)
        self.policy.require(request.user, "release", group)
        body = s.DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registry.release_to_hnp(
            actor=request.user,  # type: ignore[arg-type]
            record=group,
            version=body.validated_data["version"],
        )
        return Response(s.ArmedGroupSerializer(self.get_queryset().get(pk=group.pk)).data)

    @extend_schema(
        parameters=[OpenApiParameter("fmt", str, enum=["ftm"])],
        responses={(200, "application/json"): str},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> StreamingHttpResponse:
        """``?fmt=ftm``: the registry this user may see as FollowTheMoney entities
        (JSON lines). Persons go only to readers of persons, and their read is
        audited; the export itself is one audit entry."""
        if request.query_params.get("fmt", "ftm") != "ftm":
            raise exceptions.ValidationError({"fmt": [_("Choose one of: %(f)s.") % {"f": "ftm"}]})
        user = request.user
        groups = self.filter_queryset(self.get_queryset())
        persons = policies.policy_for(Person).visible(user).prefetch_related("aliases")
        relations = policies.policy_for(Relation).visible(user)
        designations = policies.policy_for(Designation).visible(user)
        person_list = list(persons)
        policies.policy_for(Person).record_reads(user, person_list)
        aliases = [alias for person in person_list for alias in person.aliases.all()]
        policies.policy_for(PersonAlias).record_reads(user, aliases, related=False)
        audit.record_export(
            actor=user,  # type: ignore[arg-type]
            domain="actors",
            target_type="actors.armedgroup",
            count=groups.count(),
            detail=f"fmt=ftm, {len(person_list)} persons",
        )
        response = StreamingHttpResponse(
            ftm.lines(
                groups=groups,
                persons=person_list,
                relations=relations,
                designations=designations,
            ),
            content_type="application/x-ndjson",
        )
        name = f"armed-groups-{timezone.now():%Y%m%d}.ftm.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@guarded(ArmedGroup, "aggregate")
class GroupCountView(ListAPIView):
    """``/api/v1/armed-group-counts/``: incidents by group, the aggregate every
    reader of the part gets (the analyst's only view of it: no person)."""

    serializer_class = s.GroupCountSerializer
    filterset_class = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not policies.policy_for(ArmedGroup).allows(request.user, "aggregate"):
            raise exceptions.NotFound()

    def get_queryset(self) -> QuerySet[ArmedGroup]:
        return group_counts()


class PersonViewSet(_PolicyViewSet):
    """Persons of interest; every read is audited, and the analyst gets none."""

    model = Person
    output_serializer = s.PersonSerializer
    input_serializer = s.PersonInputSerializer
    filterset_class = PersonFilter
    action_access: ClassVar[dict[str, str]] = {"release": "release"}

    def get_queryset(self) -> QuerySet[Person]:
        return self.policy.visible(self.request.user).prefetch_related("aliases").order_by("name")

    def record_reads(self, records: Any) -> None:
        """A person is returned with the aliases: the reads of both are audited."""
        records = list(records)
        super().record_reads(records)
        aliases = [alias for person in records for alias in person.aliases.all()]
        policies.policy_for(PersonAlias).record_reads(self.request.user, aliases, related=False)

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Person:
        data.pop("version", None)
        return registry.person_create(actor=user, data=data)

    def perform_update_record(
        self, user: Any, obj: Person, data: dict[str, Any], version: int
    ) -> Person:
        return registry.person_update(actor=user, person=obj, data=data, version=version)

    def perform_delete_record(self, user: Any, obj: Person, version: int | None) -> None:
        registry.person_delete(actor=user, person=obj, version=version)

    @extend_schema(request=s.DecisionSerializer, responses=s.PersonSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        """Release the person to the HNP (hq_staff, mission_admin; audited)."""
        person = self.policy.get_for(request.user, pk)
        self.policy.require(request.user, "release", person)
        body = s.DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = registry.release_to_hnp(
            actor=request.user,  # type: ignore[arg-type]
            record=person,
            version=body.validated_data["version"],
        )
        return Response(s.PersonSerializer(person).data)


class _StatementViewSet(_PolicyViewSet):
    """A kind of sourced statement: written through the registry's statement services."""

    m2m_fields: ClassVar[tuple[str, ...]] = ()

    def _split(self, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
        data.pop("version", None)
        m2m = {name: data.pop(name) for name in self.m2m_fields if name in data}
        return data, (m2m or None)

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Any:
        fields, m2m = self._split(data)
        model: Any = self.model
        return registry.statement_create(actor=user, model=model, data=fields, m2m=m2m)

    def perform_update_record(self, user: Any, obj: Any, data: dict[str, Any], version: int) -> Any:
        fields, m2m = self._split(data)
        return registry.statement_update(
            actor=user, statement=obj, data=fields, version=version, m2m=m2m
        )

    def perform_delete_record(self, user: Any, obj: Any, version: int | None) -> None:
        registry.statement_delete(actor=user, statement=obj, version=version)


def _statements(
    model_: type[Model],
    output: type[serializers.Serializer],
    inputs: type[serializers.Serializer],
    filterset: Any = None,
    m2m: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
) -> type[_StatementViewSet]:
    class ViewSet(_StatementViewSet):
        model = model_
        output_serializer = output
        input_serializer = inputs
        filterset_class = filterset
        m2m_fields = m2m

        def get_queryset(self) -> QuerySet[Any]:
            queryset = self.policy.visible(self.request.user)
            if m2m:
                queryset = queryset.prefetch_related(*m2m)
            return queryset.order_by("pk") if not related else queryset.order_by(*related, "pk")

    ViewSet.__name__ = ViewSet.__qualname__ = f"{model_.__name__}ViewSet"
    ViewSet.__doc__ = f"{model_._meta.verbose_name_plural}: sourced and graded statements."
    return ViewSet


RelationViewSet = _statements(
    Relation, s.RelationSerializer, s.RelationInputSerializer, RelationFilter, related=("group",)
)
TerritoryViewSet = _statements(
    Territory,
    s.TerritorySerializer,
    s.TerritoryInputSerializer,
    TerritoryFilter,
    related=("group",),
)
DesignationViewSet = _statements(
    Designation, s.DesignationSerializer, s.DesignationInputSerializer, DesignationFilter
)
GroupAliasViewSet = _statements(GroupAlias, s.GroupAliasSerializer, s.GroupAliasInputSerializer)
PersonAliasViewSet = _statements(
    PersonAlias, s.PersonAliasFullSerializer, s.PersonAliasInputSerializer
)
StatusChangeViewSet = _statements(
    StatusChange,
    s.StatusChangeSerializer,
    s.StatusChangeInputSerializer,
    m2m=("evidence_incidents", "evidence_operations"),
)
StrengthViewSet = _statements(StrengthEstimate, s.StrengthSerializer, s.StrengthInputSerializer)


class ActorNameViewSet(_PolicyViewSet):
    """Every distinct actor name seen in incidents: ``?status=linked|suggested|unresolved``.
    Written only through its decisions: ``confirm``, ``reject``, ``link``."""

    model = ActorName
    output_serializer = s.ActorNameSerializer
    filterset_class = ActorNameFilter
    action_access: ClassVar[dict[str, str]] = {
        "confirm": "resolve",
        "reject": "resolve",
        "link": "resolve",
    }
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[ActorName]:
        return self.policy.visible(self.request.user).order_by("-events", "name")

    def _decide(self, request: Request, pk: str | None, decision: str) -> Response:
        name = self.policy.get_for(request.user, pk)
        self.policy.require(request.user, "resolve", name)
        body_class = s.LinkSerializer if decision == "link" else s.DecisionSerializer
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        version = body.validated_data["version"]
        user: Any = request.user
        if decision == "confirm":
            name = resolver.actor_name_confirm(actor=user, name=name, version=version)
        elif decision == "reject":
            name = resolver.actor_name_reject(actor=user, name=name, version=version)
        else:
            group = body.validated_data["group"]
            if (
                group is not None
                and not policies.policy_for(ArmedGroup).visible(user).filter(pk=group.pk).exists()
            ):
                raise DomainError(_("Unknown group."), errors={"group": [_("Unknown group.")]})
            name = resolver.actor_name_link(actor=user, name=name, group=group, version=version)
        return Response(s.ActorNameSerializer(name).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.ActorNameSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Accept the suggested group: all the name's incidents are linked to it."""
        return self._decide(request, pk, "confirm")

    @extend_schema(request=s.DecisionSerializer, responses=s.ActorNameSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Turn the suggestion down; it is never made again for this name."""
        return self._decide(request, pk, "reject")

    @extend_schema(request=s.LinkSerializer, responses=s.ActorNameSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: str | None = None) -> Response:
        """Link the name to a group of your choice (``group: null`` unlinks it)."""
        return self._decide(request, pk, "link")


router = DefaultRouter()
router.include_root_view = False
router.register("armed-groups", ArmedGroupViewSet, basename="armed-group")
router.register("actor-persons", PersonViewSet, basename="actor-person")
router.register("actor-relations", RelationViewSet, basename="actor-relation")
router.register("territories", TerritoryViewSet, basename="territory")
router.register("designations", DesignationViewSet, basename="designation")
router.register("group-aliases", GroupAliasViewSet, basename="group-alias")
router.register("person-aliases", PersonAliasViewSet, basename="person-alias")
router.register("status-changes", StatusChangeViewSet, basename="status-change")
router.register("strength-estimates", StrengthViewSet, basename="strength-estimate")
router.register("actor-names", ActorNameViewSet, basename="actor-name")

urlpatterns = [
    path("armed-group-counts/", GroupCountView.as_view(), name="armed-group-counts"),
    *router.urls,
]
