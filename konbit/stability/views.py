"""The stability pages: the results tree, milestones (with their history), indicators
(a chart per commune), values (list, filter, edit), the choropleth map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.htmx import render_page
from konbit.core.policies import guarded, policy_for
from konbit.places.models import Commune
from konbit.stability import figures, forms, selectors, services
from konbit.stability.filters import MilestoneFilter, ValueFilter
from konbit.stability.models import Indicator, IndicatorValue, Milestone, Objective

PAGE_SIZE = 50
MILESTONES = policy_for(Milestone)
OBJECTIVES = policy_for(Objective)
INDICATORS = policy_for(Indicator)
VALUES = policy_for(IndicatorValue)


def _actor(request: HttpRequest) -> Any:
    """The signed-in user (``login_required`` has run) as the services' actor."""
    return request.user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    back: str,
) -> HttpResponse:
    """A create or edit form: saved through ``save`` (a service), else shown again
    with the service's messages (400, or 409 for a stale version)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = save(form.record_data())
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(done(obj))
        else:
            status = 400
    context = {"form": form, "title": title, "back": back}
    return render(request, "stability/form.html", context, status=status)


# --- the results tree and milestones ------------------------------------------------------


@guarded(Milestone, "list")
@login_required
def tree(request: HttpRequest) -> HttpResponse:
    """Objectives and their milestones with each one's current status."""
    MILESTONES.require_part(request.user)
    found = MilestoneFilter(
        request.GET,
        queryset=MILESTONES.visible(request.user).order_by(
            "objective__code", "target_date", "title"
        ),
    )
    found.form.fields["objective"].queryset = OBJECTIVES.visible(request.user)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": found,
        "page": page,
        "today": timezone.localdate(),
        "can_create": MILESTONES.can_create(request.user),
        "can_create_objective": OBJECTIVES.can_create(request.user),
    }
    return render_page(
        request, "stability/tree.html", context, partial="stability/_milestone_rows.html"
    )


@guarded(Milestone, "detail")
@login_required
def milestone_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    milestone = MILESTONES.get_for(request.user, pk)
    can_change = MILESTONES.can_change(request.user, milestone)
    context = {
        "object": milestone,
        "history": list(milestone.history.all()),
        "indicators": list(milestone.indicators.all()),
        "can_change": can_change,
        "status_form": forms.StatusForm(initial={"on": timezone.localdate()})
        if can_change
        else None,
    }
    return render(request, "stability/milestone_detail.html", context)


@guarded(Milestone, "change")
@login_required
@require_POST
def milestone_status(request: HttpRequest, pk: Any) -> HttpResponse:
    """Add a dated, sourced entry to a milestone's history."""
    milestone = MILESTONES.get_for(request.user, pk, write=True)
    form = forms.StatusForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.milestone_status_add(
                actor=_actor(request), milestone=milestone, data=dict(form.cleaned_data)
            )
        except DomainError as exc:
            status = show_refusal(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("stability:milestone", args=[milestone.pk]))
    context = {
        "object": milestone,
        "history": list(milestone.history.all()),
        "indicators": list(milestone.indicators.all()),
        "can_change": True,
        "status_form": form,
    }
    return render(request, "stability/milestone_detail.html", context, status=status)


@guarded(Milestone, "create")
@login_required
def milestone_create(request: HttpRequest) -> HttpResponse:
    MILESTONES.require_part(request.user)
    MILESTONES.require(request.user, "create")
    form = forms.MilestoneForm(_posted(request), user=request.user, initial=request.GET.dict())
    return _form_page(
        request,
        form,
        title=_("New milestone"),
        save=lambda data: services.milestone_create(actor=_actor(request), data=data),
        done=lambda obj: reverse("stability:milestone", args=[obj.pk]),
        back=reverse("stability:tree"),
    )


@guarded(Milestone, "change")
@login_required
def milestone_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    milestone = MILESTONES.get_for(request.user, pk, write=True)
    form = forms.MilestoneForm(_posted(request), instance=milestone, user=request.user)
    return _form_page(
        request,
        form,
        title=_("Edit milestone"),
        save=lambda data: services.milestone_update(
            actor=_actor(request),
            milestone=milestone,
            data=data,
            version=form.cleaned_data.get("version") or 0,
        ),
        done=lambda obj: reverse("stability:milestone", args=[obj.pk]),
        back=reverse("stability:milestone", args=[milestone.pk]),
    )


@guarded(Objective, "create")
@login_required
def objective_create(request: HttpRequest) -> HttpResponse:
    OBJECTIVES.require_part(request.user)
    OBJECTIVES.require(request.user, "create")
    form = forms.ObjectiveForm(_posted(request), user=request.user)
    return _form_page(
        request,
        form,
        title=_("New objective"),
        save=lambda data: services.objective_create(actor=_actor(request), data=data),
        done=lambda obj: reverse("stability:tree") + f"?objective={obj.pk}",
        back=reverse("stability:tree"),
    )


@guarded(Objective, "change")
@login_required
def objective_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    objective = OBJECTIVES.get_for(request.user, pk, write=True)
    form = forms.ObjectiveForm(_posted(request), instance=objective, user=request.user)
    return _form_page(
        request,
        form,
        title=_("Edit objective"),
        save=lambda data: services.objective_update(
            actor=_actor(request),
            objective=objective,
            data=data,
            version=form.cleaned_data.get("version") or 0,
        ),
        done=lambda obj: reverse("stability:tree") + f"?objective={obj.pk}",
        back=reverse("stability:tree"),
    )


# --- indicators -----------------------------------------------------------------------------


@guarded(Indicator, "list")
@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    INDICATORS.require_part(request.user)
    page = Paginator(INDICATORS.visible(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_create": INDICATORS.can_create(request.user),
        "can_import": VALUES.allows(request.user, "import"),
    }
    return render(request, "stability/indicators.html", context)


@guarded(Indicator, "detail")
@login_required
def indicator_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """An indicator's figure over time, national or for a chosen commune."""
    indicator = INDICATORS.get_for(request.user, pk)
    choice = forms.SeriesForm(request.GET or None)
    commune = choice.cleaned_data.get("commune") if choice.is_valid() else None
    values = selectors.values_visible_to(request.user).filter(indicator=indicator)
    points = figures.series(values, commune.pk if commune else None)
    chart = [{"date": p["date"].isoformat(), "value": p["value"]} for p in points]
    communes = (
        values.filter(commune__isnull=False)
        .order_by()
        .values_list("commune_id", flat=True)
        .distinct()
        .count()
    )
    context = {
        "object": indicator,
        "choice": choice,
        "commune": commune,
        "points": list(reversed(points))[:200],
        "chart": chart,
        "communes": communes,
        "chart_text": {"value": str(indicator.name)},
        "can_change": INDICATORS.can_change(request.user, indicator),
    }
    return render(request, "stability/indicator_detail.html", context)


@guarded(Indicator, "create")
@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    INDICATORS.require_part(request.user)
    INDICATORS.require(request.user, "create")
    form = forms.IndicatorForm(_posted(request), user=request.user)
    return _form_page(
        request,
        form,
        title=_("New indicator"),
        save=lambda data: services.indicator_create(actor=_actor(request), data=data),
        done=lambda obj: reverse("stability:indicator", args=[obj.pk]),
        back=reverse("stability:indicators"),
    )


@guarded(Indicator, "change")
@login_required
def indicator_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    indicator = INDICATORS.get_for(request.user, pk, write=True)
    form = forms.IndicatorForm(_posted(request), instance=indicator, user=request.user)
    return _form_page(
        request,
        form,
        title=_("Edit indicator"),
        save=lambda data: services.indicator_update(
            actor=_actor(request),
            indicator=indicator,
            data=data,
            version=form.cleaned_data.get("version") or 0,
        ),
        done=lambda obj: reverse("stability:indicator", args=[obj.pk]),
        back=reverse("stability:indicator", args=[indicator.pk]),
    )


# --- values ------------------------------------------------------------------------------------


@guarded(IndicatorValue, "list")
@login_required
def values(request: HttpRequest) -> HttpResponse:
    VALUES.require_part(request.user)
    found = ValueFilter(request.GET, queryset=VALUES.visible(request.user), request=request)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": found,
        "page": page,
        "can_create": VALUES.can_create(request.user),
    }
    return render_page(
        request, "stability/values.html", context, partial="stability/_value_rows.html"
    )


@guarded(IndicatorValue, "detail")
@login_required
def value_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    value = VALUES.get_for(request.user, pk)
    context = {"object": value, "can_change": VALUES.can_change(request.user, value)}
    return render(request, "stability/value_detail.html", context)


@guarded(IndicatorValue, "create")
@login_required
def value_create(request: HttpRequest) -> HttpResponse:
    VALUES.require_part(request.user)
    VALUES.require(request.user, "create")
    form = forms.ValueForm(_posted(request), user=request.user, initial=request.GET.dict())
    return _form_page(
        request,
        form,
        title=_("New indicator value"),
        save=lambda data: services.value_create(actor=_actor(request), data=data),
        done=lambda obj: reverse("stability:value", args=[obj.pk]),
        back=reverse("stability:values"),
    )


@guarded(IndicatorValue, "change")
@login_required
def value_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    value = VALUES.get_for(request.user, pk, write=True)
    form = forms.ValueForm(_posted(request), instance=value, user=request.user)
    return _form_page(
        request,
        form,
        title=_("Edit indicator value"),
        save=lambda data: services.value_update(
            actor=_actor(request),
            value=value,
            data=data,
            version=form.cleaned_data.get("version") or 0,
        ),
        done=lambda obj: reverse("stability:value", args=[obj.pk]),
        back=reverse("stability:value", args=[value.pk]),
    )


# --- the map -------------------------------------------------------------------------------------


@guarded(Indicator, "list")
@login_required
def indicator_map(request: HttpRequest) -> HttpResponse:
    """A choropleth of the communes' figures of an indicator at a date (the data
    comes from ``/api/v1/indicators/<id>/map/``)."""
    INDICATORS.require_part(request.user)
    visible = INDICATORS.visible(request.user)
    default = visible.filter(code="idps").first() or visible.first()
    initial = {"indicator": default, "date": timezone.localdate()}
    choice = forms.MapForm(request.GET or None, indicators=visible, initial=initial)
    indicator, day = default, timezone.localdate()
    if choice.is_valid():
        indicator, day = choice.cleaned_data["indicator"], choice.cleaned_data["date"]
    context = {
        "choice": choice,
        "indicator": indicator,
        "day": day,
        "data_url": reverse("api:indicator-map", args=[indicator.pk]) if indicator else "",
        "communes_url": "/api/v1/places/communes/geojson/",
        "tile_url": getattr(settings, "KONBIT_MAP_TILE_URL", "") or "",
        "communes_total": Commune.objects.count(),
        "map_text": {
            "none": _("No figure"),
            "loading": _("Loading…"),
            "error": _("The figures could not be loaded."),
            "as_of": _("as of"),
            "shown": _("Communes with a figure:"),
        },
    }
    return render(request, "stability/map.html", context)
