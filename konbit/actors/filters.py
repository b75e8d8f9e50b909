"""The filters of the registry, one set per list, shared by pages and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    Designation,
    GroupKind,
    Person,
    Relation,
    RelationKind,
    Status,
    Territory,
)
from konbit.actors.names import name_key
from konbit.actors.selectors import member_group_ids, relations_on, territories_on
from konbit.core.filters import DATE_INPUT


def _name_search(prefix: str, value: str) -> Q:
    """A name, an alias, or their keys ("kraze barye" finds "Kraze Baryè")."""
    key = name_key(value)
    found = Q(**{f"{prefix}name__icontains": value}) | Q(
        **{f"{prefix}aliases__name__icontains": value}
    )
    if key:
        found |= Q(**{f"{prefix}name_norm__contains": key})
    return found


class ArmedGroupFilter(filters.FilterSet):
    search = filters.CharFilter(label=_("Name or alias"), method="filter_search")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=GroupKind.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    designated_by = filters.ChoiceFilter(
        label=_("Designated by"),
        choices=Designation.Authority.choices,
        method="filter_designated_by",
    )
    member_of = filters.UUIDFilter(label=_("Member of (coalition id)"), method="filter_member_of")
    on = filters.DateFilter(label=_("On (date)"), method="filter_nothing", widget=DATE_INPUT)

    class Meta:
        model = ArmedGroup
        fields: list[str] = []

    def filter_search(
        self, qs: QuerySet[ArmedGroup], name: str, value: str
    ) -> QuerySet[ArmedGroup]:
        if not value:
            return qs
        return qs.filter(pk__in=ArmedGroup.objects.filter(_name_search("", value)).values("pk"))

    def filter_designated_by(
        self, qs: QuerySet[ArmedGroup], name: str, value: str
    ) -> QuerySet[ArmedGroup]:
        """Groups listed by the authority, themselves or through a person in them."""
        if not value:
            return qs
        listed = Designation.objects.filter(authority=value)
        people = Relation.objects.filter(
            kind=RelationKind.MEMBERSHIP, person__in=listed.values("person")
        ).values("group")
        return qs.filter(Q(pk__in=listed.values("group")) | Q(pk__in=people))

    def filter_member_of(
        self, qs: QuerySet[ArmedGroup], name: str, value: Any
    ) -> QuerySet[ArmedGroup]:
        """Who belonged to the coalition on ``on`` (today when not given)."""
        if not value:
            return qs
        coalition = qs.model._default_manager.filter(pk=value).first()
        if coalition is None or not qs.filter(pk=value).exists():
            return qs.none()
        on = self.form.cleaned_data.get("on") or timezone.localdate()
        return qs.filter(pk__in=member_group_ids(coalition, on))

    def filter_nothing(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs  # read by another filter (``on`` for ``member_of``)


class PersonFilter(filters.FilterSet):
    search = filters.CharFilter(label=_("Name or alias"), method="filter_search")
    group = filters.UUIDFilter(label=_("Group"), method="filter_group")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_search(self, qs: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        if not value:
            return qs
        return qs.filter(pk__in=Person.objects.filter(_name_search("", value)).values("pk"))

    def filter_group(self, qs: QuerySet[Person], name: str, value: Any) -> QuerySet[Person]:
        return qs.filter(relations__group=value).distinct() if value else qs


class _OnDate(filters.FilterSet):
    """``?on=DATE``: the statements in force on that date, as ``in_force_on`` says."""

    on = filters.DateFilter(label=_("In force on"), method="filter_on", widget=DATE_INPUT)
    in_force_on: Callable[[QuerySet[Any], dt.date], QuerySet[Any]]

    def filter_on(self, qs: QuerySet[Any], name: str, value: dt.date | None) -> QuerySet[Any]:
        return qs if value is None else type(self).in_force_on(qs, value)


class RelationFilter(_OnDate):
    class Meta:
        model = Relation
        fields = ["kind", "group", "person", "member_group", "role"]

    in_force_on = staticmethod(relations_on)


class TerritoryFilter(_OnDate):
    class Meta:
        model = Territory
        fields = ["group", "commune", "control"]

    in_force_on = staticmethod(territories_on)


class DesignationFilter(filters.FilterSet):
    class Meta:
        model = Designation
        fields = ["authority", "group", "person"]


class ActorNameFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        label=_("Status"), choices=ActorName.State.choices, method="filter_status"
    )
    search = filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = ActorName
        fields = ["group"]

    def filter_status(self, qs: QuerySet[ActorName], name: str, value: str) -> QuerySet[ActorName]:
        return qs.filter(ActorName.state_q(value)) if value else qs
