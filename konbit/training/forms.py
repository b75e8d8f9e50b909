"""The pages' forms. Each carries the record's version; people are named by their
numbers (a cadet's registration number, a trainer's service number) rather than
picked from lists of hundreds, and only among those the user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from konbit.core.policies import policy_for
from konbit.forces.forms import RecordForm
from konbit.forces.selectors import personnel_visible_to
from konbit.training import selectors
from konbit.training.models import Assessment, Cohort, Enrolment, Programme, Trainee


class ProgrammeForm(RecordForm):
    class Meta:
        model = Programme
        fields = ["code", "name", "kind", "contingent", "description"]


class CohortForm(RecordForm):
    trainers_numbers = forms.CharField(
        label=_l("Trainers"),
        required=False,
        help_text=_l("Service numbers of mission personnel, separated by commas."),
    )

    class Meta:
        model = Cohort
        fields = ["programme", "name", "starts_on", "ends_on", "graduation_on", "venue", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = policy_for(Programme).visible(self.user)  # type: ignore[attr-defined]
        # Trainers are personnel: only a reader of personnel names them.
        self.names_trainers = "trainers" not in policy_for(Cohort).hidden_fields(self.user)
        if not self.names_trainers:
            del self.fields["trainers_numbers"]
        elif not self.instance._state.adding and not self.is_bound:
            numbers = self.instance.trainers.order_by("service_number").values_list(
                "service_number", flat=True
            )
            self.initial["trainers_numbers"] = ", ".join(numbers)

    def clean_trainers_numbers(self) -> list[Any]:
        numbers = [n.strip() for n in self.cleaned_data["trainers_numbers"].split(",") if n.strip()]
        wanted = Q(pk__in=[])
        for number in numbers:
            wanted |= Q(service_number__iexact=number)
        found = {
            p.service_number.casefold(): p for p in personnel_visible_to(self.user).filter(wanted)
        }
        unknown = [n for n in numbers if n.casefold() not in found]
        if unknown:
            raise forms.ValidationError(
                _("No mission personnel with these service numbers: %(n)s")
                % {"n": ", ".join(unknown)}
            )
        return [found[n.casefold()] for n in numbers]

    def record_data(self) -> dict[str, Any]:
        data = super().record_data()
        trainers = data.pop("trainers_numbers", None)
        if self.names_trainers:
            data["trainers"] = trainers or []
        return data


class TraineeForm(RecordForm):
    class Meta:
        model = Trainee
        fields = ["registration_number", "given_name", "family_name", "sex", "date_of_birth"]


class EnrolmentForm(RecordForm):
    """A new enrolment names its cohort and its cadet (by registration number);
    later edits record withdrawal, graduation and placement."""

    registration_number = forms.CharField(label=_l("Cadet's registration number"), max_length=40)

    class Meta:
        model = Enrolment
        fields = [
            "cohort",
            "enrolled_on",
            "status",
            "withdrawn_on",
            "withdrawal_reason",
            "withdrawal_note",
            "graduated_on",
            "placement_unit",
            "placed_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.fields["cohort"].queryset = selectors.cohorts_visible_to(self.user)  # type: ignore[attr-defined]
        else:
            del self.fields["cohort"]
            del self.fields["registration_number"]

    def clean_registration_number(self) -> Trainee:
        number = self.cleaned_data["registration_number"].strip()
        trainee = (
            selectors.trainees_visible_to(self.user)
            .filter(registration_number__iexact=number)
            .first()
        )
        if trainee is None:
            raise forms.ValidationError(_("No cadet with this registration number."))
        return trainee

    def record_data(self) -> dict[str, Any]:
        data = super().record_data()
        if "registration_number" in data:
            data["trainee"] = data.pop("registration_number")
        return data


class AssessmentForm(RecordForm):
    class Meta:
        model = Assessment
        fields = ["cohort", "name", "held_on", "pass_mark"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = selectors.cohorts_visible_to(self.user)  # type: ignore[attr-defined]
