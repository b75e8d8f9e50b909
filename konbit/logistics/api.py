"""``/api/v1/assets/`` (with ``availability/`` and ``export/``),
``/api/v1/asset-status/`` (create and read, never update or delete) and
``/api/v1/maintenance-jobs/`` (with ``close``). Access is ``policies``'; writes are
the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from konbit.core.api import RecordViewSet, not_found_unless
from konbit.logistics import availability, policies, register, selectors, services
from konbit.logistics.filters import AssetFilter, FiguresFilter
from konbit.logistics.forms import FiguresForm
from konbit.logistics.models import Asset, MaintenanceJob, StatusEntry
from konbit.logistics.serializers import (
    AssetInputSerializer,
    AssetSerializer,
    CloseJobSerializer,
    MaintenanceJobInputSerializer,
    MaintenanceJobSerializer,
    StatusEntryInputSerializer,
    StatusEntrySerializer,
)

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def figures_period(params: Any) -> tuple[dt.date, dt.date, dt.date] | dict[str, list[str]]:
    """The date and months of the figures from ``?on=&since=&until=`` (today, and
    the twelve months to today, by default), or the errors by parameter."""
    form = FiguresForm(params)
    if not form.is_valid():
        return {name: [str(e) for e in errors] for name, errors in form.errors.items()}
    today = services.today()
    day = form.cleaned_data.get("on") or today
    until = form.cleaned_data.get("until") or today
    since = form.cleaned_data.get("since") or (until.replace(day=1) - dt.timedelta(days=334))
    if since > until:
        return {"since": [_("The start of the period is after its end.")]}
    return day, since.replace(day=1), until


def export_response(user: Any, assets: QuerySet[Asset], fmt: str) -> HttpResponse:
    content = register.register_export(actor=user, assets=assets, fmt=fmt)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
    name = f"assets-{services.today():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class AssetViewSet(RecordViewSet):
    """Vehicles and equipment: ``?kind=``, ``?status=``, ``?contingent=`` (code or
    name), ``?commune=`` (the base's P-code or name), ``?identifier=``. Created with
    the first entry of their log (received); their status changes through
    ``/api/v1/asset-status/``. Never deleted: written off."""

    output_serializer = AssetSerializer
    input_serializer = AssetInputSerializer
    filterset_class = AssetFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    policy = policies.ASSETS
    action_access = {"availability": "aggregate", "export": "list"}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if self.action == "availability":
            # Aggregates: their own permission, not the records' (the analyst's).
            viewsets.GenericViewSet.initial(self, request, *args, **kwargs)
            not_found_unless(policies.figures_readable(request.user))
            return
        super().initial(request, *args, **kwargs)

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> Asset:
        data.pop("version", None)
        status = data.pop("status", None) or "operational"
        asset = services.asset_create(actor=user, data=data, status=status)
        return self.get_queryset().get(pk=asset.pk)

    def perform_update_record(
        self, user: Any, obj: Asset, data: dict[str, Any], version: int
    ) -> Asset:
        if "status" in data:
            raise exceptions.ValidationError(
                {"status": [_("Record a status change at /api/v1/asset-status/.")]}
            )
        services.asset_update(actor=user, asset=obj, data=data, version=version)
        return self.get_queryset().get(pk=obj.pk)

    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=FiguresFilter)
    def availability(self, request: Request) -> Response:
        """Aggregates only: the assets held and operational by kind and by kind and
        contingent on ``?on=`` (today by default); with ``?since=`` and/or ``?until=``
        (a period: the twelve months to ``until`` when ``since`` is left out), by
        month too (days held, days operational, breakdowns). ``?kind=`` and
        ``?contingent=`` narrow them."""
        period = figures_period(request.query_params)
        if isinstance(period, dict):
            raise exceptions.ValidationError(period)
        day, since, until = period
        assets = policies.scope_for_figures(request.user, Asset.objects.all())
        found = FiguresFilter(request.query_params, queryset=assets, request=request)
        if not found.is_valid():
            raise exceptions.ValidationError(found.errors)
        months = bool(request.query_params.get("since") or request.query_params.get("until"))
        return Response(
            availability.figures(found.qs, day=day, since=since, until=until, months=months)
        )

    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> HttpResponse:
        """The register as ``?fmt=csv`` or ``xlsx`` (formula-safe), with the list's
        filters; importing it back changes nothing."""
        fmt = request.query_params.get("fmt", "csv")
        if fmt not in EXPORT_FORMATS:
            raise exceptions.ValidationError(
                {"fmt": [_("Choose one of: %(f)s.") % {"f": ", ".join(EXPORT_FORMATS)}]}
            )
        return export_response(request.user, self.filter_queryset(self.get_queryset()), fmt)


class StatusEntryViewSet(RecordViewSet):
    """The status log: read, and appended to with ``POST`` (``asset``, ``status``,
    ``reason``, ``on``, ``incident``, ``operation``, ``note``); never changed or
    deleted: a mistake is corrected by a new entry (reason ``correction``)."""

    output_serializer = StatusEntrySerializer
    input_serializer = StatusEntryInputSerializer
    http_method_names = ["get", "post", "head", "options"]

    policy = policies.ENTRIES

    def get_queryset(self) -> QuerySet[StatusEntry]:
        queryset = super().get_queryset().order_by("-on", "-sequence")
        asset = self.request.query_params.get("asset")
        if self.action == "list" and asset:
            queryset = queryset.filter(asset_id=_uuid_or_400(asset, "asset"))
        return queryset

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> StatusEntry:
        asset = _visible_asset(user, data.pop("asset"))
        if not self.policy.can_create(user, asset=asset):
            raise exceptions.PermissionDenied()
        entry = services.status_record(actor=user, asset=asset, **data)
        return self.get_queryset().get(pk=entry.pk)


class MaintenanceJobViewSet(RecordViewSet):
    """Maintenance jobs: opened with ``POST`` (``asset``, ``kind``, ``opened_on``,
    ``description``, ``workshop``, ``parts_awaited``: the asset goes in maintenance),
    changed while open (description, workshop, parts awaited), closed with
    ``POST .../close/`` (the asset is operational again). Never deleted."""

    output_serializer = MaintenanceJobSerializer
    input_serializer = MaintenanceJobInputSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    policy = policies.JOBS
    action_access = {"close": "change"}

    def get_queryset(self) -> QuerySet[MaintenanceJob]:
        queryset = super().get_queryset()
        asset = self.request.query_params.get("asset")
        if self.action == "list" and asset:
            queryset = queryset.filter(asset_id=_uuid_or_400(asset, "asset"))
        if self.action == "list" and self.request.query_params.get("open") == "true":
            queryset = queryset.filter(closed_on__isnull=True)
        return queryset

    def perform_create_record(self, user: Any, data: dict[str, Any]) -> MaintenanceJob:
        data.pop("version", None)
        if "asset" not in data:
            raise exceptions.ValidationError({"asset": [_("This field is required.")]})
        asset = _visible_asset(user, data.pop("asset"))
        if not self.policy.can_create(user, asset=asset):
            raise exceptions.PermissionDenied()
        job = services.job_open(actor=user, asset=asset, data=data)
        return self.get_queryset().get(pk=job.pk)

    def perform_update_record(
        self, user: Any, obj: MaintenanceJob, data: dict[str, Any], version: int
    ) -> MaintenanceJob:
        services.job_update(actor=user, job=obj, data=data, version=version)
        return self.get_queryset().get(pk=obj.pk)

    @action(detail=True, methods=["post"], serializer_class=CloseJobSerializer)
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the job (``version``, ``closed_on``, ``note``): the log records
        "repaired" or "maintenance completed" and the asset is operational."""
        job = self.policy.get_for(request.user, pk, write=True)
        body = CloseJobSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.job_close(
            actor=request.user,  # type: ignore[arg-type]
            job=job,
            **body.validated_data,
        )
        return Response(
            MaintenanceJobSerializer(
                self.get_queryset().get(pk=job.pk), context=self.get_serializer_context()
            ).data
        )


def _visible_asset(user: Any, chosen: Asset) -> Asset:
    asset = selectors.assets_visible_to(user).filter(pk=chosen.pk).first()
    if asset is None:
        raise exceptions.ValidationError({"asset": [_("Name an asset you may see.")]})
    return asset


def _uuid_or_400(value: str, name: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise exceptions.ValidationError({name: [_("Not a valid id.")]}) from None


router = DefaultRouter()
router.include_root_view = False
router.register("assets", AssetViewSet, basename="asset")
router.register("asset-status", StatusEntryViewSet, basename="asset-status")
router.register("maintenance-jobs", MaintenanceJobViewSet, basename="maintenance-job")
urlpatterns = router.urls
