from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from konbit.accounts import services
from konbit.accounts.forms import LanguageForm, LoginForm, OtpConfirmForm
from konbit.accounts.models import ApiToken, User
from konbit.core.exceptions import DomainError
from konbit.core.policies import OPEN, SIGNED_IN, guarded, policy_for


@guarded(OPEN)
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        _remember_language(response, form.get_user().language)
        return response


def _remember_language(response: HttpResponse, language: str) -> None:
    """The user's chosen language follows them to every device they sign in on."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )


@guarded(SIGNED_IN)
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page: language, password, two-factor authentication
    and their API tokens (each revocable)."""
    user: User = request.user  # type: ignore[assignment]
    form = LanguageForm(request.POST or None, initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        services.user_set_language(actor=user, user=user, language=form.cleaned_data["language"])
        messages.success(request, _("Your language is saved."))
        response = redirect("accounts:account")
        _remember_language(response, form.cleaned_data["language"])
        return response
    tokens = policy_for(ApiToken).visible(user).filter(user=user)
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "tokens": [(token, services.token_expires_at(token)) for token in tokens],
            "two_factor": services.confirmed_device(user) is not None,
        },
    )


@guarded(ApiToken, "delete")
@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: Any) -> HttpResponse:
    """End one of the user's API tokens at once."""
    policy = policy_for(ApiToken)
    token = policy.get_for(request.user, pk)
    policy.require(request.user, "delete", token)
    services.token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(
        request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix}
    )
    return redirect("accounts:account")


@guarded(SIGNED_IN)
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, audited; it ends the user's API tokens (their
    password mark no longer matches) and keeps this session signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        messages.success(
            self.request, _("Your password is changed; your API tokens no longer work.")
        )
        return response


def lockout_message() -> str:
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts for this username from your address. "
        "Try again in %(minutes)s minutes."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out sign-in gets (django-axes): 429 with a plain reason."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(), "errors": {}}, status=429)
    form = LoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout": lockout_message()},
        status=429,
    )


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@guarded(SIGNED_IN)
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP authenticator: scan the QR code, then confirm with a code."""
    user = request.user
    if services.confirmed_device(user) is not None and not user.is_verified():  # type: ignore[arg-type, union-attr]
        # Replacing a device takes a session verified with the current one.
        logout(request)
        return redirect("accounts:login")
    form = OtpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_enrolment_confirm(user=user, code=form.cleaned_data["otp"])  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error("otp", str(exc.message))
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect("core:home")
    device = services.totp_enrolment_start(user=user)  # type: ignore[arg-type]
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - our own SVG
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "enrolled": services.confirmed_device(user) is not None,  # type: ignore[arg-type]
        },
    )
