"""The gazetteer browser: search, a department's arrondissements and communes, a
commune's communal sections. Every signed-in role may use it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from konbit.core.htmx import render_page
from konbit.core.policies import guarded, policy_for
from konbit.core.tabular import normalize_text
from konbit.places import selectors
from konbit.places.drawing import drawing
from konbit.places.models import Commune, Department
from konbit.places.selectors import name_filter

RESULTS_PER_LEVEL = 25


@guarded(Commune, "list")
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The departments, and the places matching ``?q=`` at every level."""
    policy_for(Commune).require_part(request.user)
    user, q = request.user, request.GET.get("q", "").strip()[:100]
    results: dict[str, list[Any]] = {}
    if normalize_text(q):
        where = name_filter(q)
        matching: dict[str, QuerySet[Any]] = {
            "departments": selectors.departments_visible_to(user).defer("geometry").filter(where),
            "arrondissements": selectors.arrondissements_visible_to(user)
            .defer("geometry")
            .filter(where),
            "communes": selectors.communes_visible_to(user).defer("geometry").filter(where),
            "sections": selectors.sections_visible_to(user).defer("geometry").filter(where),
        }
        # One more than shown, to say when there are more.
        results = {level: list(rows[: RESULTS_PER_LEVEL + 1]) for level, rows in matching.items()}
    departments = (
        selectors.departments_visible_to(user)
        .defer("geometry")
        .annotate(commune_count=Count("communes"))
    )
    context = {
        "q": q,
        "results": results,
        "found": any(results.values()),
        "limit": RESULTS_PER_LEVEL,
        "departments": departments,
    }
    return render_page(request, "places/index.html", context, partial="places/_results.html")


@guarded(Department, "detail")
@login_required
def department_detail(request: HttpRequest, pcode: str) -> HttpResponse:
    department = policy_for(Department).get_for(request.user, pcode.upper())
    arrondissements = list(
        selectors.arrondissements_visible_to(request.user)
        .defer("geometry")
        .filter(department=department)
    )
    communes = list(selectors.communes_visible_to(request.user).filter(department=department))
    for arrondissement in arrondissements:
        arrondissement.commune_list = [  # type: ignore[attr-defined]
            c for c in communes if c.arrondissement_id == arrondissement.pcode
        ]
    outline = drawing(
        (c.geometry, c.name, reverse("places:commune", args=[c.pcode])) for c in communes
    )
    context = {"department": department, "arrondissements": arrondissements, "drawing": outline}
    return render(request, "places/department_detail.html", context)


@guarded(Commune, "detail")
@login_required
def commune_detail(request: HttpRequest, pcode: str) -> HttpResponse:
    commune = policy_for(Commune).get_for(request.user, pcode.upper())
    sections = list(selectors.sections_visible_to(request.user).filter(commune=commune))
    outline = drawing((s.geometry, f"{s.name} ({s.pcode})", "") for s in sections)
    context = {"commune": commune, "sections": sections, "drawing": outline}
    return render(request, "places/commune_detail.html", context)
