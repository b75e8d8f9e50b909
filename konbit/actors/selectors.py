"""Reads of the actors part that pages, the API, exports and the network share.

Which records a user may see is the policies' business (``policies``); the functions
here shape and answer questions over a queryset they are given or over the registry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Substr

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


def incident_figures(
    incidents: QuerySet[Incident],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A group page's figures from one aggregate query over ``incidents``: by month
    ([{"month": date, "n", "fatalities"}] in date order, for the chart) and by commune
    ([{"pcode", "name", "n"}] most incidents first). The month is the date's first
    seven characters in SQL (ISO text on both engines): no function of Python's is
    called per row, as SQLite's date truncation would."""
    month = Substr(Cast("event_date", output_field=CharField()), 1, 7)
    rows = (
        incidents.order_by()
        .annotate(month_text=month)
        .values("month_text", "commune_pcode")
        .annotate(n=Count("pk"), fatalities=Sum("fatalities"))
    )
    months: dict[str, dict[str, Any]] = {}
    communes: dict[str, int] = {}
    for row in rows:
        entry = months.setdefault(
            row["month_text"],
            {"month": dt.date.fromisoformat(row["month_text"] + "-01"), "n": 0, "fatalities": 0},
        )
        entry["n"] += row["n"]
        entry["fatalities"] += row["fatalities"] or 0
        pcode = row["commune_pcode"] or ""
        communes[pcode] = communes.get(pcode, 0) + row["n"]
    names = dict(
        Commune.objects.filter(pcode__in=[p for p in communes if p]).values_list("pcode", "name")
    )
    by_commune = [
        {"pcode": pcode, "name": names.get(pcode, ""), "n": n}
        for pcode, n in sorted(communes.items(), key=lambda item: (-item[1], item[0]))
    ]
    return [months[key] for key in sorted(months)], by_commune


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
