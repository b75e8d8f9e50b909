from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.core.models import AuditAction, AuditEntry


class AuditFilter(filters.FilterSet):
    target = filters.CharFilter(field_name="target_id", label=_("Record id"))
    actor = filters.CharFilter(field_name="actor_username", label=_("Actor"))
    action = filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    target_type = filters.CharFilter(label=_("Record type"))
    since = filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte", label=_("Since"))
    until = filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt", label=_("Until"))

    class Meta:
        model = AuditEntry
        fields = ["target", "actor", "action", "target_type", "since", "until"]
