"""Map data of the registry as GeoJSON: who controls or contests which commune on a
date (a layer for the incident map and the territory page), and one group's
territory and incidents (its page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from konbit.actors import policies, selectors
from konbit.actors.models import ArmedGroup, Territory
from konbit.core.policies import guarded
from konbit.operations.selectors import incidents_visible_to

POINT_LIMIT = 2000


def _on(request: HttpRequest) -> dt.date | None:
    text = request.GET.get("on")
    if not text:
        return timezone.localdate()
    try:
        return parse_date(text)
    except ValueError:
        return None


def _features(territories: Any) -> list[dict[str, Any]]:
    features = []
    for territory in territories:
        place = territory.section or territory.commune
        features.append(
            {
                "type": "Feature",
                "geometry": place.geometry or None,
                "properties": {
                    "group": territory.group.name,
                    "group_id": str(territory.group_id),
                    "control": territory.control,
                    "control_label": territory.get_control_display(),
                    "place": place.name,
                    "pcode": place.pcode,
                    "from": territory.starts_on.isoformat() if territory.starts_on else None,
                    "until": territory.ends_on.isoformat() if territory.ends_on else None,
                    "grade": territory.grade,
                },
            }
        )
    return features


@guarded(Territory, "list")
@login_required
def territory_data(request: HttpRequest) -> HttpResponse:
    """``?on=YYYY-MM-DD`` (today by default): the territory in force that day."""
    policy = policies.policy_for(Territory)
    if not policy.part_visible(request.user):
        raise Http404
    on = _on(request)
    if on is None:
        return JsonResponse(
            {
                "detail": _("Give the date as YYYY-MM-DD."),
                "errors": {"on": [_("Enter a valid date.")]},
            },
            status=400,
        )
    territories = selectors.territories_on(policy.visible(request.user), on).select_related(
        "group", "commune", "section"
    )
    return JsonResponse(
        {"type": "FeatureCollection", "on": on.isoformat(), "features": _features(territories)}
    )


@guarded(Territory, "list")
@login_required
def territory_map(request: HttpRequest) -> HttpResponse:
    """Who controls what, on this date."""
    if not policies.policy_for(Territory).part_visible(request.user):
        raise Http404
    on = _on(request) or timezone.localdate()
    return render(request, "actors/territory_map.html", {"on": on})


@guarded(ArmedGroup, "detail")
@login_required
def group_map(request: HttpRequest, pk: str) -> HttpResponse:
    """One group's territory (every statement, dated) and its incidents' points."""
    user = request.user
    group = policies.policy_for(ArmedGroup).get_for(user, pk)
    territories = (
        policies.policy_for(Territory)
        .visible(user)
        .filter(group=group)
        .select_related("group", "commune", "section")
    )
    incidents = selectors.group_incidents(group, incidents_visible_to(user))
    points = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {
                "id": str(row["id"]),
                "date": row["event_date"].isoformat(),
                "type": row["event_type"],
            },
        }
        for row in incidents.order_by("-event_date").values(
            "id", "latitude", "longitude", "event_date", "event_type"
        )[:POINT_LIMIT]
    ]
    return JsonResponse(
        {
            "territory": {"type": "FeatureCollection", "features": _features(territories)},
            "incidents": {"type": "FeatureCollection", "features": points},
        }
    )
