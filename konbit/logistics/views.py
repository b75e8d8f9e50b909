"""The logistics pages: assets (list with filters, detail with log and jobs, create,
edit, export), the status change form (a few taps on a phone), opening and closing
a maintenance job, and the availability figures. Each asks its entity's policy;
writes go through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.htmx import render_page
from konbit.core.paging import filters_of
from konbit.core.policies import guarded
from konbit.logistics import availability, policies, selectors, services
from konbit.logistics.api import EXPORT_FORMATS, export_response, figures_period
from konbit.logistics.filters import AssetFilter, FiguresFilter
from konbit.logistics.forms import AssetForm, CloseJobForm, FiguresForm, JobForm, StatusForm
from konbit.logistics.models import Asset, MaintenanceJob, Status

PAGE_SIZE = 50
ASSETS, JOBS = policies.ASSETS, policies.JOBS


def _filtered(request: HttpRequest) -> AssetFilter:
    return AssetFilter(request.GET, queryset=ASSETS.visible(request.user), user=request.user)


@guarded(Asset, "list")
@login_required
def asset_list(request: HttpRequest) -> HttpResponse:
    ASSETS.require_part(request.user)
    found = _filtered(request)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": found,
        "page": page,
        "query": filters_of(request),
        "can_create": ASSETS.can_create(request.user),
        "can_import": ASSETS.allows(request.user, "import"),
    }
    return render_page(
        request, "logistics/asset_list.html", context, partial="logistics/_asset_rows.html"
    )


@guarded(Asset, "list")
@login_required
def asset_export(request: HttpRequest) -> HttpResponse:
    """The list (its filters apply) as ``?fmt=csv`` or ``xlsx``."""
    ASSETS.require_part(request.user)
    fmt = request.GET.get("fmt", "csv")
    found = _filtered(request)
    if fmt not in EXPORT_FORMATS or found.problems():
        messages.error(request, _("Choose CSV or XLSX, and filters without errors."))
        return redirect(reverse("logistics:assets") + "?" + filters_of(request))
    return export_response(request.user, found.qs, fmt)


@guarded(Asset, "detail")
@login_required
def asset_detail(request: HttpRequest, pk: str) -> HttpResponse:
    asset = selectors.asset_with_history(request.user, pk)
    can_change = ASSETS.can_change(request.user, asset)
    jobs = list(asset.jobs.all())
    context = {
        "asset": asset,
        "log": list(asset.log.all()),
        "jobs": jobs,
        "open_job": next((job for job in jobs if job.is_open), None),
        "can_change": can_change,
        "written_off": asset.status == Status.WRITTEN_OFF,
    }
    return render(request, "logistics/asset_detail.html", context)


def _asset_form_page(request: HttpRequest, asset: Asset | None) -> HttpResponse:
    form = AssetForm(request.POST or None, instance=asset, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if asset is None:
                    saved = services.asset_create(
                        actor=request.user,  # type: ignore[arg-type]
                        data=form.record_data(),
                    )
                else:
                    saved = services.asset_update(
                        actor=request.user,  # type: ignore[arg-type]
                        asset=Asset.objects.get(pk=asset.pk),
                        data=form.record_data(),
                        version=form.cleaned_data.get("version"),
                    )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The asset was saved."))
                return redirect("logistics:asset", pk=saved.pk)
    context = {
        "form": form,
        "title": _("New asset") if asset is None else _("Edit asset %(i)s") % {"i": asset},
        "back": reverse("logistics:asset", args=[asset.pk]) if asset else "",
    }
    return render(request, "logistics/form.html", context, status=status)


@guarded(Asset, "create")
@login_required
def asset_create(request: HttpRequest) -> HttpResponse:
    ASSETS.require_part(request.user)
    ASSETS.require(request.user, "create")
    return _asset_form_page(request, None)


@guarded(Asset, "change")
@login_required
def asset_edit(request: HttpRequest, pk: str) -> HttpResponse:
    return _asset_form_page(request, ASSETS.get_for(request.user, pk, write=True))


@guarded(Asset, "change")
@login_required
def status_new(request: HttpRequest, pk: str) -> HttpResponse:
    """Record a status change: a breakdown reported from the field in a few taps."""
    asset = ASSETS.get_for(request.user, pk, write=True)
    form = StatusForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.status_record(
                    actor=request.user,  # type: ignore[arg-type]
                    asset=asset,
                    **form.cleaned_data,
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The status change was recorded."))
                return redirect("logistics:asset", pk=asset.pk)
    context = {"form": form, "asset": asset, "title": _("Record a status change")}
    return render(request, "logistics/status_form.html", context, status=status)


@guarded(Asset, "change")
@login_required
def job_new(request: HttpRequest, pk: str) -> HttpResponse:
    """Open a maintenance job: the asset goes in maintenance."""
    asset = ASSETS.get_for(request.user, pk, write=True)
    form = JobForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.job_open(
                    actor=request.user,  # type: ignore[arg-type]
                    asset=asset,
                    data=form.cleaned_data,
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The maintenance job was opened."))
                return redirect("logistics:asset", pk=asset.pk)
    context = {"form": form, "asset": asset, "title": _("Open a maintenance job")}
    return render(request, "logistics/status_form.html", context, status=status)


@guarded(MaintenanceJob, "change")
@login_required
def job_close(request: HttpRequest, pk: str) -> HttpResponse:
    """Close a maintenance job: the asset is operational again."""
    job = JOBS.get_for(request.user, pk, write=True)
    if not job.is_open:
        messages.info(request, _("This job is closed already."))
        return redirect("logistics:asset", pk=job.asset_id)
    form = CloseJobForm(request.POST or None, initial={"version": job.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.job_close(
                    actor=request.user,  # type: ignore[arg-type]
                    job=job,
                    version=form.cleaned_data["version"],
                    closed_on=form.cleaned_data.get("closed_on"),
                    note=form.cleaned_data.get("note", ""),
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The job was closed; the asset is operational."))
                return redirect("logistics:asset", pk=job.asset_id)
    context = {"form": form, "asset": job.asset, "job": job, "title": _("Close the job")}
    return render(request, "logistics/status_form.html", context, status=status)


@guarded(Asset, "aggregate")
@login_required
def availability_page(request: HttpRequest) -> HttpResponse:
    """The availability figures (aggregates only: the analyst's page too)."""
    if not policies.figures_readable(request.user):
        raise Http404
    dates = FiguresForm(request.GET or None)
    assets = policies.scope_for_figures(request.user, Asset.objects.all())
    found = FiguresFilter(request.GET or None, queryset=assets, user=request.user)
    period = figures_period(request.GET)
    figures = None
    if not isinstance(period, dict) and not found.problems():
        day, since, until = period
        figures = availability.figures(found.qs, day=day, since=since, until=until)
        for row in figures["by_month"]:
            row["bar"] = round(row["available_share"] or 0)
        for row in figures["by_kind"]:
            row["bar"] = round(row["available_share"] or 0)
    context = {"dates": dates, "filter": found, "figures": figures}
    return render(request, "logistics/availability.html", context)
