from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from konbit.core.access_table import access_table
from konbit.core.filters import AuditFilter
from konbit.core.htmx import render_page
from konbit.core.models import AuditEntry
from konbit.core.parts import actions_for, next_steps_for, panels_for
from konbit.core.policies import OPEN, SIGNED_IN, guarded, policy_for


@guarded(OPEN)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


@guarded(SIGNED_IN)
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The mission at a glance, scoped to the user's role by each part's panels."""
    context = {
        "panels": panels_for(request),
        "actions": actions_for(request.user),
        "next_steps": next_steps_for(request.user),
    }
    return render(request, "core/home.html", context)


@guarded(Group, "list")
@login_required
def access_table_page(request: HttpRequest) -> HttpResponse:
    """DESIGN.md's "Who sees what", computed from the live policies (for those who
    manage the roles: ``auth.view_group``)."""
    policy_for(Group).require_part(request.user)
    roles, rows = access_table()
    return render(request, "core/access_table.html", {"roles": roles, "rows": rows})


@guarded(AuditEntry, "list")
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    policy = policy_for(AuditEntry)
    policy.require_part(request.user)
    entries = AuditFilter(request.GET, queryset=policy.visible(request.user), request=request)
    page = Paginator(entries.qs, 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        "core/audit_list.html",
        {"filter": entries, "page": page},
        partial="core/_audit_rows.html",
    )
