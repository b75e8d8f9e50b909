"""The filters of operations: for incidents, one set for the list, the exports, the
stats and the map; for joint operations, one set for the page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from konbit.core.choosers import ChooserFilter, StrictFilterSet
from konbit.core.filters import DATE_INPUT
from konbit.operations.models import (
    Incident,
    JointOperation,
    OperationStatus,
    Origin,
    Verification,
)
from konbit.operations.taxonomy import (
    EVENT_TYPE_CHOICES,
    SUB_EVENT_TYPE_CHOICES,
    Category,
    Perpetrator,
)


class IncidentFilter(StrictFilterSet):
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
    sub_event_type = filters.ChoiceFilter(
        choices=lambda: SUB_EVENT_TYPE_CHOICES, label=_("Sub-event type")
    )
    # Chosen by name or code (core.choosers); an unknown one is an error of its field.
    commune = ChooserFilter("commune", field_name="commune_pcode", to_code=True, label=_("Commune"))
    department = ChooserFilter(
        "department",
        field_name="commune_pcode",
        lookup_expr="startswith",
        to_code=True,
        label=_("Department"),
    )
    actor = filters.CharFilter(method="filter_actor", label=_("Actor"))
    perpetrator = filters.ChoiceFilter(choices=lambda: Perpetrator.choices, label=_("Perpetrator"))
    operation = ChooserFilter("operation", field_name="operation", label=_("Joint operation"))
    origin = filters.ChoiceFilter(choices=lambda: Origin.choices, label=_("Origin"))
    verification = filters.ChoiceFilter(
        choices=lambda: Verification.choices, label=_("Verification")
    )
    contingent = ChooserFilter(
        "contingent", field_name="reporting_contingent", label=_("Reporting contingent")
    )

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


# --- joint operations --------------------------------------------------------------------


class OperationFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data


class OperationFilter(StrictFilterSet):
    """The joint operations of a period, a place, a contingent, a status or a text.

    ``since``/``until`` keep the operations active at some time in the period (started
    by its end, and not ended before its start; an operation without an end date is
    still active). ``commune`` is a commune's P-code or name, ``contingent`` a
    contingent's country code (ISO 3166-1 alpha-3, "KEN") or name; both match
    through the many-to-many tables with a subquery, so an operation comes once however
    many of its communes or contingents match, and its incident count is not
    multiplied by a join. ``q`` keeps the operations whose name or objective holds
    every word of it, whatever their case. An unknown commune or contingent, a
    malformed date or a period that ends before it starts is an error of its field.
    """

    q = filters.CharFilter(method="filter_text", max_length=200, label=_("Name or objective"))
    status = filters.ChoiceFilter(
        method="filter_status",
        choices=OperationStatus.choices,
        empty_label=_("Any"),
        label=_("Status"),
    )
    since = filters.DateFilter(method="filter_since", label=_("Active from"), widget=DATE_INPUT)
    until = filters.DateFilter(method="filter_until", label=_("Active until"), widget=DATE_INPUT)
    commune = ChooserFilter("commune", method="filter_commune", label=_("Commune"))
    contingent = ChooserFilter("contingent", method="filter_contingent", label=_("Contingent"))

    class Meta:
        model = JointOperation
        form = OperationFilterForm
        fields: list[str] = []

    def filter_status(
        self, queryset: QuerySet[JointOperation], name: str, value: str
    ) -> QuerySet[JointOperation]:
        """The status as shown (``JointOperation.current_status``): an operation past
        its end date is completed, whatever was recorded."""
        ended = Q(ends_on__lt=timezone.localdate())
        if value == OperationStatus.COMPLETED:
            return queryset.filter(Q(status=value) | ended)
        return queryset.filter(status=value).exclude(ended)

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

    def filter_commune(
        self, queryset: QuerySet[JointOperation], name: str, value: Any
    ) -> QuerySet[JointOperation]:
        through = JointOperation.communes.through.objects.filter(commune_id=value.pk)
        return queryset.filter(pk__in=through.values("jointoperation_id"))

    def filter_contingent(
        self, queryset: QuerySet[JointOperation], name: str, value: Any
    ) -> QuerySet[JointOperation]:
        through = JointOperation.contingents.through.objects.filter(contingent_id=value.pk)
        return queryset.filter(pk__in=through.values("jointoperation_id"))
