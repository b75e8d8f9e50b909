from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.filters import FilterMethod
from django_filters.rest_framework import DjangoFilterBackend

from konbit.core.models import AuditAction, AuditEntry

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class FixedFormFilterSet(filters.FilterSet):
    """A filter set whose form class is built once per class rather than on every
    request (django-filter builds a field per filter and a new form class each time;
    on a list that answers in a few milliseconds that is a good part of the time).
    Only for filter sets whose fields do not depend on the request or the user: each
    form still gets its own copy of the fields, as every Django form does (sharing
    their lists of choices, see ``_FieldsSharingChoices``).

    Its filters are copied per instance one level deep instead of deep-copied (the
    deep copy of the filters' widgets, choices and querysets was the largest single
    cost of a filtered list). What a filter changes while it works is its own: each
    copy has its own attributes and its own ``extra`` (django-filter's filters assign
    to those, e.g. ``parent``, ``model``, ``lookup_expr``, ``extra["queryset"]``),
    and loses the form field a class-level filter may have cached, so it builds its
    own if asked. What stays shared (choices, widgets, querysets) is only read: a
    form's fields are deep-copied by the form itself. The class-level filters are
    never written to, so concurrent requests of one process do not see each other's.

    ``given_only=True`` (the API) validates and applies only the filters the data
    gives a value for, with a form of those fields alone (a class per set of names,
    built once): a filter without a value filters nothing, so the result and the
    errors are the same, without copying and cleaning a dozen empty fields. A page
    that shows the form needs every field and leaves it False."""

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Any] | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
        given_only: bool = False,
    ) -> None:
        # BaseFilterSet.__init__ but for ``copy.deepcopy(self.base_filters)``.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        model = queryset.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.given_only = given_only and self.is_bound
        self.filters = {name: _own_copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = model
            filter_.parent = self

    def get_form_class(self) -> type[forms.Form]:
        cls = type(self)
        form_class: type[forms.Form] | None = cls.__dict__.get("_konbit_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _FieldsSharingChoices(form_class.base_fields)
            cls._konbit_form_class = form_class  # type: ignore[attr-defined]
            cls._konbit_given_forms = {}  # type: ignore[attr-defined]
        if not self.given_only:
            return form_class
        fields = form_class.base_fields
        given = tuple(
            name
            for name, field in fields.items()
            if not field.widget.value_omitted_from_data(
                self.data, {}, f"{self.form_prefix}-{name}" if self.form_prefix else name
            )
        )
        forms_by_names: dict[tuple[str, ...], type[forms.Form]] = cls._konbit_given_forms  # type: ignore[attr-defined]
        given_form = forms_by_names.get(given)
        if given_form is None:
            given_form = type(
                f"{form_class.__name__}Given", (self._meta.form,), {n: fields[n] for n in given}
            )
            given_form.base_fields = _FieldsSharingChoices(given_form.base_fields)
            forms_by_names[given] = given_form
        return given_form


class _FieldsSharingChoices(dict[str, forms.Field]):
    """A form class's fields whose copy for each form shares the choice lists: Django
    copies each field as usual (its widget, messages and validators) but deep-copies
    its choices too, which for a few long lists of translatable labels costs more
    than the rest of the form. Nothing changes a choice list in place."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        for field in self.values():
            choices = getattr(field, "_choices", None)
            if choices is not None:
                memo[id(choices)] = choices
        return {name: copy.deepcopy(field, memo) for name, field in self.items()}


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend for the API: a ``FixedFormFilterSet`` there validates and
    applies only the filters the request gives (``given_only``). The browsable API's
    filter form (``to_html``) still shows every field."""

    whole_form = False

    def get_filterset_kwargs(
        self, request: Any, queryset: QuerySet[Any], view: Any
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            not self.whole_form
            and filterset_class is not None
            and issubclass(filterset_class, FixedFormFilterSet)
        ):
            kwargs["given_only"] = True
        return kwargs

    def to_html(self, request: Any, queryset: QuerySet[Any], view: Any) -> str | None:
        # DRF makes a backend for each use, so the flag is this rendering's own.
        self.whole_form = True
        html: str | None = super().to_html(request, queryset, view)
        return html


def _own_copy(filter_: filters.Filter) -> filters.Filter:
    """A copy of ``filter_`` with its own attributes and ``extra``, sharing the rest."""
    copied = object.__new__(type(filter_))
    state = dict(filter_.__dict__)
    state.pop("_field", None)
    state["extra"] = dict(filter_.extra)
    copied.__dict__.update(state)
    if isinstance(state.get("filter"), FilterMethod):
        # The proxy to a ``method=`` filter's parent: the copy's own, as deepcopy's.
        copied.filter = FilterMethod(copied)  # type: ignore[method-assign]
    return copied


class AuditFilter(filters.FilterSet):
    target = filters.CharFilter(field_name="target_id", label=_("Record id"))
    actor = filters.CharFilter(field_name="actor_username", label=_("Actor"))
    action = filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    target_type = filters.CharFilter(label=_("Record type"))
    since = filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("Since"), widget=DATE_INPUT
    )
    until = filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("Until"), widget=DATE_INPUT
    )

    class Meta:
        model = AuditEntry
        fields = ["target", "actor", "action", "target_type", "since", "until"]
