"""The pages' forms; each carries the record's version (forces' ``RecordForm``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import ChooserField
from konbit.forces.forms import RecordForm
from konbit.places.models import Commune
from konbit.stability.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    Objective,
)


class ObjectiveForm(RecordForm):
    class Meta:
        model = Objective
        fields = ["mandate", "code", "title", "description"]


class MilestoneForm(RecordForm):
    class Meta:
        model = Milestone
        fields = ["objective", "title", "description", "target_date", "indicators"]
        widgets = {"indicators": forms.CheckboxSelectMultiple}

    def record_data(self) -> dict[str, Any]:
        data = super().record_data()
        data["indicators"] = list(data.get("indicators") or [])
        return data


class StatusForm(forms.ModelForm):
    class Meta:
        model = MilestoneStatus
        fields = ["status", "on", "source", "source_url", "confirmed", "note"]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self) -> None:
        pass  # the service validates


class IndicatorForm(RecordForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "description"]


class ValueForm(RecordForm):
    # Chosen by name (core.choosers); empty is the national figure.
    commune = ChooserField(
        "commune",
        queryset=Commune.objects.all(),
        required=False,
        label=_("Commune"),
        help_text=_("Leave empty for the national figure."),
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "commune",
            "date",
            "period_start",
            "value",
            "female",
            "male",
            "source",
            "source_url",
            "confidence",
            "published",
        ]


class MapForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), empty_label=None
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, indicators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]


class SeriesForm(forms.Form):
    # Chosen by name (core.choosers); empty is the national figure.
    commune = ChooserField(
        "commune",
        queryset=Commune.objects.all(),
        required=False,
        label=_("Commune"),
        help_text=_("Leave empty for the national figure."),
    )
