"""The API conventions every part follows (DESIGN.md, "The API").

Pagination ``{"count", "next", "previous", "results"}``; errors
``{"detail", "errors": {"field": [...]}}``; 401 anonymous, 404 not visible, 403 visible
but not changeable, 409 stale version. ``RecordViewSet`` wires a part's selectors
and services into that shape, so a part's API is mostly declarations.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.core.exceptions import DomainError
from konbit.core.filters import AuditFilter
from konbit.core.models import AuditEntry
from konbit.core.selectors import audit_readable, audit_visible_to


class VersionedSerializer(serializers.ModelSerializer):
    """Output of a tracked record: its id, version and timestamps with its fields.

    Writes take ``version`` separately (see ``RecordViewSet``)."""

    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


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
    """A part's resource, wired to the part's selectors and services.

    Subclasses set the serializers and implement the hooks below; everything else
    (404 for what a user may not see, 403 for what they may see but not change, the
    version check, the audit of sensitive reads) is here once.
    """

    output_serializer: type[serializers.Serializer]
    input_serializer: type[serializers.Serializer] | None = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    # --- hooks ------------------------------------------------------------------
    # Deny by default: a subclass that forgets a hook shows nothing and changes nothing.
    def part_visible(self, user: Any) -> bool:
        """False: the user's role has no access to this part (everything is 404)."""
        return False

    def visible_queryset(self, user: Any) -> models.QuerySet:
        """The part's ``*_visible_to(user)`` selector."""
        return self.output_serializer.Meta.model._default_manager.none()  # type: ignore[attr-defined]

    def can_create(self, user: Any) -> bool:
        return False

    def can_change(self, user: Any, obj: Any) -> bool:
        return False

    def can_delete(self, user: Any, obj: Any) -> bool:
        return False

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Any:
        raise exceptions.MethodNotAllowed("POST")

    def perform_update_record(self, user: Any, obj: Any, data: dict[str, Any], version: int) -> Any:
        raise exceptions.MethodNotAllowed("PATCH")

    def perform_delete_record(self, user: Any, obj: Any, version: int | None) -> None:
        raise exceptions.MethodNotAllowed("DELETE")

    def on_detail_read(self, user: Any, obj: Any) -> None:
        """Called when one record is read (audit of sensitive reads)."""

    # --- plumbing ---------------------------------------------------------------
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not self.part_visible(request.user):
            raise exceptions.NotFound()

    def get_queryset(self) -> models.QuerySet:
        return self.visible_queryset(self.request.user)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in {"create", "update", "partial_update"} and self.input_serializer:
            return self.input_serializer
        return self.output_serializer

    def get_object(self) -> Any:
        obj = super().get_object()
        user = self.request.user
        if self.action in {"update", "partial_update"} and not self.can_change(user, obj):
            raise exceptions.PermissionDenied()
        if self.action == "destroy" and not self.can_delete(user, obj):
            raise exceptions.PermissionDenied()
        return obj

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.on_detail_read(request.user, obj)
        return Response(self.output_serializer(obj, context=self.get_serializer_context()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.can_create(request.user):
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


def not_found_unless(allowed: bool) -> None:
    if not allowed:
        raise exceptions.NotFound()


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

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        not_found_unless(audit_readable(request.user))

    def get_queryset(self) -> models.QuerySet[AuditEntry]:
        return audit_visible_to(self.request.user)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("audit", AuditViewSet, basename="audit")
urlpatterns = router.urls
