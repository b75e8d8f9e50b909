"""Filters of the seizure and item lists (pages and API alike)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import ChooserFilter, StrictFilterSet
from konbit.core.filters import DATE_INPUT
from konbit.seizures.models import (
    CustodyEvent,
    CustodyStatus,
    EventKind,
    ItemKind,
    SeizedItem,
    Seizure,
)


def _midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class PeriodForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data


class SeizureFilter(StrictFilterSet):
    """Seizures of a period, a contingent, a commune, an operation or an armed group
    (each chosen by name or code, ``core.choosers``: an unknown one is an error of its
    parameter, never every seizure), with items of a kind, or whose place or notes
    hold ``q``."""

    # Days of the current time zone, compared as instants (its midnights): the
    # database's index serves, where ``seized_at__date`` is a function of every row
    # (a Python one on SQLite).
    since = filters.DateFilter(method="filter_since", label=_("From"), widget=DATE_INPUT)
    until = filters.DateFilter(method="filter_until", label=_("Until"), widget=DATE_INPUT)
    contingent = ChooserFilter("contingent", field_name="seizing_contingent", label=_("Contingent"))
    commune = ChooserFilter("commune", field_name="commune_pcode", to_code=True, label=_("Commune"))
    operation = ChooserFilter("operation", field_name="operation", label=_("Joint operation"))
    group = ChooserFilter("armed_group", field_name="armed_group", label=_("Armed group"))
    kind = filters.ChoiceFilter(
        choices=ItemKind.choices,
        method="filter_kind",
        empty_label=_("Any"),
        label=_("With items of kind"),
    )
    q = filters.CharFilter(method="filter_text", max_length=200, label=_("Place or notes"))

    class Meta:
        model = Seizure
        form = PeriodForm
        fields: list[str] = []

    def filter_since(
        self, queryset: QuerySet[Seizure], name: str, value: dt.date
    ) -> QuerySet[Seizure]:
        return queryset.filter(seized_at__gte=_midnight(value))

    def filter_until(
        self, queryset: QuerySet[Seizure], name: str, value: dt.date
    ) -> QuerySet[Seizure]:
        return queryset.filter(seized_at__lt=_midnight(value + dt.timedelta(days=1)))

    def filter_kind(self, queryset: QuerySet[Seizure], name: str, value: str) -> QuerySet[Seizure]:
        return queryset.filter(pk__in=SeizedItem.objects.filter(kind=value).values("seizure_id"))

    def filter_text(self, queryset: QuerySet[Seizure], name: str, value: str) -> QuerySet[Seizure]:
        for word in value.split():
            queryset = queryset.filter(location__icontains=word) | queryset.filter(
                notes__icontains=word
            )
        return queryset


class ItemFilter(filters.FilterSet):
    """Items by serial number (any part of it, whatever the case), exhibit number
    (exact, whatever the case), kind, seizure, custody status or calibre."""

    serial = filters.CharFilter(
        field_name="serial_number", lookup_expr="icontains", max_length=60, label=_("Serial number")
    )
    exhibit = filters.CharFilter(
        field_name="exhibit_number", lookup_expr="iexact", max_length=40, label=_("Exhibit number")
    )
    kind = filters.ChoiceFilter(choices=ItemKind.choices, empty_label=_("Any"), label=_("Kind"))
    seizure = filters.UUIDFilter(field_name="seizure", label=_("Seizure"))
    status = filters.ChoiceFilter(
        field_name="custody_status",
        choices=CustodyStatus.choices,
        empty_label=_("Any"),
        label=_("Custody status"),
    )
    calibre = filters.CharFilter(
        field_name="calibre__name", lookup_expr="iexact", max_length=60, label=_("Calibre")
    )

    class Meta:
        model = SeizedItem
        fields: list[str] = []


class CustodyEventFilter(filters.FilterSet):
    item = filters.UUIDFilter(field_name="item", label=_("Item"))
    exhibit = filters.CharFilter(
        field_name="item__exhibit_number",
        lookup_expr="iexact",
        max_length=40,
        label=_("Exhibit number"),
    )
    kind = filters.ChoiceFilter(choices=EventKind.choices, empty_label=_("Any"), label=_("Event"))

    class Meta:
        model = CustodyEvent
        fields: list[str] = []
