"""The forms of oversight: an officer's complaint form, the status form, and the
public's filing and follow-up forms (no account; every field says what it is for)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import ChooserField, set_user
from konbit.core.exceptions import DomainError
from konbit.oversight import services
from konbit.oversight.models import (
    Category,
    Complaint,
    ReferredTo,
    Status,
    normalize_reference,
)
from konbit.places.models import Commune

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ComplaintForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    commune = ChooserField(
        "commune", label=_("Commune"), required=False, help_text=_("Chosen by its name.")
    )
    contingent = ChooserField(
        "contingent", label=_("Contingent concerned"), required=False, help_text=_("If known.")
    )

    class Meta:
        model = Complaint
        fields = list(services.COMPLAINT_FIELDS)
        widgets = {
            "received_at": DATETIME,
            "occurred_on": DATE,
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_user(self.fields.values(), user)
        self.fields["received_at"].input_formats = [  # type: ignore[attr-defined]
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ]
        if not self.instance._state.adding:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        """The complaint's rules (``services.check_facts``) before the model's own
        validation, so that a child victim makes minor misconduct serious rather
        than a form error, and each broken rule is its field's error."""
        data = super().clean() or {}
        if self.errors:
            return data
        instance = None if self.instance._state.adding else self.instance
        try:
            data.update(services.check_facts(dict(data), instance))
        except DomainError as exc:
            for field, problems in exc.errors.items():
                for problem in problems:
                    self.add_error(field if field in self.fields else None, problem)
        return data

    def record_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    changed_at = forms.DateTimeField(
        label=_("Date"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Now if left empty."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_to = forms.ChoiceField(
        label=_("Referred to"),
        required=False,
        choices=[("", "---------"), *ReferredTo.choices],
        help_text=_("Only for a referral."),
    )
    referred_to_whom = forms.CharField(label=_("With whom"), required=False, max_length=200)
    referred_reference = forms.CharField(label=_("Their reference"), required=False, max_length=100)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Status.choices if value in allowed
        ]


class FileForm(forms.Form):
    """The public's form: what happened, when, where; who they are only if they
    wish (a complaint may be anonymous)."""

    category = forms.ChoiceField(
        label=_("What is your complaint about?"),
        choices=[("", "---------"), *Category.choices],
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who did what, to whom (no need to give names), as far as you know."),
    )
    occurred_on = forms.DateField(label=_("When it happened"), required=False, widget=DATE)
    commune = ChooserField(
        "commune",
        label=_("Commune"),
        required=False,
        queryset=Commune.objects.all,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("The commune's name, e.g. Cabaret."),
    )
    place = forms.CharField(
        label=_("Place"), required=False, max_length=200, help_text=_("A street, a landmark.")
    )
    complainant_name = forms.CharField(
        label=_("Your name"), required=False, max_length=200, help_text=_("Optional.")
    )
    complainant_contact = forms.CharField(
        label=_("Phone or e-mail"), required=False, max_length=200, help_text=_("Optional.")
    )
    consent_to_contact = forms.BooleanField(
        label=_("You may contact me about this complaint"), required=False
    )


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Your reference code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "CRM-XXXX-XXXX"}),
    )

    def clean_code(self) -> str:
        code = normalize_reference(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("A reference code looks like CRM-7K2P-Q9XM (8 letters and digits).")
            )
        return code
