"""The actor-name review page: every name seen in incidents, with its events, group
or suggestion and reason; hq_staff confirm, reject or link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from konbit.actors import policies
from konbit.actors.filters import ActorNameFilter
from konbit.actors.models import ActorName, ArmedGroup
from konbit.actors.services import resolver
from konbit.actors.views.common import PAGE_SIZE, filter_problems, version_of
from konbit.core.exceptions import DomainError
from konbit.core.htmx import render_page
from konbit.core.policies import guarded

NAMES = policies.policy_for(ActorName)


@guarded(ActorName, "list")
@login_required
def name_list(request: HttpRequest) -> HttpResponse:
    if not NAMES.part_visible(request.user):
        raise Http404
    names = NAMES.visible(request.user).select_related("group", "suggested_group")
    found = ActorNameFilter(request.GET, queryset=names.order_by("-events", "name"))
    valid = found.is_valid()
    page = Paginator(found.qs if valid else names.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    may_decide = NAMES.allows(request.user, "resolve")
    context = {
        "filter": found,
        "filter_problems": [] if valid else filter_problems(found.form),
        "page": page,
        "may_decide": may_decide,
        "groups": policies.policy_for(ArmedGroup).visible(request.user).only("pk", "name")
        if may_decide
        else [],
        "query": request.GET.urlencode(),
    }
    return render_page(request, "actors/name_list.html", context, partial="actors/_name_rows.html")


@guarded(ActorName, "resolve")
@login_required
@require_POST
def name_decide(request: HttpRequest, pk: str, decision: str) -> HttpResponse:
    name = NAMES.get_for(request.user, pk)
    NAMES.require(request.user, "resolve", name)
    version = version_of(request)
    user = request.user
    try:
        if version is None:
            raise DomainError(_("Reload the page and try again."))
        if decision == "confirm":
            resolver.actor_name_confirm(actor=user, name=name, version=version)  # type: ignore[arg-type]
        elif decision == "reject":
            resolver.actor_name_reject(actor=user, name=name, version=version)  # type: ignore[arg-type]
        elif decision == "link":
            group_id = request.POST.get("group") or None
            group = None
            if group_id:
                group = policies.policy_for(ArmedGroup).visible(user).filter(pk=group_id).first()
                if group is None:
                    raise DomainError(_("Unknown group."))
            resolver.actor_name_link(actor=user, name=name, group=group, version=version)  # type: ignore[arg-type]
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, f"{name.name}: {exc.message}")
    else:
        messages.success(request, _("%(name)s: decision recorded.") % {"name": name.name})
    query = request.POST.get("query", "")
    return redirect(reverse("actors:names") + (f"?{query}" if query else ""))
