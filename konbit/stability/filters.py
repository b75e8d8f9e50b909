"""The filters of stability's lists, shared by the pages and the API."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import ChooserField, ChooserFilter, StrictFilterSet
from konbit.stability.models import Confidence, IndicatorValue, Milestone, MilestoneState


def _indicator(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    """An indicator by its id or its code (``idps``)."""
    value = value.strip()
    try:
        return queryset.filter(Q(indicator_id=uuid.UUID(value)))
    except ValueError:
        return queryset.filter(indicator__code=value)


NATIONAL = "national"


def national(text: str) -> bool:
    """Whether ``text`` names the country rather than a commune."""
    return text.strip().casefold() in {NATIONAL, "hti", str(_("National")).casefold()}


class CommuneOrNationalField(ChooserField):
    """A commune chosen by name or P-code (``core.choosers``), or "national"; the
    gazetteer is public, so every commune may be chosen (the public API too)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", _communes)
        super().__init__("commune", to_code=True, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and national(value):
            return NATIONAL
        return super().to_python(value)


def _communes() -> QuerySet[Any]:
    from konbit.places.models import Commune

    return Commune.objects.all()


class CommuneOrNationalFilter(ChooserFilter):
    field_class = CommuneOrNationalField  # type: ignore[assignment]  # its own arguments

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Commune (or national)"))
        super(ChooserFilter, self).__init__(*args, method=_commune, **kwargs)


def _commune(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    """A commune (its P-code, once chosen); ``national`` for the national figures."""
    if value == NATIONAL:
        return queryset.filter(commune__isnull=True)
    return queryset.filter(commune_id=value)


class ValueFilter(StrictFilterSet):
    indicator = filters.CharFilter(method=_indicator, label=_("Indicator (id or code)"))
    commune = CommuneOrNationalFilter()
    since = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Since"))
    until = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"))
    source = filters.CharFilter(field_name="source", lookup_expr="icontains", label=_("Source"))
    confidence = filters.ChoiceFilter(choices=Confidence.choices, label=_("Confidence"))
    published = filters.BooleanFilter(label=_("Published"))

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "commune", "since", "until", "source", "confidence", "published"]


class PublicValueFilter(filters.FilterSet):
    indicator = filters.CharFilter(method=_indicator, label=_("Indicator (id or code)"))
    commune = CommuneOrNationalFilter()
    since = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Since"))
    until = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "commune", "since", "until"]


def _status(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    if value == MilestoneState.PENDING:
        return queryset.filter(Q(status=value) | Q(status__isnull=True))
    return queryset.filter(status=value)


class MilestoneFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=MilestoneState.choices, method=_status, label=_("Status"))
    due_after = filters.DateFilter(
        field_name="target_date", lookup_expr="gte", label=_("Due after")
    )
    due_before = filters.DateFilter(
        field_name="target_date", lookup_expr="lte", label=_("Due before")
    )

    class Meta:
        model = Milestone
        fields = ["objective", "status", "due_after", "due_before"]
