from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from konbit.accounts import services
from konbit.accounts.models import ApiToken, User
from konbit.accounts.roles import remember_roles


def token_user(key: str) -> tuple[User, ApiToken] | None:
    """The user and token of the API key ``key`` (None: no such token), with the
    user's roles, in one query (a row a group of the user's): the roles are read on
    every request, so a role taken away counts at once."""
    rows = list(
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key))
        .annotate(group_name=F("user__groups__name"))
    )
    if not rows:
        return None
    token = rows[0]
    remember_roles(token.user, (row.group_name for row in rows))
    return token.user, token


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>``, checked against the stored hash."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        found = token_user(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user, token = found
        refusal = services.token_refusal(token, user, now=timezone.now())
        if refusal is not None:
            raise exceptions.AuthenticationFailed(refusal)
        # Its last use is recorded once the answer is ready (TokenUseMiddleware),
        # outside the request's work.
        request._request.konbit_api_token = token  # type: ignore[attr-defined]
        return user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword
