"""The mission's strength: how many people are deployed on a date, counted in the
database from the deployment records.

A person is deployed on D when their deployment arrived on or before D and has no
end or ends after D. Aggregates carry no person, so every role with forces access
(the HNP liaison and the analyst included) reads them for the whole mission.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError
from konbit.forces.models import Contingent, Deployment, Mandate

MAX_POINTS = 1000


def strength_readable(user: Any) -> bool:
    """Strength is an aggregate of deployments; its policy says who reads it."""
    from konbit.core.policies import policy_for

    return policy_for(Deployment).allows(user, "aggregate")


def deployed_on(day: dt.date) -> QuerySet[Deployment]:
    """The deployments that count on ``day``."""
    return Deployment.objects.filter(arrival_date__lte=day).filter(
        Q(actual_end__isnull=True) | Q(actual_end__gt=day)
    )


def _ceiling(mandates: list[Mandate], day: dt.date) -> Mandate | None:
    """The mandate in force on ``day`` (the latest to start if they overlap)."""
    covering = [
        m for m in mandates if m.starts_on <= day and (m.ends_on is None or m.ends_on > day)
    ]
    return max(covering, key=lambda m: m.starts_on, default=None)


def strength_on(day: dt.date, user: Any) -> dict[str, Any]:
    """The strength on ``day`` with its breakdowns, in two queries whatever the number
    of people: one aggregate grouped by country, unit, sex and specialty (a few hundred
    groups at most), folded into the breakdowns here, and one for the mandates."""
    if not strength_readable(user):
        raise PermissionError("forces.view_strength")
    groups = (
        deployed_on(day)
        .values_list(
            "person__contingent__country__iso3",
            "person__contingent__country__name",
            "person__unit__name",
            "person__unit__unit_type",
            "person__sex",
            "person__specialty",
        )
        .annotate(count=Count("id"))
        .order_by()
    )
    contingents: Counter[tuple[str, str]] = Counter()
    units: Counter[tuple[str, str | None, str | None]] = Counter()
    sexes: Counter[str] = Counter()
    specialties: Counter[str] = Counter()
    for iso3, name, unit, unit_type, sex, specialty, count in groups:
        contingents[iso3, name] += count
        units[iso3, unit, unit_type] += count
        sexes[sex] += count
        specialties[specialty] += count
    mandate = _ceiling(list(Mandate.objects.all()), day)
    return {
        "date": day.isoformat(),
        "total": sum(contingents.values()),
        "authorized_ceiling": mandate.authorized_ceiling if mandate else None,
        "planning_figure": mandate.planning_figure if mandate else None,
        "by_contingent": [
            {"iso3": iso3, "name": name, "count": count}
            for (iso3, name), count in sorted(contingents.items(), key=lambda i: (-i[1], i[0]))
        ],
        "by_unit": [
            {"iso3": iso3, "unit": unit, "unit_type": unit_type, "count": count}
            for (iso3, unit, unit_type), count in sorted(
                units.items(), key=lambda i: (i[0][0], -i[1], i[0][1] or "")
            )
        ],
        "by_sex": [{"sex": sex, "count": count} for sex, count in sorted(sexes.items())],
        "by_specialty": [
            {"specialty": specialty, "count": count}
            for specialty, count in sorted(specialties.items(), key=lambda i: (-i[1], i[0]))
        ],
    }


def series_dates(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    if end < start:
        raise DomainError(_("The end is before the start."), errors={"end": [_("Before start.")]})
    if step < 1:
        raise DomainError(_("The step is at least one day."), errors={"step": [_("At least 1.")]})
    count = (end - start).days // step + 1
    if count > MAX_POINTS:
        raise DomainError(
            _("Too many points: choose a longer step or a shorter period."),
            errors={"step": [_("At most %(n)s points.") % {"n": MAX_POINTS}]},
        )
    dates = [start + dt.timedelta(days=step * i) for i in range(count)]
    if dates[-1] != end:
        dates.append(end)
    return dates


def strength_series(start: dt.date, end: dt.date, step: int, user: Any) -> dict[str, Any]:
    """Strength by contingent at each date from ``start`` to ``end`` every ``step``
    days, with the mandate's ceiling and planning figure. Four queries whatever the
    number of points: arrivals and ends grouped by date and country, the countries'
    names and the mandates. On D the count is (arrivals <= D) - (ends <= D), since an
    end is never before its arrival."""
    if not strength_readable(user):
        raise PermissionError("forces.view_strength")
    dates = series_dates(start, end, step)
    arrivals: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for row in (
        Deployment.objects.filter(arrival_date__lte=end)
        .values("arrival_date", iso3=F("person__contingent__country__iso3"))
        .annotate(count=Count("id"))
    ):
        arrivals[row["iso3"]][row["arrival_date"]] = row["count"]
    ends: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for row in (
        Deployment.objects.filter(actual_end__lte=end)
        .values("actual_end", iso3=F("person__contingent__country__iso3"))
        .annotate(count=Count("id"))
    ):
        ends[row["iso3"]][row["actual_end"]] = row["count"]
    names = dict(
        Contingent.objects.filter(country__iso3__in=list(arrivals)).values_list(
            "country__iso3", "country__name"
        )
    )
    series = []
    for iso3 in sorted(arrivals, key=lambda code: (-sum(arrivals[code].values()), code)):
        counts = []
        for day in dates:
            came = sum(n for when, n in arrivals[iso3].items() if when <= day)
            left = sum(n for when, n in ends[iso3].items() if when <= day)
            counts.append(came - left)
        series.append({"iso3": iso3, "name": names.get(iso3, iso3), "counts": counts})
    mandates = list(Mandate.objects.all())
    in_force = [_ceiling(mandates, day) for day in dates]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "step": step,
        "dates": [day.isoformat() for day in dates],
        "total": [sum(s["counts"][i] for s in series) for i in range(len(dates))],
        "authorized_ceiling": [m.authorized_ceiling if m else None for m in in_force],
        "planning_figure": [m.planning_figure if m else None for m in in_force],
        "by_contingent": series,
    }
