"""The forms of the registry's pages: shape only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from konbit.actors.models import (
    ArmedGroup,
    Designation,
    GroupAlias,
    Person,
    PersonAlias,
    Relation,
    StatusChange,
    StrengthEstimate,
    Territory,
)
from konbit.core.choosers import ChooserField

DATE = forms.DateInput(attrs={"type": "date"})
GRADING = ["source", "reliability", "credibility", "review_on"]


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned fields, without the version and many-to-many fields."""
        many = {f.name for f in self._meta.model._meta.many_to_many}
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and name not in many
        }

    def m2m_for_service(self) -> dict[str, Any]:
        many = {f.name for f in self._meta.model._meta.many_to_many}
        return {name: list(value) for name, value in self.cleaned_data.items() if name in many}


class ArmedGroupForm(VersionedForm):
    class Meta:
        model = ArmedGroup
        fields = [
            "name",
            "kind",
            "base_communes",
            "founded_on",
            "founded_precision",
            "operational_on",
            "dissolved_on",
            "description",
        ]
        widgets = {
            "founded_on": DATE,
            "operational_on": DATE,
            "dissolved_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "base_communes": forms.SelectMultiple(attrs={"size": 6}),
        }

    def validate_unique(self) -> None:
        """Names are checked by the service, with the aliases (one message)."""


class PersonForm(VersionedForm):
    class Meta:
        model = Person
        fields = ["name", "born_on", "born_precision", "description"]
        widgets = {"born_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}


# The statement kinds a page may add, with their fields (the grading comes last).
STATEMENT_FIELDS: dict[str, tuple[type[Model], list[str]]] = {
    "alias": (GroupAlias, ["group", "name", "language", "kind"]),
    "status": (StatusChange, ["group", "status", "on", "reason", "evidence_operations"]),
    "strength": (StrengthEstimate, ["group", "on", "low", "high"]),
    "relation": (
        Relation,
        ["kind", "person", "member_group", "group", "role", "starts_on", "ends_on", "note"],
    ),
    "territory": (Territory, ["group", "commune", "section", "control", "starts_on", "ends_on"]),
    "designation": (
        Designation,
        [
            "group",
            "person",
            "authority",
            "programme",
            "instrument",
            "listed_on",
            "delisted_on",
            "reference",
        ],
    ),
    "person_alias": (PersonAlias, ["person", "name", "language", "kind"]),
}

STATEMENT_TITLES = {
    "alias": _("Alias of a group"),
    "status": _("Status change"),
    "strength": _("Strength estimate"),
    "relation": _("Relation"),
    "territory": _("Territory"),
    "designation": _("Designation"),
    "person_alias": _("Alias of a person"),
}


def statement_form(kind: str) -> type[StatementForm]:
    model, fields = STATEMENT_FIELDS[kind]
    date_fields = {
        name: DATE
        for name in [*fields, "review_on"]
        if name in ("on", "starts_on", "ends_on", "listed_on", "delisted_on", "review_on")
    }
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [*fields, *GRADING],
            "widgets": {**date_fields, "source": forms.Textarea(attrs={"rows": 2})},
        },
    )
    attrs: dict[str, Any] = {"Meta": meta}
    if "person" in fields:
        # Chosen by name as the user types: the form never lists every person (each
        # offer is an audited read); the prefilled one is read by the page (``shown``).
        attrs["person"] = ChooserField(
            "actor_person", required=kind == "person_alias", label=_("person")
        )
    return type(f"{model.__name__}Form", (StatementForm,), attrs)


class StatementForm(VersionedForm):
    """A statement's form; its person (if it has one) is chosen by name."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "person" in self.fields:
            self.fields["person"].user = user  # type: ignore[attr-defined]

    def shown(self) -> list[Person]:
        """The person the form is prefilled with (its name is on the page)."""
        if "person" not in self.fields:
            return []
        value = self["person"].value()
        if not value:
            return []
        try:
            person = self.fields["person"].clean(value)
        except forms.ValidationError:
            return []
        return [person] if isinstance(person, Person) else []
