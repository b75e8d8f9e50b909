"""The filters of stability's lists, shared by the pages and the API."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import ChooserField, ChooserFilter, StrictFilterSet
from konbit.stability.models import Confidence, IndicatorValue, Milestone, MilestoneState


def _indicator_choices() -> list[tuple[str, str]]:
    from konbit.stability.models import Indicator

    return [("", "---------"), *Indicator.objects.order_by("name").values_list("code", "name")]


class IndicatorField(forms.ChoiceField):
    """An indicator chosen by name from a list (the value is its code, ``idps``); its
    id is accepted too. An unknown one is an error of the field."""

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value)).strip()
        try:
            key = uuid.UUID(text)
        except ValueError:
            return text
        from konbit.stability.models import Indicator

        code = Indicator.objects.filter(pk=key).values_list("code", flat=True).first()
        return code or text


class IndicatorFilter(filters.Filter):
    field_class = IndicatorField

    def __init__(self) -> None:
        super().__init__(method=_indicator, label=_("Indicator"), choices=_indicator_choices)


def _indicator(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    """An indicator by its code (``idps``; an id was turned into its code)."""
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
    indicator = IndicatorFilter()
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
    indicator = IndicatorFilter()
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
