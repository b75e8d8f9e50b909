"""The strength page: the chart of the strength over time and the breakdown on a date."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core.policies import guarded
from konbit.forces.models import Deployment, Personnel, Unit
from konbit.forces.strength import strength_on, strength_readable


@guarded(Deployment, "aggregate")
@login_required
def strength_page(request: HttpRequest) -> HttpResponse:
    """Every role with forces access: aggregates only, no person."""
    if not strength_readable(request.user):
        raise Http404
    raw = request.GET.get("date") or ""
    error = ""
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day, error = timezone.localdate(), _("Give the date as YYYY-MM-DD.")
    figures = strength_on(day, request.user)
    sexes = dict(Personnel.Sex.choices)
    specialties = dict(Personnel.Specialty.choices)
    unit_types = dict(Unit.Type.choices)
    for row in figures["by_sex"]:
        row["label"] = sexes.get(row["sex"], row["sex"])
    for row in figures["by_specialty"]:
        row["label"] = specialties.get(row["specialty"], row["specialty"])
    for row in figures["by_unit"]:
        row["type_label"] = unit_types.get(row["unit_type"], "")
    ceiling = figures["authorized_ceiling"] or figures["planning_figure"]
    context = {
        "day": day,
        "error": error,
        "figures": figures,
        "ceiling": ceiling,
        "percent": round(100 * figures["total"] / ceiling) if ceiling else None,
    }
    return render(request, "forces/strength.html", context, status=400 if error else 200)
