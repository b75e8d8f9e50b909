"""The incident and joint-operation pages: list (filters, htmx partial), detail,
create, edit (version checked), release to the HNP. Each asks its entity's policy;
writes go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konbit.core.actions import record_action
from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.htmx import render_page
from konbit.core.paging import Counted, asks_a_filter, filters_of
from konbit.core.policies import guarded, policy_for
from konbit.operations import selectors, services
from konbit.operations.filters import IncidentFilter, OperationFilter
from konbit.operations.forms import INCIDENT_SECTIONS, IncidentForm, OperationForm
from konbit.operations.models import (
    SENSITIVE_FIELDS,
    VICTIM_FIELDS,
    VICTIM_GROUPS,
    VICTIM_KINDS,
    Incident,
    JointOperation,
    Origin,
)
from konbit.operations.serializers import LIST_FIELDS
from konbit.places.selectors import commune_by_pcode, commune_name_of

PAGE_SIZE = 50
INCIDENTS = policy_for(Incident)
OPERATIONS = policy_for(JointOperation)


@guarded(Incident, "list")
@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    INCIDENTS.require_part(request.user)
    found = IncidentFilter(request.GET, queryset=INCIDENTS.visible(request.user), request=request)
    rows: Any = found.qs.annotate(commune_name=commune_name_of("commune_pcode")).values(
        *LIST_FIELDS, "commune_name"
    )
    if not asks_a_filter(IncidentFilter, request.GET):
        # Unfiltered: the total from the tally rather than a COUNT of every incident.
        rows = Counted(rows, selectors.incidents_visible_total(request.user))
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    INCIDENTS.record_reads(request.user, page, fields=LIST_FIELDS)
    context = {
        "filter": found,
        "page": page,
        "can_create": INCIDENTS.can_create(request.user),
        "can_import": INCIDENTS.allows(request.user, "import"),
        # The map, trends and export links carry the filters (not the page number).
        "query": filters_of(request),
    }
    return render_page(
        request, "operations/incident_list.html", context, partial="operations/_incident_rows.html"
    )


def _field_label(name: str) -> str:
    return str(getattr(Incident._meta.get_field(name), "verbose_name", name))


def _victim_table(incident: Incident) -> list[tuple[str, list[int]]]:
    labels = {
        "killed": _("Killed"),
        "injured": _("Injured"),
        "kidnapped": _("Kidnapped"),
        "sgbv": _("Sexual violence"),
    }
    return [
        (labels[kind], [getattr(incident, f"{kind}_{group}") for group in VICTIM_GROUPS])
        for kind in VICTIM_KINDS
    ]


@guarded(Incident, "detail")
@login_required
def incident_detail(request: HttpRequest, pk: str) -> HttpResponse:
    incident = selectors.incident_for_user(request.user, pk)
    hidden = INCIDENTS.hidden_fields(request.user, incident)
    sensitive = not hidden
    INCIDENTS.record_reads(request.user, [incident], fields=SENSITIVE_FIELDS)
    context = {
        "incident": incident,
        "sees_sensitive": sensitive,
        "notes_withheld": "notes" in hidden,
        "sensitive_values": (
            [(_field_label(n), getattr(incident, n)) for n in SENSITIVE_FIELDS] if sensitive else []
        ),
        "victims": _victim_table(incident),
        "commune": commune_by_pcode(incident.commune_pcode) if incident.commune_pcode else None,
        "commune_by_name": (
            commune_by_pcode(incident.commune_pcode_by_name)
            if incident.commune_pcode_by_name
            else None
        ),
        "figure_warnings": incident.figure_warnings(),
        "can_change": INCIDENTS.can_change(request.user, incident),
        "can_release": INCIDENTS.allows(request.user, "release", incident)
        and incident.origin == "mission"
        and not incident.released_to_hnp,
    }
    return render(request, "operations/incident_detail.html", context)


def _incident_form_context(
    request: HttpRequest, form: IncidentForm, **extra: Any
) -> dict[str, Any]:
    from django.conf import settings

    return {
        "form": form,
        "victims_title": INCIDENT_SECTIONS[4][0],
        "communes_url": "/api/v1/places/communes/geojson/",
        "tile_url": getattr(settings, "KONBIT_MAP_TILE_URL", "") or "",
        "pin_text": {
            "in_commune": _("The pin is in %s."),
            "outside": _("The pin is outside Haiti's communes: check it."),
            "locating": _("Finding your location…"),
            "no_location": _("Your location is not available: tap the map instead."),
        },
        **extra,
    }


def _saved(request: HttpRequest, incident: Incident, message: str) -> HttpResponse:
    messages.success(request, message)
    for warning in incident.figure_warnings():
        messages.warning(request, _("Check the figures: %(w)s") % {"w": warning})
    return redirect("operations:incident", pk=incident.pk)


def _prefill(request: HttpRequest) -> tuple[dict[str, Any], JointOperation | None]:
    """A new incident's first values: today, and the joint operation (with its commune
    when it has one) that ``?operation=<id>`` names, if the user may see it."""
    initial: dict[str, Any] = {"event_date": timezone.localdate()}
    key = request.GET.get("operation")
    operation = None
    if key:
        try:
            operation = OPERATIONS.visible(request.user).filter(pk=key).first()
        except (ValueError, ValidationError):
            operation = None
    if operation is not None:
        initial["operation"] = operation
        communes = list(operation.communes.values_list("pcode", flat=True)[:2])
        if len(communes) == 1:
            initial["commune"] = communes[0]
    return initial, operation


@guarded(Incident, "create")
@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    INCIDENTS.require_part(request.user)
    INCIDENTS.require(request.user, "create")
    initial, operation = _prefill(request)
    form = IncidentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(
                actor=request.user,  # type: ignore[arg-type]
                data=form.changed_data_dict(),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            return _saved(request, incident, _("The incident was recorded."))
    context = _incident_form_context(request, form, title=_("New incident"), operation=operation)
    return render(request, "operations/incident_form.html", context)


@guarded(Incident, "change")
@login_required
def incident_edit(request: HttpRequest, pk: str) -> HttpResponse:
    incident = selectors.incident_for_user(request.user, pk, write=True)
    form = IncidentForm(
        request.POST or None,
        instance=incident,
        user=request.user,
        initial={"version": incident.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_update(
                actor=request.user,  # type: ignore[arg-type]
                incident=Incident.objects.get(pk=incident.pk),
                data=form.changed_data_dict(),
                version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            saved = Incident.objects.get(pk=incident.pk)
            return _saved(request, saved, _("The incident was saved."))
    # The form shows the record, its sensitive fields to those who may: a read.
    INCIDENTS.record_reads(request.user, [incident], fields=list(form.fields))
    context = _incident_form_context(
        request,
        form,
        title=_("Edit incident"),
        back=reverse("operations:incident", args=[pk]),
        incident=incident,
    )
    return render(request, "operations/incident_form.html", context)


def _count(value: str | None) -> int:
    """A figure as typed: a whole number, or 0 while it is not one (the form itself
    says what is wrong with it when it is saved)."""
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


@guarded(Incident, "create")
@login_required
@require_POST
def incident_figures(request: HttpRequest) -> HttpResponse:
    """The incident form's figures checked as they are typed (htmx): the same
    warnings ``Incident.figure_warnings`` gives once it is saved. ``?incident=<id>``:
    the incident being edited, whose origin decides which checks apply."""
    INCIDENTS.require_part(request.user)
    INCIDENTS.require(request.user, "create")
    probe = Incident(origin=Origin.MISSION)
    key = request.GET.get("incident")
    if key:
        probe.origin = selectors.incident_for_user(request.user, key, write=True).origin
    for name in ("fatalities", *VICTIM_FIELDS):
        setattr(probe, name, _count(request.POST.get(name)))
    probe.sub_event_type = request.POST.get("sub_event_type", "")[:100]
    context = {"figure_warnings": probe.figure_warnings()}
    return render(request, "operations/_figure_warnings.html", context)


@guarded(Incident, "release")
@login_required
@require_POST
def incident_release(request: HttpRequest, pk: str) -> HttpResponse:
    incident = selectors.incident_for_user(request.user, pk)
    INCIDENTS.require(request.user, "release", incident)
    return record_action(
        request,
        act=lambda version: services.incident_release_to_hnp(
            actor=request.user,  # type: ignore[arg-type]
            incident=incident,
            version=version,
        ),
        done=_("The incident was released to the HNP."),
        back=reverse("operations:incident", args=[incident.pk]),
    )


# --- joint operations ------------------------------------------------------------------


@guarded(JointOperation, "list")
@login_required
def operation_list(request: HttpRequest) -> HttpResponse:
    """The joint operations, filtered like the API (``OperationFilter``). Filters with
    an error list nothing: the page names the field and what is wrong with it."""
    OPERATIONS.require_part(request.user)
    operations = selectors.operations_with_incident_counts(request.user).order_by(
        "-starts_on", "name"
    )
    found = OperationFilter(request.GET, queryset=operations, request=request)
    valid = found.is_valid()
    page = Paginator(found.qs if valid else operations.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter": found,
        "page": page,
        "can_create": OPERATIONS.can_create(request.user),
    }
    return render_page(
        request,
        "operations/operation_list.html",
        context,
        partial="operations/_operation_rows.html",
    )


@guarded(JointOperation, "detail")
@login_required
def operation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    operation = selectors.operation_for_user(request.user, pk)
    incidents = selectors.incidents_visible_to(request.user).filter(operation=operation)
    context = {
        "operation": operation,
        "communes": operation.communes.all(),
        "contingents": operation.contingents.all(),
        "incidents": incidents.values(*LIST_FIELDS)[:100],
        "can_change": OPERATIONS.can_change(request.user, operation),
        "can_record_incident": INCIDENTS.can_create(request.user),
    }
    return render(request, "operations/operation_detail.html", context)


@guarded(JointOperation, "create")
@login_required
def operation_create(request: HttpRequest) -> HttpResponse:
    OPERATIONS.require_part(request.user)
    OPERATIONS.require(request.user, "create")
    form = OperationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.operation_create(
                actor=request.user,  # type: ignore[arg-type]
                data=form.changed_data_dict(),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The operation was recorded."))
            return redirect("operations:operation", pk=operation.pk)
    return render(
        request, "operations/form.html", {"form": form, "title": _("New joint operation")}
    )


@guarded(JointOperation, "change")
@login_required
def operation_edit(request: HttpRequest, pk: str) -> HttpResponse:
    operation = selectors.operation_for_user(request.user, pk, write=True)
    form = OperationForm(
        request.POST or None,
        instance=operation,
        initial={"version": operation.version},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.operation_update(
                actor=request.user,  # type: ignore[arg-type]
                operation=type(operation).objects.get(pk=operation.pk),
                data=form.changed_data_dict(),
                version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The operation was saved."))
            return redirect("operations:operation", pk=operation.pk)
    return render(
        request,
        "operations/form.html",
        {
            "form": form,
            "title": _("Edit joint operation"),
            "back": reverse("operations:operation", args=[pk]),
        },
    )
