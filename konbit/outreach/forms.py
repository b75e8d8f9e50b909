"""The forms of the outreach pages. Audiences are counts; the text fields say, in
their help, that no child is ever named."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import ChooserField, set_user
from konbit.forces.models import Unit
from konbit.forces.policies import contingents_for
from konbit.outreach.models import Activity, ConcernCategory, TopicCode


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.contingent.country.iso3})"


class ActivityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    commune = ChooserField(
        "commune", label=_("Commune"), help_text=_("Chosen by its name; the P-code is kept.")
    )
    unit = UnitChoice(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=TopicCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    field_order = [
        "kind", "held_on", "commune", "venue", "contingent", "unit", "partners", "topics",
    ]  # fmt: skip

    class Meta:
        model = Activity
        # ``topics`` is the form's own field (a list of codes), stored by the service.
        fields = [
            "kind",
            "held_on",
            "commune",
            "venue",
            "contingent",
            "unit",
            "partners",
            "girls",
            "boys",
            "women",
            "men",
            "follow_up",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            **{
                name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
                for name in ("girls", "boys", "women", "men")
            },
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_user(self.fields.values(), user)
        action = "create" if self.instance._state.adding else "change"
        contingents = contingents_for(user, Activity, action)
        self.fields["contingent"].queryset = contingents  # type: ignore[attr-defined]
        self.fields["contingent"].empty_label = None  # type: ignore[attr-defined]
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.filter(contingent__in=contingents)
            .select_related("contingent__country")
            .order_by("contingent__name", "name")
        )
        if not self.instance._state.adding:
            self.initial["version"] = self.instance.version
            self.initial["topics"] = self.instance.topic_codes

    def record_data(self) -> tuple[dict[str, Any], list[str]]:
        data = {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("version", "topics")
        }
        return data, list(self.cleaned_data["topics"])


class ConcernForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What the concern is about"), choices=ConcernCategory.choices
    )
    text = forms.CharField(
        label=_("What was raised"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What was said, when and where. Describe a child by age and sex, never by "
            "name. A concern about a child's safety or the mission's conduct is referred "
            "to oversight: only its reference stays on the activity."
        ),
    )
