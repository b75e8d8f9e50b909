"""The outreach pages: activities (list with filters, detail, create, edit), the
concern form (record it, or refer it to oversight in one action), statistics, the
map, and the referrals oversight reads. Each asks its entity's policy; writes go
through the services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konbit.core.actions import record_action
from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.htmx import render_page
from konbit.core.paging import filters_of
from konbit.core.policies import guarded, policy_for
from konbit.outreach import services
from konbit.outreach.api import with_details
from konbit.outreach.filters import ActivityFilter
from konbit.outreach.forms import ActivityForm, ConcernForm
from konbit.outreach.models import (
    REFERRED_CATEGORIES,
    Activity,
    ConcernCategory,
    Referral,
    ReferralStatus,
)
from konbit.outreach.stats import activity_stats

PAGE_SIZE = 50
ACTIVITIES = policy_for(Activity)
REFERRALS = policy_for(Referral)


def _filtered(request: HttpRequest) -> tuple[ActivityFilter, Any]:
    """The filter set and the activities it lets through (none while a filter has
    an error, which the page names: ``core/_filter_problems.html``)."""
    found = ActivityFilter(
        request.GET, queryset=ACTIVITIES.visible(request.user), user=request.user
    )
    return found, found.qs


@guarded(Activity, "list")
@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    ACTIVITIES.require_part(request.user)
    found, activities = _filtered(request)
    page = Paginator(with_details(activities), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": found,
        "page": page,
        "query": filters_of(request),
        "can_create": ACTIVITIES.can_create(request.user),
    }
    return render_page(
        request, "outreach/activity_list.html", context, partial="outreach/_activity_rows.html"
    )


@guarded(Activity, "detail")
@login_required
def activity_detail(request: HttpRequest, pk: str) -> HttpResponse:
    activity = ACTIVITIES.get_for(
        request.user, pk, queryset=with_details(ACTIVITIES.visible(request.user))
    )
    context = {
        "activity": activity,
        "audiences": [
            (_("Children"), activity.girls, activity.boys, activity.children),
            (_("Adults"), activity.women, activity.men, activity.adults),
            (
                _("All"),
                activity.girls + activity.women,
                activity.boys + activity.men,
                activity.reached,
            ),
        ],
        "can_change": ACTIVITIES.can_change(request.user, activity),
        "can_refer": ACTIVITIES.allows(request.user, "refer", activity),
    }
    return render(request, "outreach/activity_detail.html", context)


@guarded(Activity, "create")
@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    ACTIVITIES.require_part(request.user)
    ACTIVITIES.require(request.user, "create")
    form = ActivityForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data, topics = form.record_data()
            try:
                activity = services.activity_create(
                    actor=request.user,  # type: ignore[arg-type]
                    data=data,
                    topics=topics,
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The activity was recorded."))
                return redirect("outreach:activity", pk=activity.pk)
    context = {"form": form, "title": _("New outreach activity")}
    return render(request, "outreach/form.html", context, status=status)


@guarded(Activity, "change")
@login_required
def activity_edit(request: HttpRequest, pk: str) -> HttpResponse:
    activity = ACTIVITIES.get_for(request.user, pk, write=True)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data, topics = form.record_data()
            try:
                services.activity_update(
                    actor=request.user,  # type: ignore[arg-type]
                    activity=Activity.objects.get(pk=activity.pk),
                    data=data,
                    version=form.cleaned_data.get("version"),
                    topics=topics,
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The activity was saved."))
                return redirect("outreach:activity", pk=activity.pk)
    context = {
        "form": form,
        "title": _("Edit outreach activity"),
        "back": reverse("outreach:activity", args=[pk]),
    }
    return render(request, "outreach/form.html", context, status=status)


@guarded(Activity, "change")
@login_required
def concern_new(request: HttpRequest, pk: str) -> HttpResponse:
    """Record a community concern raised at the activity, or refer a concern to
    oversight (the "Refer to oversight" button): one action, which leaves only the
    referral's reference on the activity."""
    activity = ACTIVITIES.get_for(request.user, pk, write=True)
    can_refer = ACTIVITIES.allows(request.user, "refer", activity)
    form = ConcernForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            refer = "refer" in request.POST
            category, text = form.cleaned_data["category"], form.cleaned_data["text"]
            try:
                if refer:
                    ACTIVITIES.require(request.user, "refer", activity)
                    concern = services.concern_refer(
                        actor=request.user,  # type: ignore[arg-type]
                        activity=activity,
                        category=category,
                        account=text,
                    )
                else:
                    services.concern_raise(
                        actor=request.user,  # type: ignore[arg-type]
                        activity=activity,
                        category=category,
                        summary=text,
                    )
            except DomainError as exc:
                if "summary" in exc.errors or "account" in exc.errors:
                    exc.errors["text"] = exc.errors.pop("summary", exc.errors.pop("account", []))
                status = show_refusal(form, exc)
            else:
                if refer:
                    messages.success(
                        request,
                        _("Referred to oversight as %(ref)s.")
                        % {"ref": concern.referral_reference},
                    )
                else:
                    messages.success(request, _("The concern was recorded."))
                return redirect("outreach:activity", pk=activity.pk)
    context = {
        "form": form,
        "activity": activity,
        "can_refer": can_refer,
        "referred": [
            str(label) for value, label in ConcernCategory.choices if value in REFERRED_CATEGORIES
        ],
    }
    return render(request, "outreach/concern_form.html", context, status=status)


@guarded(Activity, "list")
@login_required
def activity_stats_page(request: HttpRequest) -> HttpResponse:
    ACTIVITIES.require_part(request.user)
    found, activities = _filtered(request)
    stats = activity_stats(activities)
    context = {
        "filter": found,
        "query": filters_of(request),
        "stats": stats,
        "chart_text": {
            "activities": _("Activities"),
            "children": _("Children reached"),
            "adults": _("Adults reached"),
            "reached": _("People reached"),
        },
    }
    return render(request, "outreach/stats.html", context)


@guarded(Activity, "list")
@login_required
def activity_map(request: HttpRequest) -> HttpResponse:
    """The communes shaded by the activities held there (the filters apply)."""
    ACTIVITIES.require_part(request.user)
    found, activities = _filtered(request)
    stats = activity_stats(activities)
    context = {
        "filter": found,
        "query": filters_of(request),
        "by_commune": stats["by_commune"],
        "total": stats["total"],
        "tile_url": getattr(settings, "KONBIT_MAP_TILE_URL", "") or "",
        "communes_url": "/api/v1/places/communes/geojson/",
        "map_text": {
            "activities": _("Activities"),
            "reached": _("People reached"),
            "children": _("Children"),
            "adults": _("Adults"),
            "open": _("The commune's activities"),
            "none": _("No activity"),
        },
    }
    return render(request, "outreach/map.html", context)


@guarded(Referral, "list")
@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    REFERRALS.require_part(request.user)
    page = Paginator(REFERRALS.visible(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    REFERRALS.record_reads(request.user, list(page))
    return render(request, "outreach/referral_list.html", {"page": page})


@guarded(Referral, "detail")
@login_required
def referral_detail(request: HttpRequest, pk: str) -> HttpResponse:
    referral = REFERRALS.get_for(request.user, pk)
    REFERRALS.record_reads(request.user, [referral])
    can_receive = (
        REFERRALS.allows(request.user, "receive", referral)
        and referral.status != ReferralStatus.RECEIVED
    )
    return render(
        request,
        "outreach/referral_detail.html",
        {"referral": referral, "can_receive": can_receive},
    )


@guarded(Referral, "receive")
@login_required
@require_POST
def referral_receive(request: HttpRequest, pk: str) -> HttpResponse:
    """Oversight confirms it received the referral (the "Mark as received" button)."""
    referral = REFERRALS.get_for(request.user, pk)
    REFERRALS.require(request.user, "receive", referral)
    return record_action(
        request,
        act=lambda version: services.referral_receive(
            actor=request.user,  # type: ignore[arg-type]
            referral=referral,
            version=version,
        ),
        done=_("The referral is marked as received by oversight."),
        back=reverse("outreach:referral", args=[referral.pk]),
    )
