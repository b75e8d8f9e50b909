from __future__ import annotations

import hashlib
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in to Konbit. Roles are groups. What else a user belongs to
    (a commander's contingent) is kept by the part that owns it (``affiliations``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"password", "last_login"})
    audit_reads: ClassVar[bool] = False

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if not self.is_active:
            # Deactivation, however it is made (a command, the shell), revokes the
            # user's API tokens for good: reactivating the account revives none.
            ApiToken.objects.filter(user=self).delete()


class ApiToken(models.Model):
    """A key for ``Authorization: Token <key>``. Only its SHA-256 is stored.

    A token answers only while what it was issued under still holds: the user is
    active, their password is the one they had (``password_mark``, the password hash's
    HMAC that Django keeps sessions by, so a change made anywhere ends the token), a
    role that requires two-factor authentication finds ``two_factor`` true, and it was
    used within ``KONBIT_TOKEN_IDLE_DAYS``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60, default="default")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    password_mark = models.CharField(max_length=128, default="", editable=False)
    two_factor = models.BooleanField(
        _("issued with a one-time code"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"key_hash", "password_mark"})
    audit_reads: ClassVar[bool] = False

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_one_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
