"""Pages to add, change and delete the sourced statements about groups and persons
(aliases, status, strength, relations, territory, designations), one generic form
per kind; and the list of statements past their review date."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konbit.actors import policies, selectors
from konbit.actors.forms import STATEMENT_FIELDS, STATEMENT_TITLES, StatementForm, statement_form
from konbit.actors.models import ArmedGroup, Person
from konbit.actors.services import registry
from konbit.core.actions import record_action
from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.policies import guarded

PERSONS = policies.policy_for(Person)


def _back(statement: Any) -> Any:
    """Where a statement is shown: its group's page, or its person's."""
    group_id = getattr(statement, "group_id", None)
    if group_id:
        return redirect("actors:group", pk=group_id)
    return redirect("actors:person", pk=statement.person_id)


def _kind(kind: str) -> tuple[Any, policies.Policy[Any]]:
    if kind not in STATEMENT_FIELDS:
        raise Http404
    model = STATEMENT_FIELDS[kind][0]
    return model, policies.policy_for(model)


@login_required
def statement_create(request: HttpRequest, kind: str) -> HttpResponse:
    """``?group=<id>`` or ``?person=<id>`` fills in whom it is about."""
    model, policy = _kind(kind)
    if not policy.part_visible(request.user):
        raise Http404
    policy.require(request.user, "create")
    form_class = statement_form(kind)
    initial = {k: request.GET[k] for k in ("group", "person", "member_group") if k in request.GET}
    form = form_class(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            statement = registry.statement_create(
                actor=request.user,  # type: ignore[arg-type]
                model=model,
                data=form.data_for_service(),
                m2m=form.m2m_for_service() or None,
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The statement was saved."))
            return _back(statement)
    return _render(request, kind, form)


@login_required
def statement_edit(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    model, policy = _kind(kind)
    statement = policy.get_for(request.user, pk, write=True)
    form = statement_form(kind)(
        request.POST or None,
        instance=statement,
        initial={"version": statement.version},
        user=request.user,
    )
    policy.record_reads(request.user, [statement], related=False)  # the form shows it
    if request.method == "POST" and form.is_valid():
        try:
            statement = registry.statement_update(
                actor=request.user,  # type: ignore[arg-type]
                statement=model.objects.get(pk=statement.pk),
                data=form.data_for_service(),
                version=form.cleaned_data.get("version"),
                m2m=form.m2m_for_service() or None,
            )
        except DomainError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The statement was saved."))
            return _back(statement)
    return _render(request, kind, form)


def _render(request: HttpRequest, kind: str, form: StatementForm) -> HttpResponse:
    """The form's page; the person it is prefilled with is a read of that person."""
    PERSONS.record_reads(request.user, form.shown())
    return render(
        request, "actors/form.html", {"form": form, "title": STATEMENT_TITLES[kind], "back": ""}
    )


@login_required
@require_POST
def statement_delete(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    _model, policy = _kind(kind)
    statement = policy.get_for(request.user, pk)
    policy.require(request.user, "delete", statement)
    return record_action(
        request,
        act=lambda version: registry.statement_delete(
            actor=request.user,  # type: ignore[arg-type]
            statement=statement,
            version=version,
        ),
        done=_("The statement was deleted."),
        back=_back(statement).url,
    )


def routes() -> list[URLPattern]:
    """The statement pages, one route per kind and page (``kind`` given as the
    route's argument, so ``{% url 'actors:statement_create' kind='alias' %}``), each
    declaring its own entity's decision."""

    def bound(view: Callable[..., HttpResponse], kind: str, action: str) -> Any:
        @wraps(view)
        def page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            return view(request, **kwargs)

        return guarded(STATEMENT_FIELDS[kind][0], action)(page)

    found = []
    for kind in STATEMENT_FIELDS:
        base = f"actor-statements/{kind}/"
        found += [
            path(
                f"{base}new/",
                bound(statement_create, kind, "create"),
                {"kind": kind},
                name="statement_create",
            ),
            path(
                f"{base}<uuid:pk>/edit/",
                bound(statement_edit, kind, "change"),
                {"kind": kind},
                name="statement_edit",
            ),
            path(
                f"{base}<uuid:pk>/delete/",
                bound(statement_delete, kind, "delete"),
                {"kind": kind},
                name="statement_delete",
            ),
        ]
    return found


def reviews_visible(user: Any) -> bool:
    """The list of statements past their review date is the registry writers' work."""
    return policies.policy_for(ArmedGroup).allows(user, "review")


@guarded(ArmedGroup, "review")
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not reviews_visible(request.user):
        raise Http404
    due, total = selectors.statements_due(timezone.localdate(), limit=200)
    return render(request, "actors/review_list.html", {"due": review_rows(due), "total": total})


def review_rows(statements: list[Any]) -> list[dict[str, Any]]:
    """What the review list shows of each statement: never a person's identity
    (the link leads to the person's page, where reads are audited)."""
    kinds = {model: kind for kind, (model, _fields) in STATEMENT_FIELDS.items()}
    rows = []
    for statement in statements:
        kind = kinds[type(statement)]
        person_alias = kind == "person_alias" or getattr(statement, "person_id", None)
        rows.append(
            {
                "kind": kind,
                "title": STATEMENT_TITLES[kind],
                "text": "" if person_alias else str(statement),
                "statement": statement,
                "grade": statement.grade,
            }
        )
    return rows
