"""The pages' forms. Each carries the record's version in a hidden field; related
choices are limited to what the user may see or write."""

from __future__ import annotations

import re
from typing import Any

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import ChooserField
from konbit.forces import selectors
from konbit.forces.models import (
    Contingent,
    Deployment,
    DeploymentWave,
    Mandate,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)
from konbit.forces.policies import contingents_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(forms.ModelForm):
    """A model form with the version the user read, for the stale-edit check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.instance._state.adding and not self.is_bound:
            self.initial["version"] = self.instance.version
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE

    def _post_clean(self) -> None:
        # Validation of the model belongs to the services (they run full_clean).
        pass

    def record_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def shown(self) -> list[Any]:
        """Records of other kinds the form shows (a prefilled person): the page
        audits their reads as their policies say."""
        return []


class MandateForm(RecordForm):
    class Meta:
        model = Mandate
        fields = [
            "resolution",
            "title",
            "adopted_on",
            "starts_on",
            "ends_on",
            "authorized_ceiling",
            "planning_figure",
            "notes",
        ]


class ObligationForm(RecordForm):
    content_sections = forms.CharField(
        label=_("Required content sections"),
        required=False,
        help_text=_("One a line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = ReportingObligation
        fields = [
            "mandate",
            "title",
            "paragraph",
            "reporting_party",
            "addressee",
            "trigger",
            "interval_days",
            "deadline",
            "event",
            "content_sections",
            "confirmed",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and not self.is_bound:
            self.initial["content_sections"] = "\n".join(self.instance.content_sections)

    def clean_content_sections(self) -> list[str]:
        text = self.cleaned_data.get("content_sections") or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class CountryInput(forms.TextInput):
    """A text box offering every country of ISO 3166-1 by name (a static list: a new
    contingent's country need not be recorded yet)."""

    template_name = "forces/widgets/country.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or name}-options"
        widget["attrs"].update({"list": widget["list_id"], "autocomplete": "off"})
        widget["options"] = sorted(
            f"{getattr(c, 'common_name', None) or c.name} ({c.alpha_3})"
            for c in pycountry.countries
        )
        return context


class CountryField(forms.CharField):
    """A country chosen by name (English, common or official), by the list's label
    ("Kenya (KEN)") or by its ISO code; cleans to its ISO 3166-1 alpha-3 code."""

    widget = CountryInput

    def to_python(self, value: Any) -> str:
        text = " ".join(str(super().to_python(value) or "").split())
        if not text:
            return ""
        labelled = re.match(r"^.*\((?P<code>[A-Za-z]{2,3})\)$", text)
        for attempt in (labelled.group("code"), text) if labelled else (text,):
            try:
                return str(pycountry.countries.lookup(attempt).alpha_3)
            except LookupError:
                continue
        raise ValidationError(
            _("No country is named “%(value)s”: type its name or its ISO 3166-1 code (KEN)."),
            code="unknown",
            params={"value": text},
        )


class ContingentForm(RecordForm):
    iso3 = CountryField(
        label=_("Country"), required=False, help_text=_("Its name or its code (KEN).")
    )

    class Meta:
        model = Contingent
        fields = ["name", "is_lead_nation", "pledged_strength", "commander", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            del self.fields["iso3"]
        else:
            self.fields["iso3"].required = True
            self.order_fields(["iso3"])


class UnitForm(RecordForm):
    class Meta:
        model = Unit
        fields = ["contingent", "name", "unit_type", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = "change" if not self.instance._state.adding else "create"
        self.fields["contingent"].queryset = contingents_for(self.user, Unit, action)  # type: ignore[attr-defined]


class PersonForm(RecordForm):
    class Meta:
        model = Personnel
        fields = [
            "contingent",
            "service_number",
            "rank",
            "rank_grade",
            "given_name",
            "family_name",
            "sex",
            "date_of_birth",
            "specialty",
            "languages",
            "unit",
            "hr_screening",
            "hr_screened_on",
            "medical_clearance",
            "predeployment_training",
            "status",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = "change" if not self.instance._state.adding else "create"
        writable = contingents_for(self.user, Personnel, action)
        self.fields["contingent"].queryset = writable  # type: ignore[attr-defined]
        self.fields["unit"].queryset = selectors.units_visible_to(self.user).filter(  # type: ignore[attr-defined]
            contingent__in=writable
        )


class DeploymentForm(RecordForm):
    # Chosen by name or service number: a contingent has up to 1,100 people.
    person = ChooserField("person", label=_("Person"))

    class Meta:
        model = Deployment
        fields = ["person", "wave", "arrival_date", "planned_end", "actual_end", "end_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        self.fields["person"].queryset = lambda: selectors.personnel_visible_to(user)  # type: ignore[attr-defined]
        self.fields["wave"].queryset = selectors.waves_visible_to(self.user)  # type: ignore[attr-defined]

    def shown(self) -> list[Any]:
        value = self["person"].value()
        if not value:
            return []
        try:
            person = self.fields["person"].clean(value)
        except ValidationError:
            return []
        return [person] if isinstance(person, Personnel) else []


class WaveForm(RecordForm):
    class Meta:
        model = DeploymentWave
        fields = [
            "contingent",
            "arrival_date",
            "count_announced",
            "description",
            "assumed_date",
            "source",
        ]


class RotationForm(RecordForm):
    class Meta:
        model = Rotation
        fields = ["incoming_wave", "outgoing_wave", "overlap_start", "overlap_end", "notes"]
