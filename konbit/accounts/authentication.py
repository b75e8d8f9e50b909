from __future__ import annotations

from typing import Any

from django.db import router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from konbit.accounts import roles, services
from konbit.accounts.models import ApiToken, User
from konbit.core.prepared import PreparedQuery

_TOKEN_FIELDS = [field.attname for field in ApiToken._meta.concrete_fields]
_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]
_USER_END = len(_TOKEN_FIELDS) + len(_USER_FIELDS)

# The token, its user and the names of the user's groups (a row per group), in one
# query compiled once: on an API request that answers in a few milliseconds, the
# two ORM queries this replaces cost more than a millisecond to compile.
_TOKEN_USER_GROUPS = PreparedQuery(
    ApiToken,
    lambda key_hash: ApiToken.objects.filter(key_hash=key_hash).values_list(
        *_TOKEN_FIELDS, *(f"user__{name}" for name in _USER_FIELDS), "user__groups__name"
    ),
    "key_hash",
)


def token_user(key: str) -> tuple[User, ApiToken] | None:
    """The user and token of the API key ``key`` (None: no such token), the user's
    roles read in the same query (see ``roles.remember_roles``)."""
    rows = _TOKEN_USER_GROUPS.rows(key_hash=ApiToken.hash_key(key))
    if not rows:
        return None
    alias = router.db_for_read(ApiToken)
    first = rows[0]
    token = ApiToken.from_db(alias, _TOKEN_FIELDS, first[: len(_TOKEN_FIELDS)])
    user = User.from_db(alias, _USER_FIELDS, first[len(_TOKEN_FIELDS) : _USER_END])
    token.user = user
    roles.remember_roles(user, [row[_USER_END] for row in rows])
    return user, token


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
