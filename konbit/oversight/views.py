"""The oversight pages. For oversight officers: complaints (list with filters,
detail with the status history, create, edit, change status), the figures, and the
referrals from outreach to open as complaints. For the public, without an account:
file a complaint, follow one with its code. Each asks the entity's policy; writes go
through the services."""

from __future__ import annotations

from typing import Any

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
from konbit.core.policies import OPEN, guarded, policy_for
from konbit.outreach.models import Referral
from konbit.oversight import services
from konbit.oversight.figures import complaint_figures
from konbit.oversight.filters import ComplaintFilter
from konbit.oversight.forms import ComplaintForm, FileForm, FollowForm, StatusForm
from konbit.oversight.models import Complaint, public_status
from konbit.oversight.selectors import complaint_by_code, referrals_to_open
from konbit.oversight.throttles import FileThrottle, FollowThrottle, allowed

PAGE_SIZE = 50
COMPLAINTS = policy_for(Complaint)
REFERRALS = policy_for(Referral)


def _filtered(request: HttpRequest) -> tuple[ComplaintFilter, Any]:
    found = ComplaintFilter(
        request.GET, queryset=COMPLAINTS.visible(request.user), user=request.user
    )
    return found, found.qs


# --- oversight officers -------------------------------------------------------------


@guarded(Complaint, "list")
@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    COMPLAINTS.require_part(request.user)
    found, complaints = _filtered(request)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    COMPLAINTS.record_reads(request.user, list(page))
    context = {
        "filter": found,
        "page": page,
        "query": filters_of(request),
        "can_create": COMPLAINTS.can_create(request.user),
    }
    return render_page(
        request, "oversight/complaint_list.html", context, partial="oversight/_rows.html"
    )


@guarded(Complaint, "detail")
@login_required
def complaint_detail(request: HttpRequest, pk: str) -> HttpResponse:
    complaint = COMPLAINTS.get_for(request.user, pk)
    COMPLAINTS.record_reads(request.user, [complaint])
    context = {
        "complaint": complaint,
        "history": complaint.history.select_related("created_by"),
        "can_change": COMPLAINTS.can_change(request.user, complaint),
        "next_statuses": services.allowed_statuses(complaint),
    }
    return render(request, "oversight/complaint_detail.html", context)


@guarded(Complaint, "create")
@login_required
def complaint_create(request: HttpRequest) -> HttpResponse:
    COMPLAINTS.require_part(request.user)
    COMPLAINTS.require(request.user, "create")
    form = ComplaintForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                complaint = services.complaint_create(
                    actor=request.user,  # type: ignore[arg-type]
                    data=form.record_data(),
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("The complaint was recorded as %(ref)s.") % {"ref": complaint.reference},
                )
                return redirect("oversight:complaint", pk=complaint.pk)
    context = {"form": form, "title": _("New complaint"), "back": reverse("oversight:complaints")}
    return render(request, "oversight/form.html", context, status=status)


@guarded(Complaint, "change")
@login_required
def complaint_edit(request: HttpRequest, pk: str) -> HttpResponse:
    complaint = COMPLAINTS.get_for(request.user, pk, write=True)
    if request.method != "POST":
        COMPLAINTS.record_reads(request.user, [complaint])
    form = ComplaintForm(request.POST or None, instance=complaint, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.complaint_update(
                    actor=request.user,  # type: ignore[arg-type]
                    complaint=Complaint.objects.get(pk=complaint.pk),
                    data=form.record_data(),
                    version=form.cleaned_data.get("version"),
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The complaint was saved."))
                return redirect("oversight:complaint", pk=complaint.pk)
    context = {
        "form": form,
        "title": _("Edit complaint %(ref)s") % {"ref": complaint.reference},
        "back": reverse("oversight:complaint", args=[pk]),
    }
    return render(request, "oversight/form.html", context, status=status)


@guarded(Complaint, "change")
@login_required
def complaint_status(request: HttpRequest, pk: str) -> HttpResponse:
    """Move the complaint to its next status: a new entry of its history."""
    complaint = COMPLAINTS.get_for(request.user, pk, write=True)
    if request.method != "POST":
        COMPLAINTS.record_reads(request.user, [complaint])
    allowed_now = services.allowed_statuses(complaint)
    form = StatusForm(
        request.POST or None, allowed=allowed_now, initial={"version": complaint.version}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.complaint_change_status(
                    actor=request.user,  # type: ignore[arg-type]
                    complaint=complaint,
                    status=data["status"],
                    version=data["version"],
                    note=data["note"],
                    changed_at=data["changed_at"],
                    referred_to=data["referred_to"],
                    referred_to_whom=data["referred_to_whom"],
                    referred_reference=data["referred_reference"],
                )
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("The status was changed."))
                return redirect("oversight:complaint", pk=complaint.pk)
    context = {
        "form": form,
        "complaint": complaint,
        "title": _("Change the status of %(ref)s") % {"ref": complaint.reference},
        "back": reverse("oversight:complaint", args=[pk]),
    }
    return render(request, "oversight/form.html", context, status=status)


@guarded(Complaint, "list")
@login_required
def complaint_figures_page(request: HttpRequest) -> HttpResponse:
    COMPLAINTS.require_part(request.user)
    found, complaints = _filtered(request)
    context = {
        "filter": found,
        "query": filters_of(request),
        "figures": complaint_figures(complaints),
    }
    return render(request, "oversight/figures.html", context)


@guarded(Complaint, "create")
@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referrals from outreach not yet opened as complaints."""
    COMPLAINTS.require_part(request.user)
    COMPLAINTS.require(request.user, "create")
    page = Paginator(referrals_to_open(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    REFERRALS.record_reads(request.user, list(page))
    return render(request, "oversight/referrals.html", {"page": page})


@guarded(Complaint, "create", target=Referral)
@login_required
@require_POST
def referral_open(request: HttpRequest, pk: str) -> HttpResponse:
    """Open a complaint from a referral (marking it received if it is not yet)."""
    COMPLAINTS.require_part(request.user)
    referral = REFERRALS.get_for(request.user, pk)
    COMPLAINTS.require(request.user, "create", referral=referral)
    opened: list[Complaint] = []

    def act(version: int) -> None:
        opened.append(
            services.complaint_from_referral(
                actor=request.user,  # type: ignore[arg-type]
                referral=referral,
                version=version,
            )
        )

    response = record_action(
        request,
        act=act,
        done=_("A complaint was opened from the referral."),
        back=reverse("oversight:referrals"),
    )
    if opened:
        return redirect("oversight:complaint", pk=opened[0].pk)
    return response


# --- the public, without an account -------------------------------------------------


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    context = {"minutes": max(1, (wait + 59) // 60)}
    return render(request, "oversight/public_throttled.html", context, status=429)


@guarded(OPEN)
def file_complaint(request: HttpRequest) -> HttpResponse:
    """File a complaint (anonymous allowed): on success, the code, shown once."""
    form = FileForm(request.POST or None)
    status = 200
    if request.method == "POST":
        go_on, wait = allowed(FileThrottle, request)
        if not go_on:
            return _too_many(request, wait)
        status = 400
        if form.is_valid():
            try:
                complaint = services.complaint_file(data=form.cleaned_data)
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                response = render(
                    request, "oversight/public_filed.html", {"code": complaint.reference}
                )
                response["Cache-Control"] = "no-store"
                return response
    return render(request, "oversight/public_file.html", {"form": form}, status=status)


@guarded(OPEN)
def follow_complaint(request: HttpRequest) -> HttpResponse:
    """The public status of a complaint and the date of its last change, by its
    code: nothing else, and "no complaint with this code" for any other code."""
    form = FollowForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        go_on, wait = allowed(FollowThrottle, request)
        if not go_on:
            return _too_many(request, wait)
        status = 400
        if form.is_valid():
            found = complaint_by_code(form.cleaned_data["code"])
            status = 200 if found else 404
            context["searched"] = True
            if found:
                context["code"] = found["reference"]
                context["public_status"] = public_status(found["status"]).label
                context["since"] = found["status_changed_at"]
    response = render(request, "oversight/public_follow.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
