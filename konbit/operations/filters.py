"""The incident filters: one set for the list, the exports, the stats and the map."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.operations.models import Incident, Origin, Verification
from konbit.operations.taxonomy import EVENT_TYPES, Category, Perpetrator


class IncidentFilter(filters.FilterSet):
    since = filters.DateFilter(field_name="event_date", lookup_expr="gte", label=_("From"))
    until = filters.DateFilter(field_name="event_date", lookup_expr="lte", label=_("Until"))
    category = filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    event_type = filters.ChoiceFilter(choices=[(e, e) for e in EVENT_TYPES], label=_("Event type"))
    sub_event_type = filters.CharFilter(label=_("Sub-event type"))
    commune = filters.CharFilter(field_name="commune_pcode", label=_("Commune (P-code)"))
    department = filters.CharFilter(
        field_name="commune_pcode", lookup_expr="startswith", label=_("Department (P-code)")
    )
    actor = filters.CharFilter(method="filter_actor", label=_("Actor"))
    perpetrator = filters.ChoiceFilter(choices=Perpetrator.choices, label=_("Perpetrator"))
    operation = filters.UUIDFilter(field_name="operation_id", label=_("Joint operation"))
    origin = filters.ChoiceFilter(choices=Origin.choices, label=_("Origin"))
    verification = filters.ChoiceFilter(choices=Verification.choices, label=_("Verification"))
    contingent = filters.UUIDFilter(
        field_name="reporting_contingent_id", label=_("Reporting contingent")
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


def filtered(queryset: QuerySet[Incident], params: Any) -> QuerySet[Incident]:
    """``queryset`` narrowed by the query parameters (invalid values are ignored
    the way the list ignores them: the form's cleaned data only)."""
    return IncidentFilter(params, queryset=queryset).qs
