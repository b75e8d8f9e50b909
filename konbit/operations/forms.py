"""The forms of the incident and operation pages. The fields a user may edit are the
services' (``MISSION_FIELDS``, ``REPORT_FIELDS``); the sensitive ones appear only for
readers of sensitive fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import (
    ChooserField,
    ChooserInput,
    ChooserMultipleField,
    chooser,
    set_user,
)
from konbit.core.policies import policy_for
from konbit.forces.selectors import contingents_visible_to, units_visible_to
from konbit.operations.models import (
    SENSITIVE_FIELDS,
    VICTIM_FIELDS,
    VICTIM_GROUPS,
    VICTIM_KINDS,
    Incident,
    JointOperation,
    Origin,
)
from konbit.operations.serializers import OPERATION_FIELDS
from konbit.operations.services import MISSION_FIELDS, REPORT_FIELDS
from konbit.operations.taxonomy import (
    EVENT_TYPE_CHOICES,
    SUB_EVENT_TYPE_CHOICES,
    SUB_EVENT_TYPES,
)


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# The incident form for the field: what a patrol knows first, ACLED's coding folded.
# Each section: its title, its fields, whether it starts folded.
INCIDENT_SECTIONS: list[tuple[Any, tuple[str, ...], bool]] = [
    (_("What happened"), ("event_type", "sub_event_type", "category", "notes"), False),
    (_("When"), ("event_date", "time_precision"), False),
    (_("Where"), ("commune", "location", "latitude", "longitude"), False),
    (
        _("Who"),
        (
            "actor1",
            "actor2",
            "perpetrator",
            "armed_group",
            "reporting_contingent",
            "reporting_unit",
            "operation",
        ),
        False,
    ),
    (_("Victims"), ("fatalities",), False),
    (_("Sensitive (recorded reads)"), (*SENSITIVE_FIELDS, "sensitive"), True),
    (_("Source and verification"), ("source", "source_scale", "verification"), True),
]
PLACE_NAMES = ("admin1", "admin2", "admin3")


class IncidentForm(VersionedForm):
    # The values are ACLED's English strings; what the select shows is translated.
    # Sub-event types are grouped by event type (incident_form.js shows the group of
    # the event type chosen).
    event_type = forms.ChoiceField(label=_("Event type"), choices=EVENT_TYPE_CHOICES)
    sub_event_type = forms.ChoiceField(label=_("Sub-event type"), choices=SUB_EVENT_TYPE_CHOICES)
    # Chosen by name (core.choosers); its P-code and ACLED's admin names are derived.
    commune = ChooserField(
        "commune",
        to_code=True,
        required=False,
        label=_("Commune"),
        help_text=_("Type its name, or drop a pin: the pin fills it in."),
    )
    operation = ChooserField("operation", required=False, label=_("Joint operation"))
    reporting_unit = forms.ChoiceField(label=_("Reporting unit"), required=False)

    class Meta:
        model = Incident
        fields = [*REPORT_FIELDS, *MISSION_FIELDS]
        widgets = {
            "event_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
            **dict.fromkeys(
                ("latitude", "longitude"),
                forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            ),
            **{
                name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
                for name in ("fatalities", *VICTIM_FIELDS)
            },
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        keep = set(MISSION_FIELDS) | {"commune"}
        if instance._state.adding or instance.origin == Origin.MISSION:
            keep |= set(REPORT_FIELDS)
        else:
            keep.discard("commune")  # an ACLED event's place is the import's
        keep -= policy_for(Incident).hidden_fields(user)
        for name in list(self.fields):
            if name not in keep and name != "version":
                del self.fields[name]
        set_user(self.fields.values(), user)
        armed_groups = chooser("armed_group").model  # actors', through the registry
        if "armed_group" in self.fields and policy_for(armed_groups).part_visible(user):
            # Free text (ACLED's names are kept as the source wrote them), with the
            # registry's groups suggested by name as the user types.
            self.fields["armed_group"].widget = ChooserInput("armed_group")
        if "disorder_type" in self.fields:
            self.fields["disorder_type"].required = False
        for name in ("latitude", "longitude"):
            if name in self.fields:
                # A chosen commune stands for the point when there is no pin (clean).
                self.fields[name].required = False
        for name in ("fatalities", *VICTIM_FIELDS):
            if name in self.fields:
                self.fields[name].required = False  # empty is none (clean)
        if "commune" in self.fields and not self.is_bound:
            self.initial.setdefault("commune", instance.commune_pcode or None)
        if "reporting_contingent" in self.fields:
            contingents = contingents_visible_to(user).select_related("country").order_by("name")
            self.fields["reporting_contingent"].queryset = contingents  # type: ignore[attr-defined]
        if "reporting_unit" in self.fields:
            self._units = {
                str(unit.pk): unit
                for unit in units_visible_to(user)
                .select_related("contingent__country")
                .order_by("contingent__name", "name")
            }
            groups: dict[str, list[tuple[str, str]]] = {}
            for key, unit in self._units.items():
                groups.setdefault(str(unit.contingent), []).append((key, unit.name))
            self.fields["reporting_unit"].choices = [("", "---------"), *groups.items()]  # type: ignore[attr-defined]
            if not self.is_bound and instance.reporting_unit_id:
                self.initial["reporting_unit"] = str(instance.reporting_unit_id)

    # --- layout -------------------------------------------------------------------------
    def sections(self) -> list[tuple[Any, list[Any], bool]]:
        """The form's sections for the page: the mission's first, then ACLED's coding
        (every field of the form not placed in a section), folded."""
        placed: set[str] = {"version", *VICTIM_FIELDS}
        found = []
        for title, names, folded in INCIDENT_SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            placed.update(names)
            if fields:
                found.append((title, fields, folded and not any(f.errors for f in fields)))
        rest = [self[name] for name in self.fields if name not in placed]
        if rest:
            found.append((_("ACLED coding (optional)"), rest, not any(f.errors for f in rest)))
        return found

    def victim_rows(self) -> list[tuple[Any, list[Any]]]:
        """The victims as a table: one row per kind, one column per group."""
        labels = {
            "killed": _("Killed"),
            "injured": _("Injured"),
            "kidnapped": _("Kidnapped"),
            "sgbv": _("Sexual violence"),
        }
        rows = []
        for kind in VICTIM_KINDS:
            names = [f"{kind}_{group}" for group in VICTIM_GROUPS]
            if all(name in self.fields for name in names):
                rows.append((labels[kind], [self[name] for name in names]))
        return rows

    # --- cleaning -----------------------------------------------------------------------
    def clean_reporting_unit(self) -> Any:
        key = self.cleaned_data.get("reporting_unit")
        return self._units.get(str(key)) if key else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("fatalities", *VICTIM_FIELDS):
            if name in self.fields and data.get(name) is None and name not in self.errors:
                data[name] = 0
        event, sub = data.get("event_type"), data.get("sub_event_type")
        if event and sub and SUB_EVENT_TYPES.get(sub, ("",))[0] != event:
            self.add_error("sub_event_type", _("Choose a sub-event type of the event type."))
        if "disorder_type" in self.fields and sub and not data.get("disorder_type"):
            data["disorder_type"] = SUB_EVENT_TYPES[sub][1]
        unit, contingent = data.get("reporting_unit"), data.get("reporting_contingent")
        if unit is not None and contingent is not None and unit.contingent_id != contingent.pk:
            self.add_error("reporting_unit", _("Choose a unit of the reporting contingent."))
        if "latitude" in self.fields:
            self._clean_place(data)
        return data

    def _clean_place(self, data: dict[str, Any]) -> None:
        """The pin and the commune agree: a pin outside the commune chosen is an error
        naming both; no pin takes the commune's inner point (precision 2: "near")."""
        from konbit.places.geo import commune_at
        from konbit.places.selectors import commune_by_pcode

        lat, lon, pcode = data.get("latitude"), data.get("longitude"), data.get("commune")
        if "latitude" in self.errors or "longitude" in self.errors or "commune" in self.errors:
            return
        if lat is None and lon is None:
            commune = commune_by_pcode(pcode) if pcode else None
            if commune is None:
                self.add_error(
                    "latitude",
                    _("Drop a pin on the map, use your location, or choose the commune."),
                )
                return
            data["latitude"], data["longitude"] = commune.inner_lat, commune.inner_lon
            if "geo_precision" in self.fields and not data.get("geo_precision"):
                data["geo_precision"] = 2
            return
        if lat is None or lon is None:
            self.add_error(
                "longitude" if lon is None else "latitude",
                _("Give both the latitude and the longitude, or drop a pin."),
            )
            return
        if pcode:
            found = commune_at(float(lat), float(lon)).pcode
            if found and found != pcode:
                chosen, at_pin = commune_by_pcode(pcode), commune_by_pcode(found)
                self.add_error(
                    "commune",
                    _("The pin is in %(pin)s, not in %(chosen)s: move the pin or choose %(pin)s.")
                    % {
                        "pin": at_pin.name if at_pin else found,
                        "chosen": chosen.name if chosen else pcode,
                    },
                )

    def changed_data_dict(self) -> dict[str, Any]:
        """What the services get: the form's fields but the chooser of the commune
        (the point decides it); ACLED's place names only when the user wrote them (else
        the services derive them from the commune)."""
        data = {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in ("version", "commune")
        }
        for name in ("latitude", "longitude", "geo_precision"):
            if name in self.cleaned_data and name in self.fields:
                data[name] = self.cleaned_data[name]
        for name in PLACE_NAMES:
            if name in data and name not in self.changed_data:
                del data[name]
        return data


class OperationForm(VersionedForm):
    # Its area, chosen by name, one commune a line (core.choosers): not a list of 140.
    communes = ChooserMultipleField(
        "commune",
        required=False,
        label=_("Area (communes)"),
        help_text=_("One commune a line: type part of its name and choose it."),
    )

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

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_user(self.fields.values(), user)

    def changed_data_dict(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}
