from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from konbit.accounts import services
from konbit.accounts.roles import requires_two_factor

_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/jsi18n/", "/healthz")


class RequireTwoFactorMiddleware:
    """Users whose role requires 2FA reach nothing but enrolment and sign-out until
    their session is verified with a one-time code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and requires_two_factor(user)
            and not user.is_verified()  # type: ignore[union-attr]
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _("Your role requires two-factor authentication."),
                        "errors": {},
                    },
                    status=403,
                )
            return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)


class TokenUseMiddleware:
    """Records when an API token was last used (at most once a minute), after the
    view has answered: never inside the request's own work or transaction."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, "konbit_api_token", None)
        if token is not None:
            services.token_touch(token, now=timezone.now())
        return response
