from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from konbit.accounts import services
from konbit.accounts.models import User

SIGN_IN_REFUSED = _(
    "Unable to sign in with this username and password (and one-time code, if you use "
    "two-factor authentication)."
)


class LoginForm(AuthenticationForm):
    """Username and password, and the one-time code for users enrolled in 2FA."""

    otp = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you use two-factor authentication."),
    )

    # One answer for every refusal: a right password with a missing or wrong code
    # reads exactly as a wrong password, so the form tells nobody which was wrong.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_REFUSED,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device: Any = None

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if services.confirmed_device(user) is None:
            return
        code = self.cleaned_data.get("otp") or ""
        self.otp_device = services.otp_verify(user=user, code=code) if code else None
        if self.otp_device is None:
            # A missing or wrong code counts as a failed sign-in for the throttle, as a
            # wrong password does.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.username},
                request=self.request,
            )
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class OtpConfirmForm(forms.Form):
    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
