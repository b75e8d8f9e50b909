"""Filters of the gazetteer's lists (API and pages): ``?pcode=``, ``?q=`` and the
parent P-codes. P-codes are matched whatever their case; several may be given
separated by commas."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.places.models import Arrondissement, CommunalSection, Commune, Department
from konbit.places.selectors import name_filter


class PCodeFilter(filters.CharFilter):
    """One P-code or several separated by commas (``HT0111,HT0117``)."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        pcodes = [part.strip().upper() for part in str(value or "").split(",") if part.strip()]
        if not pcodes:
            return qs
        return qs.filter(**{f"{self.field_name}__in": pcodes})


class PlaceFilter(filters.FilterSet):
    pcode = PCodeFilter(field_name="pcode", label=_("P-code (several: comma-separated)"))
    q = filters.CharFilter(
        method="search", label=_("Name or P-code (accents and case ignored)"), max_length=100
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(name_filter(value))


class DepartmentFilter(PlaceFilter):
    class Meta:
        model = Department
        fields = ["pcode", "q"]


class ArrondissementFilter(PlaceFilter):
    department = PCodeFilter(field_name="department_id", label=_("Department P-code"))

    class Meta:
        model = Arrondissement
        fields = ["pcode", "q", "department"]


class CommuneFilter(PlaceFilter):
    department = PCodeFilter(field_name="department_id", label=_("Department P-code"))
    arrondissement = PCodeFilter(field_name="arrondissement_id", label=_("Arrondissement P-code"))

    class Meta:
        model = Commune
        fields = ["pcode", "q", "department", "arrondissement"]


class SectionFilter(PlaceFilter):
    department = PCodeFilter(field_name="department_id", label=_("Department P-code"))
    commune = PCodeFilter(field_name="commune_id", label=_("Commune P-code"))

    class Meta:
        model = CommunalSection
        fields = ["pcode", "q", "department", "commune"]
