"""``/api/v1/seizures/`` (with nested items; release, statistics, tracing export),
``/api/v1/seizure-items/``, ``/api/v1/custody-events/`` (create and read only),
``/api/v1/calibres/`` and ``/api/v1/drug-substances/``. Access is ``policies``';
writes are the services'."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.core.api import RecordViewSet, not_found_unless
from konbit.core.paging import Counted
from konbit.core.policies import policy_for
from konbit.seizures import exports, policies, selectors, stats
from konbit.seizures.filters import CustodyEventFilter, ItemFilter, SeizureFilter
from konbit.seizures.models import (
    Calibre,
    CustodyEvent,
    DrugSubstance,
    EventKind,
    SeizedItem,
    Seizure,
)
from konbit.seizures.serializers import (
    SEIZURE_LIST_VALUES,
    CustodyEventInputSerializer,
    CustodyEventSerializer,
    ItemInputSerializer,
    ItemSerializer,
    ReleaseSerializer,
    SeizureInputSerializer,
    SeizureSerializer,
    seizure_rows,
)
from konbit.seizures.services import custody
from konbit.seizures.services import seizures as services


def _items_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "items", queryset=SeizedItem.objects.select_related("calibre", "substance", "holder")
    )


class SeizureViewSet(RecordViewSet):
    """Seizures with their items. ``POST`` may carry ``items``: the seizure and every
    item are written together, or nothing is."""

    output_serializer = SeizureSerializer
    input_serializer = SeizureInputSerializer
    filterset_class = SeizureFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    policy = policies.SEIZURES
    action_access = {"export": "list", "stats": "aggregate", "release": "release"}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if self.action == "stats":
            # Statistics are aggregates: their own permission, not the records'.
            viewsets.GenericViewSet.initial(self, request, *args, **kwargs)
            not_found_unless(policies.stats_readable(request.user))
            return
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Seizure]:
        return super().get_queryset().prefetch_related(_items_prefetch())

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The slim list: a page of seizures and their items read as values (two
        # queries and the count), no serializer per row; the detail has every field.
        seizures = self.filter_queryset(selectors.seizures_visible_to(request.user))
        # Unfiltered, the total from the counts; filtered, counted over the seizures
        # themselves (a COUNT of the values would keep their joins for nothing).
        total = (
            seizures.order_by().count()
            if self.filtering()
            else selectors.seizures_visible_total(request.user)
        )
        rows: Any = Counted(seizures.values(*SEIZURE_LIST_VALUES), total)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(seizure_rows(page or []))

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Seizure:
        items = data.pop("items", None) or []
        seizure = services.seizure_create(actor=user, data=data, items=items)
        return self.get_queryset().get(pk=seizure.pk)

    def perform_update_record(
        self, user: Any, obj: Seizure, data: dict[str, Any], version: int
    ) -> Seizure:
        if "items" in data:
            raise exceptions.ValidationError(
                {"items": [_("Add or change items at /api/v1/seizure-items/.")]}
            )
        services.seizure_update(actor=user, seizure=obj, data=data, version=version)
        return self.get_queryset().get(pk=obj.pk)

    @action(detail=True, methods=["post"], serializer_class=ReleaseSerializer)
    def release(self, request: Request, pk: str | None = None) -> Response:
        """Release a seizure and its items' custody to the HNP (audited)."""
        seizure = self.policy.get_for(request.user, pk)
        if not policies.can_release(request.user, seizure):
            raise exceptions.PermissionDenied()
        body = ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.seizure_release_to_hnp(
            actor=request.user,  # type: ignore[arg-type]
            seizure=seizure,
            version=body.validated_data["version"],
        )
        return Response(SeizureSerializer(self.get_queryset().get(pk=seizure.pk)).data)

    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=SeizureFilter)
    def stats(self, request: Request) -> Response:
        """Counts, weights and values of items by kind, month, commune, operation and
        contingent, and firearms by make, calibre and country of manufacture, over the
        seizures the user may count (the list's filters apply)."""
        seizures = self.filter_queryset(
            policies.scope_for_stats(request.user, Seizure.objects.all())
        )
        return Response(
            stats.seizure_stats(seizures, by_group=policies.sees_armed_groups(request.user))
        )

    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> HttpResponse | StreamingHttpResponse:
        """``?fmt=csv|xlsx`` (firearms for a tracing request) or ``geojson``
        (seizures), with the list's filters."""
        seizures = self.filter_queryset(self.get_queryset())
        fmt = request.query_params.get("fmt", "csv")
        if fmt not in exports.FORMATS:
            raise exceptions.ValidationError(
                {"fmt": [_("Choose one of: %(f)s.") % {"f": ", ".join(exports.FORMATS)}]}
            )
        return exports.response(request.user, seizures, fmt)


class ItemViewSet(RecordViewSet):
    """Seized items: ``?serial=`` (any part), ``?exhibit=``, ``?kind=``, ``?seizure=``,
    ``?status=``, ``?calibre=``. Created naming their ``seizure``."""

    output_serializer = ItemSerializer
    input_serializer = ItemInputSerializer
    filterset_class = ItemFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    policy = policies.ITEMS

    def get_queryset(self) -> QuerySet[SeizedItem]:
        return super().get_queryset().order_by("exhibit_number")

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> SeizedItem:
        chosen = data.pop("seizure", None)
        seizure = (
            selectors.seizures_visible_to(user).filter(pk=chosen.pk).first() if chosen else None
        )
        if seizure is None:
            raise exceptions.ValidationError({"seizure": [_("Name a seizure you may see.")]})
        if not policies.can_add_item(user, seizure):
            raise exceptions.PermissionDenied()
        item = services.item_create(actor=user, seizure=seizure, data=data)
        return self.get_queryset().get(pk=item.pk)

    def perform_update_record(
        self, user: Any, obj: SeizedItem, data: dict[str, Any], version: int
    ) -> SeizedItem:
        if "seizure" in data and data.pop("seizure") != obj.seizure:
            raise exceptions.ValidationError({"seizure": [_("An item stays in its seizure.")]})
        services.item_update(actor=user, item=obj, data=data, version=version)
        return self.get_queryset().get(pk=obj.pk)


class CustodyEventViewSet(RecordViewSet):
    """The custody log: read, and appended to with ``POST``; never changed or
    deleted. Each entry carries its ``hash`` and ``previous_hash``."""

    output_serializer = CustodyEventSerializer
    input_serializer = CustodyEventInputSerializer
    filterset_class = CustodyEventFilter
    http_method_names = ["get", "post", "head", "options"]

    policy = policies.EVENTS

    def get_queryset(self) -> QuerySet[CustodyEvent]:
        return selectors.events_visible_to(self.request.user)

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> CustodyEvent:
        chosen = data.pop("item")
        kind = data.pop("kind")
        item = selectors.items_visible_to(user).filter(pk=chosen.pk).first()
        if item is None:
            raise exceptions.ValidationError({"item": [_("Name an item you may see.")]})
        if kind in (EventKind.CONFIRMED, EventKind.REFUSED):
            answered = data.get("answers") or item.pending
            if answered is not None and not policies.can_answer(user, answered):
                raise exceptions.PermissionDenied(
                    _("Only the receiver can confirm or refuse this transfer.")
                )
        elif not policies.can_record_custody(user, item):
            raise exceptions.PermissionDenied()
        event = custody.custody_record(actor=user, item=item, kind=kind, data=data)
        return self.get_queryset().get(pk=event.pk)


class CalibreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Calibre
        fields = ["id", "name", "aliases"]


class SubstanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = DrugSubstance
        fields = ["id", "name"]


class CalibreViewSet(RecordViewSet):
    """A reference list (read by every role that reads items; kept by migrations)."""

    output_serializer = CalibreSerializer
    http_method_names = ["get", "head", "options"]
    pagination_class = None
    policy = policy_for(Calibre)

    def get_queryset(self) -> QuerySet[Calibre]:
        return super().get_queryset().order_by("name")


class SubstanceViewSet(RecordViewSet):
    """A reference list (read by every role that reads items; kept by migrations)."""

    output_serializer = SubstanceSerializer
    http_method_names = ["get", "head", "options"]
    pagination_class = None
    policy = policy_for(DrugSubstance)

    def get_queryset(self) -> QuerySet[DrugSubstance]:
        return super().get_queryset().order_by("name")


router = DefaultRouter()
router.include_root_view = False
router.register("seizures", SeizureViewSet, basename="seizure")
router.register("seizure-items", ItemViewSet, basename="seizure-item")
router.register("custody-events", CustodyEventViewSet, basename="custody-event")
router.register("calibres", CalibreViewSet, basename="calibre")
router.register("drug-substances", SubstanceViewSet, basename="drug-substance")
urlpatterns = router.urls
