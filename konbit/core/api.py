"""The API conventions every part follows (DESIGN.md, "The API").

Pagination ``{"count", "next", "previous", "results"}``; errors
``{"detail", "errors": {"field": [...]}}``; 401 anonymous, 404 not visible, 403 visible
but not changeable, 409 stale version. ``RecordViewSet`` wires a part's selectors
and services into that shape, so a part's API is mostly declarations.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.core.exceptions import DomainError
from konbit.core.filters import AuditFilter
from konbit.core.models import AuditEntry
from konbit.core.paging import asks_a_filter
from konbit.core.policies import Policy, policy_for


class VersionedSerializer(serializers.ModelSerializer):
    """Output of a tracked record: its id, version and timestamps with its fields,
    less the fields the record's policy hides from the reader (``hidden_fields``).

    Writes take ``version`` separately (see ``RecordViewSet``)."""

    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        # Without a request the reader is unknown: hide what the policy hides from
        # a reader without permissions (deny by default).
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name in policy_for(type(instance)).hidden_fields(user, instance):
            data.pop(name, None)
        return data


class VersionField(serializers.IntegerField):
    """The version the client read, required on updates and deletes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "help_text", "The version of the record you read; a stale one is refused with 409."
        )
        super().__init__(**kwargs)


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A part's resource, wired to its entity's policy and the part's services.

    Subclasses set ``policy`` (``policy_for(Model)``), the serializers and the
    ``perform_*_record`` hooks; everything else (404 for what a user may not see, 403
    for what they may see but not change, the version check, the audit of the reads
    the policy names) is here once, decided by the policy.
    """

    policy: ClassVar[Policy[Any]]
    output_serializer: type[serializers.Serializer]
    input_serializer: type[serializers.Serializer] | None = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    # --- hooks ------------------------------------------------------------------
    # Deny by default: a subclass that forgets a write hook changes nothing.
    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Any:
        raise exceptions.MethodNotAllowed("POST")

    def perform_update_record(self, user: Any, obj: Any, data: dict[str, Any], version: int) -> Any:
        raise exceptions.MethodNotAllowed("PATCH")

    def perform_delete_record(self, user: Any, obj: Any, version: int | None) -> None:
        raise exceptions.MethodNotAllowed("DELETE")

    def read_fields(self) -> Iterable[str] | None:
        """The fields a read returns, for the policy's read audit."""
        return list(self.get_serializer().fields)  # type: ignore[attr-defined]

    # --- plumbing ---------------------------------------------------------------
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.policy.part_visible(request.user):
            raise exceptions.NotFound()

    def get_queryset(self) -> models.QuerySet:
        return self.policy.visible(self.request.user)

    def filtering(self) -> bool:
        """Whether the request names one of the filters of ``filterset_class`` (without
        one, whether the filter backends may have something to do)."""
        filterset = getattr(self, "filterset_class", None)
        if filterset is None:
            return True
        return asks_a_filter(filterset, self.request.query_params)

    def filter_queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        # Without a filter parameter django-filter would build (and deep-copy) its
        # filters and form on every request only to filter nothing.
        if not self.filtering():
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in {"create", "update", "partial_update"} and self.input_serializer:
            return self.input_serializer
        return self.output_serializer

    def get_object(self) -> Any:
        obj = super().get_object()
        user = self.request.user
        if self.action in {"update", "partial_update"} and not self.policy.can_change(user, obj):
            raise exceptions.PermissionDenied()
        if self.action == "destroy" and not self.policy.can_delete(user, obj):
            raise exceptions.PermissionDenied()
        return obj

    def record_reads(self, records: Iterable[Any]) -> None:
        """Audit the read of ``records`` if the policy says so (before the answer)."""
        self.policy.record_reads(self.request.user, records, fields=self.read_fields())

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        records = list(page if page is not None else queryset)
        self.record_reads(records)
        data = self.get_serializer(records, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.record_reads([obj])
        return Response(self.get_serializer(obj).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.policy.can_create(request.user):
            raise exceptions.PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.perform_create_record(request.user, dict(serializer.validated_data))
        body = self.output_serializer(obj, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            version = _version_from(request)
        obj = self.perform_update_record(request.user, obj, data, version)
        return Response(self.output_serializer(obj, context=self.get_serializer_context()).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.perform_delete_record(request.user, obj, _version_from(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def not_found_unless(allowed: bool) -> None:
    if not allowed:
        raise exceptions.NotFound()


def _version_from(request: Request) -> int:
    """The version a write names, from the body, ``?version=`` or ``If-Match``."""
    raw = None
    if isinstance(request.data, dict):
        raw = request.data.get("version")
    raw = raw or request.query_params.get("version") or request.headers.get("If-Match")
    try:
        return int(str(raw).strip('"W/ '))
    except (TypeError, ValueError):
        raise DomainError(
            _("Send the version of the record you are changing."),
            errors={"version": [_("This field is required.")]},
        ) from None


# --- The audit trail -----------------------------------------------------------------


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_username")

    class Meta:
        model = AuditEntry
        fields = ["at", "actor", "action", "target_type", "target_id", "changes"]


class AuditViewSet(viewsets.ReadOnlyModelViewSet):
    """``GET /api/v1/audit/?target=<uuid>``: who did what to a record, readable by the
    roles that may read the records it describes."""

    serializer_class = AuditEntrySerializer
    filterset_class = AuditFilter
    lookup_field = "id"

    policy = policy_for(AuditEntry)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.policy.part_visible(request.user):
            raise exceptions.NotFound()

    def get_queryset(self) -> models.QuerySet[AuditEntry]:
        return self.policy.visible(self.request.user)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("audit", AuditViewSet, basename="audit")
urlpatterns = router.urls
