"""The forms of the incident and operation pages. The fields a user may edit are the
services' (``MISSION_FIELDS``, ``REPORT_FIELDS``); the sensitive ones appear only for
readers of sensitive fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.operations import selectors
from konbit.operations.models import SENSITIVE_FIELDS, Incident, JointOperation, Origin
from konbit.operations.serializers import OPERATION_FIELDS
from konbit.operations.services import MISSION_FIELDS, REPORT_FIELDS
from konbit.operations.taxonomy import (
    EVENT_TYPE_CHOICES,
    SUB_EVENT_TYPE_CHOICES,
    SUB_EVENT_TYPES,
)


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IncidentForm(VersionedForm):
    # The values are ACLED's English strings; what the select shows is translated.
    event_type = forms.ChoiceField(label=_("Event type"), choices=EVENT_TYPE_CHOICES)
    sub_event_type = forms.ChoiceField(label=_("Sub-event type"), choices=SUB_EVENT_TYPE_CHOICES)

    class Meta:
        model = Incident
        fields = [*REPORT_FIELDS, *MISSION_FIELDS]
        widgets = {
            "event_date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "tags": forms.Textarea(attrs={"rows": 1}),
            # ACLED's names and places are unbounded text, edited on one line.
            **dict.fromkeys(
                ("actor1", "actor2", "region", "country", "admin1", "admin2", "admin3"),
                forms.TextInput,
            ),
            "location": forms.TextInput,
            "source_scale": forms.TextInput,
            "assoc_actor_1": forms.Textarea(attrs={"rows": 2}),
            "assoc_actor_2": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in SENSITIVE_FIELDS},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        keep = set(MISSION_FIELDS)
        if instance._state.adding or instance.origin == Origin.MISSION:
            keep |= set(REPORT_FIELDS)
        if not selectors.sees_sensitive(user):
            keep -= set(SENSITIVE_FIELDS)
        for name in list(self.fields):
            if name not in keep and name != "version":
                del self.fields[name]
        for name in ("disorder_type",):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event, sub = data.get("event_type"), data.get("sub_event_type")
        if event and sub and SUB_EVENT_TYPES.get(sub, ("",))[0] != event:
            self.add_error("sub_event_type", _("Choose a sub-event type of the event type."))
        if "disorder_type" in self.fields and sub and not data.get("disorder_type"):
            data["disorder_type"] = SUB_EVENT_TYPES[sub][1]
        return data

    def changed_data_dict(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class OperationForm(VersionedForm):
    class Meta:
        model = JointOperation
        fields = OPERATION_FIELDS
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "objective": forms.Textarea(attrs={"rows": 3}),
            "after_action_notes": forms.Textarea(attrs={"rows": 4}),
            "seizures": forms.Textarea(attrs={"rows": 2}),
            "mission_units": forms.Textarea(attrs={"rows": 2}),
            "hnp_units": forms.Textarea(attrs={"rows": 2}),
        }

    def changed_data_dict(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}
