from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from konbit.accounts import services
from konbit.accounts.models import User


class LoginForm(AuthenticationForm):
    """Username and password, and the one-time code for users enrolled in 2FA."""

    otp = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you use two-factor authentication."),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "otp_required": _("Enter the one-time code from your authenticator app."),
        "otp_invalid": _("That one-time code is not valid."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device: Any = None

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if services.confirmed_device(user) is None:
            return
        code = self.cleaned_data.get("otp") or ""
        if not code:
            raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
        self.otp_device = services.otp_verify(user=user, code=code)
        if self.otp_device is None:
            # A wrong code counts as a failed login for the throttle.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.username},
                request=self.request,
            )
            raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")


class OtpConfirmForm(forms.Form):
    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
