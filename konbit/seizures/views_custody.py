"""The custody pages: record an entry (transfer, seal, storage, examination,
hand-over, return, disposal, correction), confirm or refuse a transfer, what waits
for the user's answer, what has waited more than 24 hours, the custody register per
holder or store, and the statistics page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.policies import guarded
from konbit.seizures import policies, selectors, stats
from konbit.seizures.filters import SeizureFilter
from konbit.seizures.forms import ENTRY_FORM_FIELDS, AnswerForm, CustodyEntryForm
from konbit.seizures.models import CustodyEvent, EventKind, SeizedItem, Seizure
from konbit.seizures.services import custody

# The entries only the item's holder makes: they hand the item on.
HOLDER_ENTRIES = (
    EventKind.TRANSFERRED,
    EventKind.HANDED_OVER,
    EventKind.RETURNED,
    EventKind.DISPOSED,
)


@login_required
@guarded(CustodyEvent, "record", target=SeizedItem)
def custody_entry(request: HttpRequest, pk: str) -> HttpResponse:
    """A new entry of ``?kind=`` in an item's log (the transfer page among them);
    without a kind, the choice of entries the user may make."""
    item = selectors.item_for_user(request.user, pk)
    policies.require(policies.can_record_custody(request.user, item))
    kind = request.GET.get("kind") or ""
    if kind not in ENTRY_FORM_FIELDS:
        holder = item.holder_id == request.user.pk
        choice: dict[str, Any] = {
            "title": item.exhibit_number,
            "question": _("Which custody entry do you record?"),
            "choices": [
                (value, EventKind(value).label)
                for value in ENTRY_FORM_FIELDS
                if holder or value not in HOLDER_ENTRIES
            ],
            "back": reverse("seizures:item", args=[item.pk]),
        }
        return render(request, "seizures/choose.html", choice)
    form = CustodyEntryForm(request.POST or None, kind=kind, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            custody.custody_record(
                actor=request.user,  # type: ignore[arg-type]
                item=item,
                kind=kind,
                data=form.cleaned_data,
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The custody entry was recorded."))
            return redirect("seizures:item", pk=item.pk)
    context = {
        "form": form,
        "title": f"{item.exhibit_number}: {EventKind(kind).label}",
        "back": reverse("seizures:item", args=[item.pk]),
    }
    return render(request, "seizures/form.html", context)


@login_required
@guarded(CustodyEvent, "answer")
def custody_answer(request: HttpRequest, pk: str) -> HttpResponse:
    """Confirm or refuse a transfer or hand-over, as its receiver."""
    event = policies.EVENTS.get_for(
        request.user, pk, queryset=selectors.events_visible_to(request.user)
    )
    policies.require(policies.can_answer(request.user, event))
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("decision") == "confirm"
        try:
            custody.custody_answer(
                actor=request.user,  # type: ignore[arg-type]
                event=event,
                accept=accept,
                location=form.cleaned_data["location"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Receipt confirmed.") if accept else _("Receipt refused."))
            return redirect("seizures:item", pk=event.item_id)
    return render(request, "seizures/answer.html", {"form": form, "event": event})


@login_required
@guarded(CustodyEvent, "list")
def awaiting(request: HttpRequest) -> HttpResponse:
    """The transfers and hand-overs waiting for this user's answer."""
    policies.EVENTS.require_part(request.user)
    events = selectors.awaiting_answer_from(request.user)
    return render(request, "seizures/awaiting.html", {"events": events})


@login_required
@guarded(SeizedItem, "list")
def overdue(request: HttpRequest) -> HttpResponse:
    """Items whose last transfer or hand-over has waited more than 24 hours."""
    policies.ITEMS.require_part(request.user)
    items = selectors.waiting_too_long(request.user)[:500]
    return render(request, "seizures/overdue.html", {"items": items})


@login_required
@guarded(SeizedItem, "list")
def register(request: HttpRequest) -> HttpResponse:
    """The custody register: an index of holders and stores, or the items one holder
    holds (``?holder=<id>``) or one store keeps (``?store=<place>``)."""
    policies.ITEMS.require_part(request.user)
    holder_id, store = request.GET.get("holder"), request.GET.get("store")
    context: dict[str, object] = {}
    if holder_id:
        holder = selectors.holder_or_404(holder_id)
        context = {"holder": holder, "items": selectors.register_of(request.user, holder=holder)}
    elif store:
        context = {"store": store, "items": selectors.register_of(request.user, location=store)}
    else:
        context = selectors.holders_and_stores(request.user)  # type: ignore[assignment]
    return render(request, "seizures/register.html", context)


@login_required
@guarded(Seizure, "aggregate")
def stats_page(request: HttpRequest) -> HttpResponse:
    """The statistics (aggregates only: the analyst's view of seizures)."""
    if not policies.stats_readable(request.user):
        raise Http404
    found = SeizureFilter(
        request.GET,
        queryset=policies.scope_for_stats(request.user, Seizure.objects.all()),
        request=request,
    )
    seizures = found.qs if found.is_valid() else found.queryset.none()
    figures = stats.seizure_stats(seizures, by_group=policies.sees_armed_groups(request.user))
    by_kind = figures["by_kind"]
    widest = max((row["items"] for row in by_kind), default=0) or 1
    for row in by_kind:
        row["bar"] = round(100 * row["items"] / widest)
    context = {"filter": found, "stats": figures, "query": request.GET.urlencode()}
    return render(request, "seizures/stats.html", context)
