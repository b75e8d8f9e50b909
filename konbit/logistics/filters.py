"""The filters of assets: one set for the list page, the API, the export and the
availability figures. An unknown value is an error of its field (a 400 naming the
parameter, an empty list with the error on a page)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import ChooserFilter, StrictFilterSet
from konbit.logistics.models import Asset, Kind, Status


class AssetFilter(StrictFilterSet):
    kind = filters.ChoiceFilter(choices=lambda: Kind.choices, label=_("Kind"))
    status = filters.ChoiceFilter(choices=lambda: Status.choices, label=_("Status"))
    # Chosen by name or code (core.choosers).
    contingent = ChooserFilter("contingent", field_name="contingent", label=_("Contingent"))
    commune = ChooserFilter("commune", field_name="base_commune", label=_("Base commune"))
    identifier = filters.CharFilter(
        field_name="identifier", lookup_expr="icontains", label=_("Identifier contains")
    )

    class Meta:
        model = Asset
        fields: list[str] = []


class FiguresFilter(StrictFilterSet):
    """The availability figures: by kind and contingent (no identifier)."""

    kind = filters.ChoiceFilter(choices=lambda: Kind.choices, label=_("Kind"))
    contingent = ChooserFilter("contingent", field_name="contingent", label=_("Contingent"))

    class Meta:
        model = Asset
        fields: list[str] = []
