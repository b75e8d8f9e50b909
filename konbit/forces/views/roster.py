"""The roster pages: upload with a preview, confirm, the template and the export."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.core.access import get_visible_or_404, require_part
from konbit.core.exceptions import DomainError
from konbit.core.models import ImportRun
from konbit.core.selectors import imports_visible_to
from konbit.forces import roster, selectors, services
from konbit.forces.forms import RosterConfirmForm, RosterUploadForm

if TYPE_CHECKING:
    from konbit.accounts.models import User

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _importer(request: HttpRequest) -> None:
    require_part(request.user.has_perm("forces.import_roster"))


@login_required
def roster_upload(request: HttpRequest) -> HttpResponse:
    """Upload a roster: it is checked and previewed; nothing is written yet."""
    _importer(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run, _plan = services.roster_preview(
            actor=_actor(request),
            contingent=form.cleaned_data["contingent"],
            data=upload.read(),
            file_name=upload.name,
        )
        return redirect(reverse("forces:roster_preview", args=[run.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "forces/roster_upload.html", {"form": form}, status=status)


@login_required
def roster_preview(request: HttpRequest, pk: str) -> HttpResponse:
    """The problems and what the import would change; confirm to import."""
    _importer(request)
    run = get_visible_or_404(imports_visible_to(request.user).filter(kind="forces_roster"), pk)
    form = RosterConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.roster_confirm(
                actor=_actor(request), run=run, skip_invalid=form.cleaned_data["skip_invalid"]
            )
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, str(getattr(exc, "message", _("Not allowed."))))
        else:
            if result.written:
                messages.success(request, _("Roster imported."))
            else:
                messages.error(request, _("Roster refused: nothing was written."))
        return redirect(reverse("forces:roster_preview", args=[run.pk]))
    context = {"run": run, "form": form, "pending": run.status == ImportRun.Status.PENDING}
    return render(request, "forces/roster_preview.html", context)


@login_required
def roster_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _importer(request)
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(roster.roster_template(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="roster-template.{fmt}"'
    return response


@login_required
def roster_export(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    """A contingent's roster; 404 for a contingent whose people the user may not read."""
    require_part(request.user.has_perm("forces.export_roster"))
    contingent = selectors.contingent_for_user(request.user, pk)
    if fmt not in CONTENT_TYPES or not selectors.may_write_in(
        request.user, contingent.pk, "forces.export_roster"
    ):
        raise Http404
    content = services.roster_export(actor=_actor(request), contingent=contingent, fmt=fmt)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="roster-{contingent.country.iso3}-{stamp}.{fmt}"'
    )
    return response
