"""Pages of armed groups and persons: list and filter, view, create, edit, release
to the HNP; the analyst's counts. Access is the policies'; writes the services'."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konbit.actors import policies, selectors
from konbit.actors.filters import ArmedGroupFilter, PersonFilter
from konbit.actors.forms import STATEMENT_TITLES, ArmedGroupForm, PersonForm
from konbit.actors.models import (
    ArmedGroup,
    Designation,
    Person,
    PersonAlias,
    Relation,
    Territory,
)
from konbit.actors.services import registry
from konbit.actors.views.common import PAGE_SIZE, filter_problems
from konbit.core.actions import record_action
from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.htmx import render_page
from konbit.core.policies import guarded
from konbit.operations.selectors import incidents_visible_to

GROUPS = policies.policy_for(ArmedGroup)
PERSONS = policies.policy_for(Person)
ALIASES = policies.policy_for(PersonAlias)


def _record_person_reads(user: Any, persons: Any) -> None:
    """A person's row or page shows the person's aliases: the reads of both are
    audited (each as its policy says)."""
    persons = list(persons)
    PERSONS.record_reads(user, persons)
    aliases = [alias for person in persons for alias in person.aliases.all()]
    ALIASES.record_reads(user, aliases, related=False)


@guarded(ArmedGroup, "list")
@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    """The registry, filtered like the API (``ArmedGroupFilter``)."""
    if not GROUPS.part_visible(request.user):
        raise Http404
    groups = (
        selectors.with_incident_count(selectors.with_current_status(GROUPS.visible(request.user)))
        .prefetch_related("aliases")
        .order_by("name")
    )
    found = ArmedGroupFilter(request.GET, queryset=groups)
    valid = found.is_valid()
    page = Paginator(found.qs if valid else groups.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter": found,
        "filter_problems": [] if valid else filter_problems(found.form),
        "page": page,
        "can_create": GROUPS.can_create(request.user),
        "reads_persons": PERSONS.part_visible(request.user),
    }
    return render_page(
        request, "actors/group_list.html", context, partial="actors/_group_rows.html"
    )


@guarded(ArmedGroup, "detail")
@login_required
def group_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """A group: its statements, its incidents over time, by commune and on the map."""
    user = request.user
    group = GROUPS.get_for(user, pk)
    status = group.status_changes.order_by("-on").values_list("status", flat=True).first()
    incidents = selectors.group_incidents(group, incidents_visible_to(user))
    months, by_commune = selectors.incident_figures(incidents)
    relations = (
        policies.policy_for(Relation)
        .visible(user)
        .select_related("person", "member_group", "group")
    )
    context = {
        "group": group,
        "status": status,
        "aliases": group.aliases.all(),
        "communes": group.base_communes.all(),
        "history": group.status_changes.prefetch_related(
            "evidence_incidents", "evidence_operations"
        ).order_by("-on"),
        "strengths": group.strengths.all(),
        "members": relations.filter(group=group),
        "memberships": relations.filter(member_group=group),
        "territories": policies.policy_for(Territory)
        .visible(user)
        .filter(group=group)
        .select_related("commune", "section"),
        "designations": policies.policy_for(Designation).visible(user).filter(group=group),
        "months": months,
        "chart": _bars(months),
        "by_commune": by_commune[:20],
        "recent": incidents.order_by("-event_date")[:20],
        "incident_total": sum(m["n"] for m in months),
        "can_change": GROUPS.can_change(user, group),
        "can_release": GROUPS.allows(user, "release", group) and not group.released_to_hnp,
        "reads_persons": PERSONS.part_visible(user),
        "map_url": reverse("actors:group_map", args=[group.pk]),
        "add_links": [
            (kind, STATEMENT_TITLES[kind])
            for kind in ("alias", "status", "strength", "relation", "territory", "designation")
        ],
    }
    return render(request, "actors/group_detail.html", context)


def _bars(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's bars: each month's height as a percentage of the busiest month."""
    top = max((m["n"] for m in months), default=0) or 1
    return [{**m, "height": round(100 * m["n"] / top)} for m in months]


def _save_group(request: HttpRequest, group: ArmedGroup | None) -> HttpResponse:
    initial = {"version": group.version} if group else None
    form = ArmedGroupForm(request.POST or None, instance=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, m2m = form.data_for_service(), form.m2m_for_service()
        try:
            if group is None:
                group = registry.group_create(
                    actor=request.user,  # type: ignore[arg-type]
                    data=data,
                    base_communes=m2m.get("base_communes", []),
                )
            else:
                group = registry.group_update(
                    actor=request.user,  # type: ignore[arg-type]
                    group=ArmedGroup.objects.get(pk=group.pk),
                    data=data,
                    version=form.cleaned_data.get("version"),
                    base_communes=m2m.get("base_communes", []),
                )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The group was saved."))
            return redirect("actors:group", pk=group.pk)
    title = _("New armed group") if group is None else _("Edit %(name)s") % {"name": group.name}
    back = reverse("actors:group", args=[group.pk]) if group else reverse("actors:groups")
    return render(request, "actors/form.html", {"form": form, "title": title, "back": back})


@guarded(ArmedGroup, "create")
@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    if not GROUPS.part_visible(request.user):
        raise Http404
    GROUPS.require(request.user, "create")
    return _save_group(request, None)


@guarded(ArmedGroup, "change")
@login_required
def group_edit(request: HttpRequest, pk: str) -> HttpResponse:
    return _save_group(request, GROUPS.get_for(request.user, pk, write=True))


def _release(request: HttpRequest, policy: Any, pk: str, url_name: str) -> HttpResponse:
    record = policy.get_for(request.user, pk)
    policy.require(request.user, "release", record)
    return record_action(
        request,
        act=lambda version: registry.release_to_hnp(
            actor=request.user,  # type: ignore[arg-type]
            record=record,
            version=version,
        ),
        done=_("Released to the HNP."),
        back=reverse(url_name, args=[record.pk]),
    )


@guarded(ArmedGroup, "release")
@login_required
@require_POST
def group_release(request: HttpRequest, pk: str) -> HttpResponse:
    return _release(request, GROUPS, pk, "actors:group")


@guarded(ArmedGroup, "aggregate")
@login_required
def group_counts(request: HttpRequest) -> HttpResponse:
    """Incidents by group: the aggregate every reader of the part gets, and all the
    analyst gets (no person)."""
    if not GROUPS.allows(request.user, "aggregate"):
        raise Http404
    rows = selectors.group_counts()
    return render(
        request,
        "actors/group_counts.html",
        {
            "rows": rows.values("pk", "name", "kind", "incident_count"),  # type: ignore[misc]
            "links": GROUPS.part_visible(request.user),
        },
    )


# --- persons -------------------------------------------------------------------------


@guarded(Person, "list")
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """Persons of interest; the names on the page are reads of identity: audited."""
    if not PERSONS.part_visible(request.user):
        raise Http404
    persons = PERSONS.visible(request.user).prefetch_related("aliases").order_by("name")
    found = PersonFilter(request.GET, queryset=persons)
    valid = found.is_valid()
    page = Paginator(found.qs if valid else persons.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _record_person_reads(request.user, page.object_list)
    context = {
        "filter": found,
        "filter_problems": [] if valid else filter_problems(found.form),
        "page": page,
        "can_create": PERSONS.can_create(request.user),
    }
    return render_page(
        request, "actors/person_list.html", context, partial="actors/_person_rows.html"
    )


@guarded(Person, "detail")
@login_required
def person_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """A person: identity, roles in groups over time, designations. Audited."""
    user = request.user
    person = PERSONS.get_for(user, pk)
    _record_person_reads(user, [person])
    context = {
        "person": person,
        "aliases": person.aliases.all(),
        "roles": policies.policy_for(Relation)
        .visible(user)
        .filter(person=person)
        .select_related("group"),
        "designations": policies.policy_for(Designation).visible(user).filter(person=person),
        "can_change": PERSONS.can_change(user, person),
        "can_release": PERSONS.allows(user, "release", person) and not person.released_to_hnp,
    }
    return render(request, "actors/person_detail.html", context)


def _save_person(request: HttpRequest, person: Person | None) -> HttpResponse:
    initial = {"version": person.version} if person else None
    form = PersonForm(request.POST or None, instance=person, initial=initial)
    if person is not None:
        PERSONS.record_reads(request.user, [person])  # the edit form shows the identity
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                person = registry.person_create(
                    actor=request.user,  # type: ignore[arg-type]
                    data=form.data_for_service(),
                )
            else:
                person = registry.person_update(
                    actor=request.user,  # type: ignore[arg-type]
                    person=Person.objects.get(pk=person.pk),
                    data=form.data_for_service(),
                    version=form.cleaned_data.get("version"),
                )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("actors:person", pk=person.pk)
    title = _("New person of interest") if person is None else _("Edit person of interest")
    back = reverse("actors:person", args=[person.pk]) if person else reverse("actors:persons")
    return render(request, "actors/form.html", {"form": form, "title": title, "back": back})


@guarded(Person, "create")
@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not PERSONS.part_visible(request.user):
        raise Http404
    PERSONS.require(request.user, "create")
    return _save_person(request, None)


@guarded(Person, "change")
@login_required
def person_edit(request: HttpRequest, pk: str) -> HttpResponse:
    return _save_person(request, PERSONS.get_for(request.user, pk, write=True))


@guarded(Person, "release")
@login_required
@require_POST
def person_release(request: HttpRequest, pk: str) -> HttpResponse:
    return _release(request, PERSONS, pk, "actors:person")
