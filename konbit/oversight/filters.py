"""The filters of complaints: one set for the list page, the figures and the API. An
unknown value, a malformed date or a period that ends before it starts is an error
of its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import ChooserFilter, StrictFilterSet
from konbit.core.filters import DATE_INPUT
from konbit.outreach.filters import PeriodForm
from konbit.oversight.models import AgeGroup, Category, Channel, Complaint, Nature, Status


class ComplaintFilter(StrictFilterSet):
    since = filters.DateFilter(
        field_name="received_at",
        lookup_expr="date__gte",
        label=_("Received from"),
        widget=DATE_INPUT,
    )
    until = filters.DateFilter(
        field_name="received_at",
        lookup_expr="date__lte",
        label=_("Received until"),
        widget=DATE_INPUT,
    )
    category = filters.ChoiceFilter(choices=lambda: Category.choices, label=_("CRM category"))
    nature = filters.ChoiceFilter(choices=lambda: Nature.choices, label=_("Nature"))
    status = filters.ChoiceFilter(choices=lambda: Status.choices, label=_("Status"))
    channel = filters.ChoiceFilter(choices=lambda: Channel.choices, label=_("Channel"))
    contingent = ChooserFilter("contingent", field_name="contingent", label=_("Contingent"))
    child = filters.BooleanFilter(
        method="filter_child",
        label=_("Child victim"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Complaint
        fields: list[str] = []
        form = PeriodForm  # outreach's: an end before its start is an error of "until"

    def filter_child(
        self, queryset: QuerySet[Complaint], name: str, value: Any
    ) -> QuerySet[Complaint]:
        if value is None:
            return queryset
        if value:
            return queryset.filter(victim_age_group=AgeGroup.CHILD)
        return queryset.exclude(victim_age_group=AgeGroup.CHILD)
