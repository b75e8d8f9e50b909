"""The forms of the seizure pages. The fields are the services' (``SEIZURE_FIELDS``,
``ITEM_FIELDS``, the fields of each custody entry); an item's form shows the fields
of its kind only, so that it fits a phone's screen."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.accounts.models import User
from konbit.core.choosers import ChooserField, set_user
from konbit.forces.membership import contingent_id_of
from konbit.forces.models import Contingent, Unit
from konbit.seizures import policies
from konbit.seizures.models import (
    Agency,
    CustodyEvent,
    EventKind,
    ItemKind,
    SeizedItem,
    Seizure,
)
from konbit.seizures.services.seizures import ITEM_FIELDS, KIND_FIELDS, SEIZURE_FIELDS

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def changed_data_dict(self) -> dict[str, Any]:
        """The cleaned values of the model's fields that the form shows."""
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields or ()
            if name in self.cleaned_data
        }


class SeizureForm(VersionedForm):
    # Chosen by name (core.choosers), among what the user may read.
    incident = ChooserField("incident", required=False, label=_("Incident"))
    operation = ChooserField("operation", required=False, label=_("Joint operation"))
    armed_group = ChooserField("armed_group", required=False, label=_("Armed group attributed"))

    class Meta:
        model = Seizure
        fields = list(SEIZURE_FIELDS)
        widgets = {
            "seized_at": DATETIME_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contingents = Contingent.objects.select_related("country")
        if not policies.writes_any_contingent(user):
            own = contingent_id_of(user)
            contingents = contingents.filter(pk=own) if own else contingents.none()
        self.fields["seizing_contingent"].queryset = contingents  # type: ignore[attr-defined]
        self.fields["seizing_unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            contingent__in=contingents
        ).select_related("contingent")
        if not policies.sees_armed_groups(user):
            del self.fields["armed_group"]  # the actors part's rule: not theirs to read
        set_user(self.fields.values(), user)
        self.fields["seized_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]


class ItemForm(VersionedForm):
    """An item of one kind: the common fields and those of its kind."""

    class Meta:
        model = SeizedItem
        fields = list(ITEM_FIELDS)
        widgets = {
            "kind": forms.HiddenInput,
            "gross_weight_g": forms.NumberInput(
                attrs={"step": "0.001", "min": "0", "inputmode": "decimal"}
            ),
            "net_weight_g": forms.NumberInput(
                attrs={"step": "0.001", "min": "0", "inputmode": "decimal"}
            ),
            "amount": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
            "count": forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kinds in KIND_FIELDS.items():
            if kind not in kinds:
                del self.fields[name]
        self.fields["kind"].initial = kind
        if kind not in (ItemKind.AMMUNITION, ItemKind.MAGAZINE, ItemKind.OTHER):
            self.fields["count"].widget = forms.HiddenInput()
        # This form's own options (the class's are shared by every request).
        self._meta = copy.copy(self._meta)
        self._meta.fields = [name for name in ITEM_FIELDS if name in self.fields]

    def validate_unique(self) -> None:
        """Exhibit numbers are the service's to check: its message names the number."""


def _when() -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty for now."),
    )


# The fields of each kind of entry a person records, in the order the form shows them.
ENTRY_FORM_FIELDS: dict[str, tuple[str, ...]] = {
    EventKind.SEALED: ("seal_number",),
    EventKind.STORED: ("location",),
    EventKind.EXAMINED: ("examiner", "result", "weight_g"),
    EventKind.TRANSFERRED: ("to_user", "location"),
    EventKind.HANDED_OVER: ("agency", "receiving_official", "document_reference"),
    EventKind.RETURNED: ("receiving_official", "document_reference"),
    EventKind.DISPOSED: ("method", "authority", "witnesses", "document_reference"),
    EventKind.CORRECTION: ("corrects", "location", "seal_number"),
}


class CustodyEntryForm(forms.Form):
    """One entry of ``kind`` for ``item``."""

    occurred_at = _when()
    seal_number = forms.CharField(label=_("Seal number"), max_length=40, required=False)
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    examiner = forms.CharField(label=_("Examined by"), max_length=200, required=False)
    result = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight_g = forms.DecimalField(
        label=_("Weight measured (g)"), required=False, min_value=0, decimal_places=3, max_digits=12
    )
    to_user = forms.ModelChoiceField(
        label=_("Receiver"), queryset=User.objects.none(), required=False
    )
    agency = forms.ChoiceField(
        label=_("Receiving authority"), choices=Agency.choices, required=False
    )
    receiving_official = forms.CharField(
        label=_("Receiving official"), max_length=200, required=False
    )
    document_reference = forms.CharField(
        label=_("Document reference"), max_length=100, required=False
    )
    method = forms.CharField(label=_("Method"), max_length=200, required=False)
    authority = forms.CharField(label=_("Authorized by"), max_length=200, required=False)
    witnesses = forms.CharField(label=_("Witnesses"), max_length=300, required=False)
    corrects = forms.ModelChoiceField(
        label=_("Entry corrected"), queryset=CustodyEvent.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, kind: str, item: SeizedItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = {"occurred_at", "notes", *ENTRY_FORM_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "to_user" in self.fields:
            receivers = User.objects.filter(is_active=True).order_by("username")
            if item.holder_id is not None:
                receivers = receivers.exclude(pk=item.holder_id)
            self.fields["to_user"].queryset = receivers  # type: ignore[attr-defined]
            self.fields["to_user"].required = True
        if "corrects" in self.fields:
            self.fields["corrects"].queryset = item.custody_events.exclude(  # type: ignore[attr-defined]
                kind=EventKind.CORRECTION
            ).order_by("sequence")
            self.fields["corrects"].required = True


class AnswerForm(forms.Form):
    """Confirm or refuse a transfer or hand-over (the button pressed decides)."""

    location = forms.CharField(label=_("Where you keep it"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes (why, if you refuse)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
