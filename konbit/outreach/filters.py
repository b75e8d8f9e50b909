"""The filters of outreach activities: one set for the list page, the API, the
statistics and the map. An unknown value, a malformed date or a period that ends
before it starts is an error of its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import ChooserFilter, StrictFilterSet
from konbit.core.filters import DATE_INPUT
from konbit.outreach.models import Activity, Kind, TopicCode


class PeriodForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data


class ActivityFilter(StrictFilterSet):
    since = filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label=_("From"), widget=DATE_INPUT
    )
    until = filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label=_("Until"), widget=DATE_INPUT
    )
    kind = filters.ChoiceFilter(choices=lambda: Kind.choices, label=_("Kind of activity"))
    # Chosen by name or code (core.choosers): an unknown one is an error of its field.
    commune = ChooserFilter("commune", field_name="commune", label=_("Commune"))
    contingent = ChooserFilter("contingent", field_name="contingent", label=_("Contingent"))
    topic = filters.ChoiceFilter(
        method="filter_topic", choices=lambda: TopicCode.choices, label=_("Topic")
    )

    class Meta:
        model = Activity
        fields: list[str] = []
        form = PeriodForm

    def filter_topic(
        self, queryset: QuerySet[Activity], name: str, value: Any
    ) -> QuerySet[Activity]:
        """The activities covering the topic (one of the codes of ``topics``)."""
        if not value:
            return queryset
        return queryset.filter(
            Q(topics=value)
            | Q(topics__startswith=f"{value},")
            | Q(topics__endswith=f",{value}")
            | Q(topics__contains=f",{value},")
        )
