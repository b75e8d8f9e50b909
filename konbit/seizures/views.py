"""The seizure and item pages: list (filters, htmx partial), detail, create, edit
(version checked), release to the HNP; an item's page with its chain of custody and
whether it verifies. Reads through the selectors, writes through the services,
access through ``policies``."""

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
from konbit.core.paging import Counted, asks_a_filter
from konbit.core.policies import guarded
from konbit.operations.selectors import incidents_visible_to
from konbit.places.selectors import commune_by_pcode, commune_name_of
from konbit.seizures import chain, policies, selectors
from konbit.seizures.filters import SeizureFilter
from konbit.seizures.forms import ItemForm, SeizureForm
from konbit.seizures.models import ItemKind, SeizedItem, Seizure
from konbit.seizures.services import seizures as services

PAGE_SIZE = 50


@login_required
@guarded(Seizure, "list")
def seizure_list(request: HttpRequest) -> HttpResponse:
    policies.SEIZURES.require_part(request.user)
    found = SeizureFilter(
        request.GET, queryset=selectors.seizures_visible_to(request.user), request=request
    )
    seizures: Any = found.qs if found.is_valid() else found.queryset.none()
    seizures = seizures.annotate(commune_name=commune_name_of("commune_pcode"))
    if not asks_a_filter(SeizureFilter, request.GET):
        # Unfiltered: the total from the counts rather than a COUNT of every seizure.
        seizures = Counted(seizures, selectors.seizures_visible_total(request.user))
    page = Paginator(seizures, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": found,
        "page": page,
        "can_create": policies.can_create_seizure(request.user),
        "query": request.GET.urlencode(),
    }
    return render_page(
        request, "seizures/seizure_list.html", context, partial="seizures/_seizure_rows.html"
    )


@login_required
@guarded(Seizure, "detail")
def seizure_detail(request: HttpRequest, pk: str) -> HttpResponse:
    policies.SEIZURES.require_part(request.user)
    seizure = selectors.seizure_for_user(request.user, pk)
    items = seizure.items.select_related("calibre", "substance", "holder").order_by(
        "exhibit_number"
    )
    context = {
        "seizure": seizure,
        "commune": commune_by_pcode(seizure.commune_pcode),
        "items": items,
        "can_change": policies.can_change_seizure(request.user, seizure),
        "can_add_item": policies.can_add_item(request.user, seizure),
        "can_release": policies.can_release(request.user, seizure),
        "kinds": ItemKind.choices,
        "shows_group": policies.sees_armed_groups(request.user),
        # The incident it came from, if this user may read it (the incident's policy).
        "incident": (
            incidents_visible_to(request.user).filter(pk=seizure.incident_id).first()
            if seizure.incident_id
            else None
        ),
    }
    return render(request, "seizures/seizure_detail.html", context)


@login_required
@guarded(Seizure, "create")
def seizure_create(request: HttpRequest) -> HttpResponse:
    policies.SEIZURES.require_part(request.user)
    policies.require(policies.can_create_seizure(request.user))
    form = SeizureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            seizure = services.seizure_create(
                actor=request.user,  # type: ignore[arg-type]
                data=form.changed_data_dict(),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The seizure was recorded. Now add its items."))
            return redirect("seizures:detail", pk=seizure.pk)
    return render(request, "seizures/form.html", {"form": form, "title": _("New seizure")})


@login_required
@guarded(Seizure, "change")
def seizure_edit(request: HttpRequest, pk: str) -> HttpResponse:
    policies.SEIZURES.require_part(request.user)
    seizure = selectors.seizure_for_user(request.user, pk, write=True)
    form = SeizureForm(
        request.POST or None,
        instance=seizure,
        user=request.user,
        initial={"version": seizure.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.seizure_update(
                actor=request.user,  # type: ignore[arg-type]
                seizure=seizure,
                data=form.changed_data_dict(),
                version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The seizure was saved."))
            return redirect("seizures:detail", pk=seizure.pk)
    context = {"form": form, "title": _("Edit seizure"), "back": seizure_url(seizure.pk)}
    return render(request, "seizures/form.html", context)


def seizure_url(pk: Any) -> str:
    return reverse("seizures:detail", args=[pk])


@login_required
@require_POST
@guarded(Seizure, "release")
def seizure_release(request: HttpRequest, pk: str) -> HttpResponse:
    policies.SEIZURES.require_part(request.user)
    seizure = selectors.seizure_for_user(request.user, pk)
    policies.require(policies.can_release(request.user, seizure))
    return record_action(
        request,
        act=lambda version: services.seizure_release_to_hnp(
            actor=request.user,  # type: ignore[arg-type]
            seizure=seizure,
            version=version,
        ),
        done=_("The seizure was released to the HNP."),
        back=reverse("seizures:detail", args=[seizure.pk]),
    )


@login_required
@guarded(SeizedItem, "create", target=Seizure)
def item_create(request: HttpRequest, pk: str) -> HttpResponse:
    """Step 1: choose the kind (one tap on a phone); step 2: the fields of that kind."""
    policies.SEIZURES.require_part(request.user)
    seizure = selectors.seizure_for_user(request.user, pk)
    policies.require(policies.can_add_item(request.user, seizure))
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in ItemKind.values:
        choice: dict[str, Any] = {
            "title": _("Add an item"),
            "question": _("What was seized?"),
            "choices": ItemKind.choices,
            "back": seizure_url(seizure.pk),
        }
        return render(request, "seizures/choose.html", choice)
    form = ItemForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=request.user,  # type: ignore[arg-type]
                seizure=seizure,
                data=form.changed_data_dict(),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Item %(n)s was recorded.") % {"n": item.exhibit_number})
            if request.POST.get("another"):
                return redirect(f"{request.path}?kind={kind}")
            return redirect("seizures:detail", pk=seizure.pk)
    context = {
        "form": form,
        "title": _("New item: %(kind)s") % {"kind": ItemKind(kind).label},
        "back": seizure_url(seizure.pk),
        "another": True,
    }
    return render(request, "seizures/form.html", context)


@login_required
@guarded(SeizedItem, "detail")
def item_detail(request: HttpRequest, pk: str) -> HttpResponse:
    item = selectors.item_for_user(request.user, pk)
    check = next(chain.verify([item]))
    entries = list(selectors.chain_of(item))
    pending = item.pending if item.pending_id else None
    context = {
        "item": item,
        "entries": entries,
        "check": check,
        "can_change": policies.can_change_item(request.user, item),
        "can_record": policies.can_record_custody(request.user, item),
        "is_holder": item.holder_id == request.user.pk,
        "pending": pending,
        "can_answer": pending is not None and policies.can_answer(request.user, pending),
    }
    return render(request, "seizures/item_detail.html", context)


@login_required
@guarded(SeizedItem, "change")
def item_edit(request: HttpRequest, pk: str) -> HttpResponse:
    item = selectors.item_for_user(request.user, pk, write=True)
    form = ItemForm(
        request.POST or None, instance=item, kind=item.kind, initial={"version": item.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                actor=request.user,  # type: ignore[arg-type]
                item=item,
                data=form.changed_data_dict(),
                version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The item was saved."))
            return redirect("seizures:item", pk=item.pk)
    context = {"form": form, "title": _("Edit item %(n)s") % {"n": item.exhibit_number}}
    return render(request, "seizures/form.html", context)
