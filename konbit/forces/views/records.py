"""List, detail, create and edit pages of forces' records, declared once per kind.

Every page asks the kind's policy (what the user sees, may create or change, whose
reads are audited) and writes through its services; a stale version shows a clear
message (409) and the form keeps what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.core.forms import show_refusal
from konbit.core.htmx import render_page
from konbit.core.policies import Policy, guarded, policy_for
from konbit.forces.forms import RecordForm


@dataclass
class RecordPages:
    """The pages of one kind of record."""

    slug: str  # URL segment and name prefix, e.g. "units"
    title: str | Promise  # plural, for the list
    singular: str | Promise
    policy: Policy[Any]
    columns: list[tuple[str | Promise, str]]  # (label, attribute path) in the list
    fields: list[tuple[str | Promise, str]]  # (label, attribute path) on the detail page
    form: type[RecordForm]
    create: Callable[[Any, dict[str, Any]], Any]
    update: Callable[[Any, Any, dict[str, Any], int], Any]
    filterset: Any = None
    detail_template: str = "forces/record_detail.html"
    extra_context: Callable[[Any, Any], dict[str, Any]] = field(default=lambda user, obj: {})
    page_size: int = 50
    app: str = "forces"  # the part: URL namespace and first path segment

    def url(self, name: str) -> str:
        return f"{self.app}:{self.slug}_{name}"

    @property
    def names(self) -> str:
        """The prefix of the pages' URL names (``forces:units_``), for templates."""
        return f"{self.app}:{self.slug}_"

    # --- views -----------------------------------------------------------------------
    def list_view(self, request: HttpRequest) -> HttpResponse:
        self.policy.require_part(request.user)
        records = self.policy.visible(request.user)
        filters = None
        if self.filterset is not None:
            filters = self.filterset(request.GET, queryset=records, request=request)
            records = filters.qs
        page = Paginator(records, self.page_size).get_page(request.GET.get("page"))
        shown = list(page)
        self.policy.record_reads(request.user, shown)
        rows = [(obj, [_resolve(obj, attr) for _label, attr in self.columns]) for obj in shown]
        context = {
            "pages": self,
            "filter": filters,
            "page": page,
            "rows": rows,
            "can_create": self.policy.can_create(request.user),
        }
        return render_page(
            request, "forces/record_list.html", context, partial="forces/_record_rows.html"
        )

    def detail_view(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.policy.get_for(request.user, pk)
        self.policy.record_reads(request.user, [obj])
        context = {
            "pages": self,
            "object": obj,
            "values": [(label, _resolve(obj, attr)) for label, attr in self.fields],
            "can_change": self.policy.can_change(request.user, obj),
            **self.extra_context(request.user, obj),
        }
        return render(request, self.detail_template, context)

    def create_view(self, request: HttpRequest) -> HttpResponse:
        self.policy.require_part(request.user)
        self.policy.require(request.user, "create")
        # Links may prefill the form (e.g. a person's page: ?person=<id>).
        initial = {name: value for name, value in request.GET.items() if name != "version"}
        form = self.form(_posted(request), user=request.user, initial=initial)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                obj = self.create(request.user, form.record_data())
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(reverse(self.url("detail"), args=[obj.pk]))
        elif request.method == "POST":
            status = 400
        for record in form.shown():
            policy_for(type(record)).record_reads(request.user, [record])
        return render(
            request, "forces/record_form.html", {"pages": self, "form": form}, status=status
        )

    def edit_view(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.policy.get_for(request.user, pk, write=True)
        form = self.form(_posted(request), instance=obj, user=request.user)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                self.update(request.user, obj, form.record_data(), form.cleaned_data["version"])
            except DomainError as exc:
                status = show_refusal(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(reverse(self.url("detail"), args=[obj.pk]))
        elif request.method == "POST":
            status = 400
        # The form shows the record: a read like the detail page.
        self.policy.record_reads(request.user, [obj])
        context = {"pages": self, "form": form, "object": obj}
        return render(request, "forces/record_form.html", context, status=status)

    def urls(self) -> list[Any]:
        model = self.policy.model

        def view(page: Any, action: str) -> Any:
            return guarded(model, action)(login_required(page))

        return [
            path(
                f"{self.app}/{self.slug}/", view(self.list_view, "list"), name=f"{self.slug}_list"
            ),
            path(
                f"{self.app}/{self.slug}/new/",
                view(self.create_view, "create"),
                name=f"{self.slug}_create",
            ),
            path(
                f"{self.app}/{self.slug}/<uuid:pk>/",
                view(self.detail_view, "detail"),
                name=f"{self.slug}_detail",
            ),
            path(
                f"{self.app}/{self.slug}/<uuid:pk>/edit/",
                view(self.edit_view, "change"),
                name=f"{self.slug}_edit",
            ),
        ]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _resolve(obj: Any, attr: str) -> Any:
    """``"contingent.country.iso3"`` or ``"get_sex_display"`` on ``obj``."""
    value = obj
    for part in attr.split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value) and not isinstance(value, type):
            value = value()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value
