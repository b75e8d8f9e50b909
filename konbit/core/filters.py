from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.models import AuditAction, AuditEntry

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class AuditFilter(filters.FilterSet):
    target = filters.CharFilter(field_name="target_id", label=_("Record id"))
    actor = filters.CharFilter(field_name="actor_username", label=_("Actor"))
    action = filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    target_type = filters.CharFilter(label=_("Record type"))
    since = filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("Since"), widget=DATE_INPUT
    )
    until = filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("Until"), widget=DATE_INPUT
    )

    class Meta:
        model = AuditEntry
        fields = ["target", "actor", "action", "target_type", "since", "until"]
