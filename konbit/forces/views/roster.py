"""The roster export (its upload goes through the core import pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from konbit.core.policies import guarded, policy_for
from konbit.forces import selectors, services
from konbit.forces.models import Contingent, Personnel

if TYPE_CHECKING:
    from konbit.accounts.models import User

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


@guarded(Personnel, "export", target=Contingent)
@login_required
def roster_export(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    """A contingent's roster; 404 for a contingent whose people the user may not read."""
    people = policy_for(Personnel)
    if not people.allows(request.user, "export"):
        raise Http404
    contingent = selectors.contingent_for_user(request.user, pk)
    if fmt not in CONTENT_TYPES or not people.allows(request.user, "export", contingent=contingent):
        raise Http404
    content = services.roster_export(actor=_actor(request), contingent=contingent, fmt=fmt)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="roster-{contingent.country.iso3}-{stamp}.{fmt}"'
    )
    return response
