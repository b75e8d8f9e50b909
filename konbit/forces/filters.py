"""The filters of forces' lists, shared by the pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.forces.models import (
    Contingent,
    Deployment,
    DeploymentWave,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)


def _units(request: Any) -> QuerySet[Unit]:
    """The units offered in the unit filter: those the user may see."""
    from konbit.forces.selectors import units_visible_to

    if request is None:
        return Unit.objects.none()
    return units_visible_to(request.user)


class ContingentFilter(filters.FilterSet):
    iso3 = filters.CharFilter(field_name="country__iso3", lookup_expr="iexact", label=_("Country"))

    class Meta:
        model = Contingent
        fields = ["iso3", "is_lead_nation"]


class UnitFilter(filters.FilterSet):
    contingent = filters.CharFilter(
        field_name="contingent__country__iso3", lookup_expr="iexact", label=_("Contingent")
    )

    class Meta:
        model = Unit
        fields = ["contingent", "unit_type"]


class PersonnelFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("Name or service number"))
    contingent = filters.CharFilter(
        field_name="contingent__country__iso3", lookup_expr="iexact", label=_("Contingent")
    )
    unit = filters.ModelChoiceFilter(queryset=_units, label=_("Unit"))
    specialty = filters.ChoiceFilter(choices=Personnel.Specialty.choices, label=_("Specialty"))
    status = filters.ChoiceFilter(choices=Personnel.Status.choices, label=_("Status"))
    sex = filters.ChoiceFilter(choices=Personnel.Sex.choices, label=_("Sex"))

    class Meta:
        model = Personnel
        fields = ["q", "contingent", "unit", "specialty", "status", "sex"]

    def search(self, queryset: QuerySet[Personnel], name: str, value: str) -> QuerySet[Personnel]:
        for word in value.split():
            queryset = queryset.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(service_number__icontains=word)
            )
        return queryset


class DeploymentFilter(filters.FilterSet):
    contingent = filters.CharFilter(
        field_name="person__contingent__country__iso3", lookup_expr="iexact", label=_("Contingent")
    )
    person = filters.UUIDFilter(field_name="person_id", label=_("Person"))
    wave = filters.UUIDFilter(field_name="wave_id", label=_("Wave"))
    deployed_on = filters.DateFilter(method="on_date", label=_("Deployed on"))

    class Meta:
        model = Deployment
        fields = ["contingent", "person", "wave", "deployed_on", "end_reason"]

    def on_date(self, queryset: QuerySet[Deployment], name: str, value: dt.date) -> Any:
        return queryset.filter(arrival_date__lte=value).filter(
            Q(actual_end__isnull=True) | Q(actual_end__gt=value)
        )


class WaveFilter(filters.FilterSet):
    contingent = filters.CharFilter(
        field_name="contingent__country__iso3", lookup_expr="iexact", label=_("Contingent")
    )

    class Meta:
        model = DeploymentWave
        fields = ["contingent", "assumed_date"]


class RotationFilter(filters.FilterSet):
    contingent = filters.CharFilter(
        field_name="incoming_wave__contingent__country__iso3",
        lookup_expr="iexact",
        label=_("Contingent"),
    )

    class Meta:
        model = Rotation
        fields = ["contingent"]


class ObligationFilter(filters.FilterSet):
    resolution = filters.CharFilter(field_name="mandate__resolution", label=_("Resolution"))

    class Meta:
        model = ReportingObligation
        fields = ["resolution", "trigger", "reporting_party", "addressee", "confirmed"]
