"""A page's button that changes one record through a service (release to the HNP,
mark as received...): the page posts the version it was read at; a missing or
stale version, or the service's refusal, comes back as a message on the record's
page, never as an error page, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from konbit.core.exceptions import DomainError, StaleVersion


def record_action(
    request: HttpRequest, *, act: Callable[[int], Any], done: str, back: str
) -> HttpResponse:
    """Call ``act(version)`` with the posted version; say ``done`` if it went
    through, else why not; go ``back`` (the record's page) either way."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("Send the version of the record you are changing."))
        return redirect(back)
    try:
        act(version)
    except StaleVersion:
        messages.error(request, _("Someone else changed this record: look at it again first."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect(back)
