"""The filters of training's lists, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.training.models import Assessment, Cohort, Enrolment, Programme, Sex, Trainee


def _cohorts(request: Any) -> QuerySet[Cohort]:
    """The cohorts offered in a cohort filter: those the user may see."""
    from konbit.training.selectors import cohorts_visible_to

    if request is None:
        return Cohort.objects.none()
    return cohorts_visible_to(request.user)


class ProgrammeFilter(filters.FilterSet):
    class Meta:
        model = Programme
        fields = ["kind"]


class CohortFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    since = filters.DateFilter(field_name="starts_on", lookup_expr="gte", label=_("Starting from"))
    until = filters.DateFilter(field_name="starts_on", lookup_expr="lte", label=_("Starting until"))

    class Meta:
        model = Cohort
        fields = ["q", "programme", "since", "until"]


class TraineeFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("Name or registration number"))
    sex = filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    cohort = filters.ModelChoiceFilter(
        queryset=_cohorts, field_name="enrolments__cohort", label=_("Cohort")
    )

    class Meta:
        model = Trainee
        fields = ["q", "sex", "cohort"]

    def search(self, queryset: QuerySet[Trainee], name: str, value: str) -> QuerySet[Trainee]:
        for word in value.split():
            queryset = queryset.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(registration_number__icontains=word)
            )
        return queryset


class EnrolmentFilter(filters.FilterSet):
    cohort = filters.ModelChoiceFilter(queryset=_cohorts, label=_("Cohort"))
    status = filters.ChoiceFilter(choices=Enrolment.Status.choices, label=_("Status"))
    withdrawal_reason = filters.ChoiceFilter(
        choices=Enrolment.Reason.choices, label=_("Withdrawal reason")
    )
    sex = filters.ChoiceFilter(field_name="trainee__sex", choices=Sex.choices, label=_("Sex"))
    placed = filters.BooleanFilter(method="placed_filter", label=_("Placed in a unit"))

    class Meta:
        model = Enrolment
        fields = ["cohort", "status", "withdrawal_reason", "sex", "placed"]

    def placed_filter(
        self, queryset: QuerySet[Enrolment], name: str, value: bool | None
    ) -> QuerySet[Enrolment]:
        if value is None:
            return queryset
        return queryset.exclude(placement_unit="") if value else queryset.filter(placement_unit="")


class AssessmentFilter(filters.FilterSet):
    cohort = filters.ModelChoiceFilter(queryset=_cohorts, label=_("Cohort"))

    class Meta:
        model = Assessment
        fields = ["cohort"]
