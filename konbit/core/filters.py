from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.choosers import StrictFilterSet
from konbit.core.models import AuditAction, AuditEntry

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def record_kinds() -> list[tuple[str, str]]:
    """Every kind of record an entry may be about, by its name ("Incident
    (Operations)"); the value is the entry's ``target_type`` ("operations.incident")."""
    kinds = [
        (
            f"{model._meta.app_label}.{model._meta.model_name}",
            f"{capfirst(model._meta.verbose_name)} ({model._meta.app_config.verbose_name})",
        )
        for model in apps.get_models()
    ]
    return sorted(kinds, key=lambda kind: kind[1].casefold())


class AuditFilter(StrictFilterSet):
    """The trail by record kind (chosen by name), record id, actor, action or period;
    an unknown kind or action is an error of its field (API: 400), never every entry."""

    target_type = filters.ChoiceFilter(
        choices=record_kinds, label=_("Kind of record"), empty_label=_("Any")
    )
    target = filters.CharFilter(
        field_name="target_id",
        max_length=64,
        label=_("Record id (UUID or number)"),
        help_text=_("The id shown under the record in this list, or in its address."),
    )
    record = filters.CharFilter(
        field_name="target_repr",
        lookup_expr="icontains",
        max_length=200,
        label=_("Record name contains"),
    )
    actor = filters.CharFilter(field_name="actor_username", label=_("Actor"))
    action = filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    since = filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("Since"), widget=DATE_INPUT
    )
    until = filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("Until"), widget=DATE_INPUT
    )

    class Meta:
        model = AuditEntry
        fields = ["target_type", "target", "record", "actor", "action", "since", "until"]
