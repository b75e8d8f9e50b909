"""The import pages, the same for every importer: upload, the run (preview,
progress, result) with confirm and cancel, the example file, the list."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from konbit.core.access import get_visible_or_404, require, require_part
from konbit.core.exceptions import DomainError
from konbit.core.htmx import render_page
from konbit.core.imports import pipeline, progress
from konbit.core.imports.base import Importer
from konbit.core.imports.forms import ConfirmForm, UploadForm
from konbit.core.models import ImportRun
from konbit.core.selectors import imports_visible_to

if TYPE_CHECKING:
    from konbit.accounts.models import User

PROBLEMS_PER_PAGE = 100
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _importer(request: HttpRequest, kind: str) -> Importer:
    """The importer, if the user may import with it at all: else 403 for a user
    who reads the part, 404 for others."""
    found = pipeline.importers().get(kind)
    require_part(
        found is not None and (found.part_readable(request.user) or found.may_import(request.user))
    )
    assert found is not None
    require(found.may_import(request.user))
    return found


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a file: it is stored and checked in the background; nothing is
    written until the user confirms on the run's page."""
    importer = _importer(request, kind)
    posted = request.method == "POST"
    options = importer.options_form(request.user, request.POST if posted else None)
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, importer=importer
    )
    if posted and options.is_valid() and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = pipeline.start(
                actor=cast("User", request.user),
                importer=importer,
                handle=upload,
                file_name=upload.name,
                size=upload.size,
                options=importer.options(options.cleaned_data),
            )
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            return redirect("core:import_detail", pk=run.pk)
    recent = imports_visible_to(request.user).filter(kind=kind, actor_id=request.user.pk)[:5]
    context = {"importer": importer, "form": form, "options": options, "recent": recent}
    return render(request, "core/imports/upload.html", context, status=400 if posted else 200)


@login_required
def example(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    importer = _importer(request, kind)
    if fmt not in importer.example_formats or fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(importer.example(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Bulk imports: all of them for those who review imports, one's own for others."""
    runs = imports_visible_to(request.user)
    page = Paginator(runs, 50).get_page(request.GET.get("page"))
    return render_page(
        request, "core/import_list.html", {"page": page}, partial="core/_import_rows.html"
    )


@login_required
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """A run: while queued or running its progress (the page refreshes itself),
    then its problems page by page and what importing does or did, with the
    actions its owner may take."""
    run = get_visible_or_404(imports_visible_to(request.user), pk)
    importer = pipeline.importers().get(run.kind)
    working = run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
    state = progress.read(run.pk) if working else {}
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {
                "status": run.status,
                "phase": state.get("phase", ""),
                "percent": state.get("percent"),
                "rows": state.get("rows", run.rows),
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "refused": run.refused,
                "problems": run.problem_total,
            }
        )
    mine = (
        run.actor_id == request.user.pk
        and importer is not None
        and importer.may_import(request.user, run.options)
    )
    waiting = run.status in (ImportRun.Status.PENDING, ImportRun.Status.REFUSED) and bool(
        run.upload
    )
    context = {
        "run": run,
        "importer": importer,
        "working": working,
        "progress": state,
        "problems": Paginator(run.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page")),
        "may_confirm": mine and waiting,
        "may_cancel": mine and (working or waiting) and not state.get("cancel_requested"),
        "valid_rows": max(run.rows - run.refused, 0),
        "unlisted": run.problem_total - len(run.problems),
    }
    return render(request, "core/imports/run.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: str) -> HttpResponse:
    run = get_visible_or_404(imports_visible_to(request.user), pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        pipeline.confirm(
            actor=cast("User", request.user),
            run=run,
            skip_invalid=bool(form.cleaned_data.get("skip_invalid")),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("core:import_detail", pk=run.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: str) -> HttpResponse:
    run = get_visible_or_404(imports_visible_to(request.user), pk)
    try:
        pipeline.cancel(actor=cast("User", request.user), run=run)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("core:import_detail", pk=run.pk)
