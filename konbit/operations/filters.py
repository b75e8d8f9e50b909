"""The filters of operations: for incidents, one set for the list, the exports, the
stats and the map; for joint operations, one set for the page and the API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from konbit.core.filters import DATE_INPUT
from konbit.operations.models import (
    Incident,
    JointOperation,
    OperationStatus,
    Origin,
    Verification,
)
from konbit.operations.taxonomy import EVENT_TYPE_CHOICES, Category, Perpetrator


class ContingentField(forms.CharField):
    """A contingent by its country's code (``KEN``, any case) or by its id."""

    def clean(self, value: Any) -> tuple[str, Any] | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        try:
            return ("id", uuid.UUID(text))
        except ValueError:
            pass
        if len(text) == 3 and text.isascii() and text.isalpha():
            return ("iso3", text.upper())
        raise forms.ValidationError(
            _("Give the contingent's country code (e.g. KEN) or its id."), code="invalid"
        )


@extend_schema_field(
    {"type": "string", "description": "A contingent's country code (KEN) or its id."}
)
class ContingentFilter(filters.Filter):
    """The incidents a contingent reported, by country code (as elsewhere) or id."""

    field_class = ContingentField

    def filter(self, qs: QuerySet[Incident], value: Any) -> QuerySet[Incident]:
        if not value:
            return qs
        kind, key = value
        if kind == "id":
            return qs.filter(reporting_contingent_id=key)
        return qs.filter(reporting_contingent__country__iso3=key)


class IncidentFilter(filters.FilterSet):
    """The incidents' filters, the same for every reader (scoping is the selectors').

    The choices and the operations' queryset are given as callables, as Django and
    django-filter allow: each request's filter set and form copy a function instead
    of deep-copying the lists (on the filtered list, that copy cost more than the
    query)."""

    since = filters.DateFilter(
        field_name="event_date", lookup_expr="gte", label=_("From"), widget=DATE_INPUT
    )
    until = filters.DateFilter(
        field_name="event_date", lookup_expr="lte", label=_("Until"), widget=DATE_INPUT
    )
    category = filters.ChoiceFilter(choices=lambda: Category.choices, label=_("Category"))
    event_type = filters.ChoiceFilter(choices=lambda: EVENT_TYPE_CHOICES, label=_("Event type"))
    sub_event_type = filters.CharFilter(label=_("Sub-event type"))
    commune = filters.CharFilter(field_name="commune_pcode", label=_("Commune (P-code)"))
    department = filters.CharFilter(
        field_name="commune_pcode", lookup_expr="startswith", label=_("Department (P-code)")
    )
    actor = filters.CharFilter(method="filter_actor", label=_("Actor"))
    perpetrator = filters.ChoiceFilter(choices=lambda: Perpetrator.choices, label=_("Perpetrator"))
    # A list of the joint operations, by name (the value is the operation's id). Every
    # role that reads incidents reads the joint operations too, so one list serves all.
    operation = filters.ModelChoiceFilter(
        queryset=lambda request: JointOperation.objects.order_by("-starts_on", "name"),
        label=_("Joint operation"),
    )
    origin = filters.ChoiceFilter(choices=lambda: Origin.choices, label=_("Origin"))
    verification = filters.ChoiceFilter(
        choices=lambda: Verification.choices, label=_("Verification")
    )
    contingent = ContingentFilter(label=_("Reporting contingent"))

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_actor(
        self, queryset: QuerySet[Incident], name: str, value: Any
    ) -> QuerySet[Incident]:
        """Either actor or the armed group, case-insensitive."""
        if not value:
            return queryset
        return queryset.filter(
            Q(actor1__icontains=value)
            | Q(actor2__icontains=value)
            | Q(armed_group__icontains=value)
        )


def filtered(queryset: QuerySet[Incident], params: Any) -> QuerySet[Incident]:
    """``queryset`` narrowed by the query parameters (invalid values are ignored
    the way the list ignores them: the form's cleaned data only)."""
    return IncidentFilter(params, queryset=queryset).qs


# --- joint operations --------------------------------------------------------------------


def _commune_choices() -> list[tuple[str, str]]:
    """Every commune of the gazetteer by name, its P-code as the value (only the two
    columns: the boundaries stay in the database)."""
    from konbit.places.models import Commune

    communes = Commune.objects.order_by("name_norm").values_list("pcode", "name")
    return [(pcode, f"{name} ({pcode})") for pcode, name in communes]


def _contingent_choices() -> list[tuple[str, str]]:
    """Every contingent, its country's ISO 3166-1 alpha-3 code as the value."""
    from konbit.forces.models import Contingent

    return list(Contingent.objects.order_by("name").values_list("country__iso3", "name"))


class OperationFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data


class OperationFilter(filters.FilterSet):
    """The joint operations of a period, a place, a contingent, a status or a text.

    ``since``/``until`` keep the operations active at some time in the period (started
    by its end, and not ended before its start; an operation without an end date is
    still active). ``commune`` is a commune's P-code, ``contingent`` a contingent's
    country code (ISO 3166-1 alpha-3, "KEN", as everywhere in forces); both match
    through the many-to-many tables with a subquery, so an operation comes once however
    many of its communes or contingents match, and its incident count is not
    multiplied by a join. ``q`` keeps the operations whose name or objective holds
    every word of it, whatever their case. An unknown commune or contingent, a
    malformed date or a period that ends before it starts is an error of its field.
    """

    q = filters.CharFilter(method="filter_text", max_length=200, label=_("Name or objective"))
    status = filters.ChoiceFilter(
        choices=OperationStatus.choices, empty_label=_("Any"), label=_("Status")
    )
    since = filters.DateFilter(method="filter_since", label=_("Active from"), widget=DATE_INPUT)
    until = filters.DateFilter(method="filter_until", label=_("Active until"), widget=DATE_INPUT)
    commune = filters.ChoiceFilter(
        method="filter_commune", choices=_commune_choices, empty_label=_("Any"), label=_("Commune")
    )
    contingent = filters.ChoiceFilter(
        method="filter_contingent",
        choices=_contingent_choices,
        empty_label=_("Any"),
        label=_("Contingent"),
    )

    class Meta:
        model = JointOperation
        form = OperationFilterForm
        fields: list[str] = []

    # Codes are matched in capitals, whatever case the caller wrote ("ken", "ht0111").
    CODES = ("commune", "contingent")

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and any(data.get(name) for name in self.CODES):
            data = data.copy()
            for name in self.CODES:
                if data.get(name):
                    data[name] = str(data[name]).strip().upper()
        super().__init__(data, *args, **kwargs)

    @extend_schema_field(
        {"type": "string", "description": "Words the name or objective holds, in any case."}
    )
    def filter_text(
        self, queryset: QuerySet[JointOperation], name: str, value: str
    ) -> QuerySet[JointOperation]:
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(objective__icontains=word))
        return queryset

    @extend_schema_field(
        {
            "type": "string",
            "format": "date",
            "description": "Operations not ended before this date (no end date: still active).",
        }
    )
    def filter_since(
        self, queryset: QuerySet[JointOperation], name: str, value: dt.date
    ) -> QuerySet[JointOperation]:
        return queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=value))

    @extend_schema_field(
        {"type": "string", "format": "date", "description": "Operations started by this date."}
    )
    def filter_until(
        self, queryset: QuerySet[JointOperation], name: str, value: dt.date
    ) -> QuerySet[JointOperation]:
        return queryset.filter(starts_on__lte=value)

    @extend_schema_field({"type": "string", "description": "A commune's OCHA P-code, e.g. HT0111."})
    def filter_commune(
        self, queryset: QuerySet[JointOperation], name: str, value: str
    ) -> QuerySet[JointOperation]:
        through = JointOperation.communes.through.objects.filter(commune_id=value)
        return queryset.filter(pk__in=through.values("jointoperation_id"))

    @extend_schema_field(
        {
            "type": "string",
            "description": "A contingent's country code (ISO 3166-1 alpha-3), e.g. KEN.",
        }
    )
    def filter_contingent(
        self, queryset: QuerySet[JointOperation], name: str, value: str
    ) -> QuerySet[JointOperation]:
        through = JointOperation.contingents.through.objects.filter(contingent__country__iso3=value)
        return queryset.filter(pk__in=through.values("jointoperation_id"))
