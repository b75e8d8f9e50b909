"""The filters of forces' lists, shared by the pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import ChooserFilter, StrictFilterSet
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


class ContingentFilter(StrictFilterSet):
    iso3 = ChooserFilter("contingent", field_name="pk", label=_("Country"))

    class Meta:
        model = Contingent
        fields = ["iso3", "is_lead_nation"]


class UnitFilter(StrictFilterSet):
    contingent = ChooserFilter("contingent", field_name="contingent", label=_("Contingent"))

    class Meta:
        model = Unit
        fields = ["contingent", "unit_type"]


class PersonnelFilter(StrictFilterSet):
    q = filters.CharFilter(method="search", label=_("Name or service number"))
    contingent = ChooserFilter("contingent", field_name="contingent", label=_("Contingent"))
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


class DeploymentFilter(StrictFilterSet):
    contingent = ChooserFilter("contingent", field_name="person__contingent", label=_("Contingent"))
    person = ChooserFilter("person", field_name="person", label=_("Person"))
    wave = filters.UUIDFilter(field_name="wave_id", label=_("Wave"))
    deployed_on = filters.DateFilter(method="on_date", label=_("Deployed on"))

    class Meta:
        model = Deployment
        fields = ["contingent", "person", "wave", "deployed_on", "end_reason"]

    def on_date(self, queryset: QuerySet[Deployment], name: str, value: dt.date) -> Any:
        return queryset.filter(arrival_date__lte=value).filter(
            Q(actual_end__isnull=True) | Q(actual_end__gt=value)
        )


class WaveFilter(StrictFilterSet):
    contingent = ChooserFilter("contingent", field_name="contingent", label=_("Contingent"))

    class Meta:
        model = DeploymentWave
        fields = ["contingent", "assumed_date"]


class RotationFilter(StrictFilterSet):
    contingent = ChooserFilter(
        "contingent", field_name="incoming_wave__contingent", label=_("Contingent")
    )

    class Meta:
        model = Rotation
        fields = ["contingent"]


class ObligationFilter(StrictFilterSet):
    resolution = filters.CharFilter(field_name="mandate__resolution", label=_("Resolution"))

    class Meta:
        model = ReportingObligation
        fields = ["resolution", "trigger", "reporting_party", "addressee", "confirmed"]
