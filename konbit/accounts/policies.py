"""Who may see and end API tokens."""

from __future__ import annotations

from typing import Any

from django.db import models

from konbit.accounts.models import ApiToken
from konbit.core.policies import Policy, register


@register
class ApiTokenPolicy(Policy[ApiToken]):
    """Every signed-in user lists and revokes their own tokens;
    ``accounts.view_apitoken`` and ``accounts.delete_apitoken`` (the mission
    administrator) reach everyone's, to end a lost laptop's key. Tokens are made only
    by signing in (``POST /api/v1/auth/token/``) and never changed."""

    model = ApiToken
    read_label = "own"

    def part_visible(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active)

    def base_queryset(self) -> models.QuerySet[ApiToken]:
        return ApiToken.objects.select_related("user")

    def scope(self, user: Any, queryset: models.QuerySet[ApiToken]) -> models.QuerySet[ApiToken]:
        if self.has(user, self.perm("view")):
            return queryset
        return queryset.filter(user_id=user.pk)

    def can_create(self, user: Any, **ctx: Any) -> bool:
        return False

    def can_change(self, user: Any, obj: ApiToken) -> bool:
        return False

    def can_delete(self, user: Any, obj: ApiToken) -> bool:
        if not self.part_visible(user):
            return False
        return obj.user_id == user.pk or self.has(user, self.perm("delete"))

    def allows(self, user: Any, action: str, obj: ApiToken | None = None, **ctx: Any) -> bool:
        if action == "delete" and obj is None:
            # Asked of no token in particular: everyone may revoke their own.
            return self.part_visible(user)
        return super().allows(user, action, obj, **ctx)
