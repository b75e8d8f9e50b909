"""Reads of the actors part that pages, the API, exports and the network share.

Which records a user may see is the policies' business (``policies``); the functions
here shape and answer questions over a queryset they are given or over the registry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from konbit.actors.models import (
    ArmedGroup,
    GroupKind,
    IncidentGroupLink,
    Relation,
    RelationKind,
    StatusChange,
)
from konbit.operations.models import Incident
from konbit.places.models import Commune


def with_current_status(
    groups: QuerySet[ArmedGroup], on: dt.date | None = None
) -> QuerySet[ArmedGroup]:
    """Annotate ``status``: the latest entry of each group's status history (on or
    before ``on``, when given). Never typed twice: the history is the only record."""
    changes = StatusChange.objects.filter(group=OuterRef("pk"))
    if on is not None:
        changes = changes.filter(on__lte=on)
    latest = changes.order_by("-on").values("status")[:1]
    return groups.annotate(status=Subquery(latest))


def with_incident_count(groups: QuerySet[ArmedGroup]) -> QuerySet[ArmedGroup]:
    """Annotate ``incident_count``: the distinct incidents linked to each group."""
    counts = (
        IncidentGroupLink.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("incident", distinct=True))
        .values("n")
    )
    return groups.annotate(
        incident_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


def group_counts() -> QuerySet[ArmedGroup]:
    """Incidents by group, every group (an aggregate: no person, no record beyond the
    group's name), the busiest first: the page and the API of the counts."""
    return with_incident_count(ArmedGroup.objects.all()).order_by("-incident_count", "name")


def _in_force(on: dt.date) -> Q:
    return (Q(starts_on__isnull=True) | Q(starts_on__lte=on)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def _exists_on(group: ArmedGroup, on: dt.date) -> bool:
    if group.founded_on and on < group.founded_on:
        return False
    return not (group.dissolved_on and on > group.dissolved_on)


def member_group_ids(coalition: ArmedGroup, on: dt.date) -> set:
    """The groups that belonged to ``coalition`` on ``on``, directly or through a
    member coalition (a gang of G9 is in Viv Ansanm while G9 is, and while the gang
    is in G9).

    A membership with no known start reads as starting when its coalition was
    founded (announced); nobody is a member of a coalition on a day it did not exist.
    One query per level of nesting.
    """
    found: set = set()
    frontier = [coalition] if _exists_on(coalition, on) else []
    seen = {coalition.pk}
    while frontier:
        by_pk = {c.pk: c for c in frontier}
        memberships = (
            Relation.objects.filter(
                kind=RelationKind.MEMBERSHIP,
                group__in=list(by_pk),
                member_group__isnull=False,
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .select_related("member_group")
        )
        frontier = []
        for relation in memberships:
            parent = by_pk[relation.group_id]
            starts = relation.starts_on or parent.founded_on
            if starts is not None and starts > on:
                continue
            member = relation.member_group
            assert member is not None
            found.add(member.pk)
            if member.kind == GroupKind.COALITION and member.pk not in seen:
                seen.add(member.pk)
                if _exists_on(member, on):
                    frontier.append(member)
    return found


def relations_on(relations: QuerySet[Relation], on: dt.date | None) -> QuerySet[Relation]:
    """The relations in force on ``on`` (all of them when ``on`` is None). An unknown
    start of a membership in a coalition counts from the coalition's founding."""
    if on is None:
        return relations
    coalition_start = Q(
        kind=RelationKind.MEMBERSHIP,
        starts_on__isnull=True,
        group__kind=GroupKind.COALITION,
        group__founded_on__gt=on,
    )
    return relations.filter(_in_force(on)).exclude(coalition_start)


def territories_on(territories: QuerySet, on: dt.date | None) -> QuerySet:
    """The territory statements in force on ``on`` (all when ``on`` is None)."""
    return territories if on is None else territories.filter(_in_force(on))


def group_incidents(group: ArmedGroup, incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """The incidents of ``incidents`` (already scoped to the reader) linked to ``group``."""
    linked = IncidentGroupLink.objects.filter(group=group).values("incident")
    return incidents.filter(pk__in=linked)


def incidents_by_month(incidents: QuerySet[Incident]) -> list[dict[str, Any]]:
    """[{"month": date, "n": count, "fatalities": sum}] in date order, for the chart."""
    rows = (
        incidents.order_by()
        .annotate(month=TruncMonth("event_date"))
        .values("month")
        .annotate(n=Count("pk"), fatalities=Sum("fatalities"))
        .order_by("month")
    )
    return list(rows)


def incidents_by_commune(incidents: QuerySet[Incident]) -> list[dict[str, Any]]:
    """[{"pcode", "name", "n"}] most incidents first."""
    rows = list(
        incidents.order_by()
        .values("commune_pcode")
        .annotate(n=Count("pk"))
        .order_by("-n", "commune_pcode")
    )
    names = dict(
        Commune.objects.filter(pcode__in=[r["commune_pcode"] for r in rows]).values_list(
            "pcode", "name"
        )
    )
    return [
        {"pcode": r["commune_pcode"], "name": names.get(r["commune_pcode"], ""), "n": r["n"]}
        for r in rows
    ]


def statements_due(on: dt.date, limit: int = 20) -> tuple[list[Any], int]:
    """Sourced statements whose review date has passed, oldest first, across every
    kind (the hq_staff panel). Returns (first ``limit`` statements, total due)."""
    from konbit.actors.models import (
        Designation,
        GroupAlias,
        PersonAlias,
        StrengthEstimate,
        Territory,
    )

    kinds = [
        GroupAlias,
        StrengthEstimate,
        StatusChange,
        Relation,
        Territory,
        Designation,
        PersonAlias,
    ]
    due: list[Any] = []
    total = 0
    for model in kinds:
        queryset = model._default_manager.filter(review_on__lt=on)
        total += queryset.count()
        due.extend(queryset.order_by("review_on")[:limit])
    due.sort(key=lambda s: s.review_on)
    return due[:limit], total
