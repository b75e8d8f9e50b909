"""The forms of the logistics pages. A status change is a short form (status,
reason, date, note) so that a commander in the field reports a breakdown in a few
taps from a phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import ChooserField, set_user
from konbit.core.filters import DATE_INPUT
from konbit.forces.models import Unit
from konbit.forces.policies import contingents_for
from konbit.logistics.models import Asset, JobKind, Reason, Status
from konbit.logistics.services import ASSET_FIELDS

# The reasons a person records (the receipt comes with the asset; jobs record the
# rest of maintenance).
RECORDED_REASONS = [
    (value, label)
    for value, label in Reason.choices
    if value not in (Reason.RECEIVED, Reason.REPAIRED, Reason.SERVICED)
] + [(Reason.REPAIRED.value, Reason.REPAIRED.label)]


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.contingent.country.iso3})"


class AssetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    contingent = ChooserField("contingent", label=_("Contingent"))
    unit = UnitChoice(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    base_commune = ChooserField(
        "commune", label=_("Base commune"), required=False, help_text=_("Name or P-code.")
    )

    class Meta:
        model = Asset
        fields = list(ASSET_FIELDS)
        widgets = {
            "received_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "donor_country": forms.TextInput(attrs={"maxlength": 3, "size": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = "create" if self.instance._state.adding else "change"
        contingents = contingents_for(user, Asset, action)
        self.fields["contingent"].queryset = contingents  # type: ignore[attr-defined]
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.filter(contingent__in=contingents)
            .select_related("contingent__country")
            .order_by("contingent__name", "name")
        )
        set_user(self.fields.values(), user)
        if self.instance._state.adding:
            own = list(contingents[:2])
            if len(own) == 1:
                self.initial.setdefault("contingent", own[0])
        else:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        """The identifier's uniqueness is the service's to check (case ignored)."""

    def _post_clean(self) -> None:
        """The model's rules are the service's, which names the field; the form only
        checks each value's shape."""

    def record_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ASSET_FIELDS}


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status now"),
        choices=[(v, label) for v, label in Status.choices],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=RECORDED_REASONS)
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty for today."),
    )
    incident = ChooserField("incident", required=False, label=_("Incident"))
    operation = ChooserField("operation", required=False, label=_("Joint operation"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, where the asset is, what it needs."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_user(self.fields.values(), user)


class JobForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of job"), choices=JobKind.choices)
    opened_on = forms.DateField(
        label=_("Opened on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty for today."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    workshop = forms.CharField(label=_("Workshop"), max_length=200, required=False)
    parts_awaited = forms.CharField(
        label=_("Parts awaited"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseJobForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty for today."),
    )
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FiguresForm(forms.Form):
    """The date and the period of the availability figures."""

    on = forms.DateField(label=_("Available on"), required=False, widget=DATE_INPUT)
    since = forms.DateField(label=_("Months from"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("Months until"), required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        if since and until and (until - since) > dt.timedelta(days=3 * 366):
            self.add_error("until", _("Choose a period of three years at most."))
        return data
