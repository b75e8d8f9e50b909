"""The network page: groups and persons as a graph on a chosen date (d3-force draws
it in the browser; networkx gives the figures on the server)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from konbit.actors import network, policies
from konbit.actors.models import ArmedGroup, Person, Relation
from konbit.core.policies import guarded

GROUPS = policies.policy_for(ArmedGroup)
PERSONS = policies.policy_for(Person)


def _date(request: HttpRequest) -> object:
    text = request.GET.get("on")
    if not text:
        return timezone.localdate()
    try:
        return parse_date(text) or ValueError
    except ValueError:
        return ValueError


@guarded(ArmedGroup, "list")
@login_required
def network_page(request: HttpRequest) -> HttpResponse:
    if not GROUPS.part_visible(request.user):
        raise Http404
    on = _date(request)
    return render(
        request,
        "actors/network.html",
        {
            "on": on if on is not ValueError else timezone.localdate(),
            "persons": PERSONS.part_visible(request.user),
        },
    )


@guarded(ArmedGroup, "list")
@login_required
def network_data(request: HttpRequest) -> HttpResponse:
    """``?on=YYYY-MM-DD``: the graph in force that day. Persons only for readers of
    persons, and their names in the graph are an audited read."""
    user = request.user
    if not GROUPS.part_visible(user):
        raise Http404
    on = _date(request)
    if on is ValueError:
        return JsonResponse(
            {
                "detail": _("Give the date as YYYY-MM-DD."),
                "errors": {"on": [_("Enter a valid date.")]},
            },
            status=400,
        )
    persons = PERSONS.visible(user) if PERSONS.part_visible(user) else None
    data = network.build(
        groups=GROUPS.visible(user),
        persons=persons,
        relations=policies.policy_for(Relation).visible(user),
        on=on,  # type: ignore[arg-type]
    )
    if persons is not None:
        shown = [n["id"].split(":", 1)[1] for n in data["nodes"] if n["kind"] == "person"]
        PERSONS.record_reads(user, persons.filter(pk__in=shown))
    return JsonResponse(data)
