"""The map and the trends pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.translation import gettext as _

from konbit.core.policies import guarded, policy_for
from konbit.operations import selectors, stats
from konbit.operations.filters import IncidentFilter
from konbit.operations.models import Incident
from konbit.operations.taxonomy import ACLED_LABELS, Category, Perpetrator

INCIDENTS = policy_for(Incident)


@guarded(Incident, "list")
@login_required
def incident_map(request: HttpRequest) -> HttpResponse:
    INCIDENTS.require_part(request.user)
    found = IncidentFilter(
        request.GET, queryset=selectors.incidents_visible_to(request.user), request=request
    )
    context = {
        "filter": found,
        "tile_url": getattr(settings, "KONBIT_MAP_TILE_URL", "") or "",
        "data_url": reverse("api:incident-map"),
        "communes_url": "/api/v1/places/communes/geojson/",
        "query": request.GET.urlencode(),
        "map_text": _map_text(),
    }
    return render(request, "operations/incident_map.html", context)


def _map_text() -> dict[str, Any]:
    """The words map.js shows, in the reader's language (passed with json_script)."""
    return {
        "categories": dict(Category.choices),
        # ACLED's event and sub-event types by their label in the reader's language.
        "acled": {value: str(label) for value, label in ACLED_LABELS.items()},
        "fields": {
            "event_type": _("Event type"),
            "category": _("Category"),
            "location": _("Location"),
        },
        "open": _("Open the incident"),
        "loading": _("Loading…"),
        "error": _("The incidents could not be loaded."),
        "in_view": _("Incidents in view:"),
        "counted": _("counted by area: zoom in or filter to see each one"),
        "here": _("Incidents here:"),
        "crowded": _("Too many at this place to show them one by one: narrow the filters."),
    }


@guarded(Incident, "list")
@login_required
def incident_trends(request: HttpRequest) -> HttpResponse:
    """Counts and victims by month (every date the filters let through), and for the
    period (the filters' dates, else the last 90 days) by category, perpetrator and
    commune, the communes against the previous period of the same length."""
    INCIDENTS.require_part(request.user)
    visible = selectors.incidents_visible_to(request.user)
    found = IncidentFilter(request.GET, queryset=visible, request=request)
    data = found.form.cleaned_data if found.form.is_valid() else {}
    until = data.get("until") or timezone.localdate()
    since = data.get("since") or until - dt.timedelta(days=89)
    latest = None
    # No period asked: the last 90 days, or, when they hold nothing, the 90 days to the
    # latest incident (the page says so) rather than an empty page.
    asked = data.get("since") or data.get("until")
    if not asked and not found.qs.filter(event_date__gte=since, event_date__lte=until).exists():
        latest = found.qs.filter(event_date__lte=until).aggregate(day=Max("event_date"))["day"]
        if latest is not None:
            until, since = latest, latest - dt.timedelta(days=89)
    current = found.qs.filter(event_date__gte=since, event_date__lte=until)
    before_since, before_until = stats.previous_period(since, until)
    params = request.GET.copy()
    params.pop("since", None)
    params.pop("until", None)
    previous = IncidentFilter(params, queryset=visible, request=request).qs.filter(
        event_date__gte=before_since, event_date__lte=before_until
    )
    by_category = stats.with_labels(
        stats.incident_stats(current, ["category"]), "category", Category.choices
    )
    by_perpetrator = stats.with_labels(
        stats.incident_stats(current, ["perpetrator"]), "perpetrator", Perpetrator.choices
    )
    communes = stats.commune_changes(current, previous)
    context = {
        "filter": found,
        "since": since,
        "until": until,
        "latest": latest,
        "previous_since": before_since,
        "previous_until": before_until,
        "by_month": stats.incident_stats(found.qs, ["month"]),
        "by_category": by_category,
        "by_perpetrator": by_perpetrator,
        # Every commune (there are 140): those with none left are the -100 % ones.
        "communes": communes,
        "top_communes": [row for row in communes if row["incidents"]][:10],
        "chart_text": {
            "time": _("Month"),
            "months": [str(MONTHS[n]) for n in range(1, 13)],
            "months_short": [str(MONTHS_AP[n]) for n in range(1, 13)],
            "incidents": _("Incidents"),
            "fatalities": _("Fatalities"),
            "killed": _("Killed"),
            "injured": _("Injured"),
            "kidnapped": _("Kidnapped"),
            "sgbv": _("Sexual violence"),
        },
    }
    return render(request, "operations/incident_trends.html", context)
