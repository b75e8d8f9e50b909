"""``core.prepared``: a query compiled once gives what its queryset gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet

from konbit.accounts.models import ApiToken
from konbit.accounts.services import token_issue
from konbit.accounts.tests.factories import UserFactory
from konbit.core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db

FIELDS = ("id", "user_id", "created_at", "last_used_at", "user__date_joined", "user__is_active")


def test_rows_are_the_querysets_and_the_sql_is_compiled_once(
    django_assert_num_queries: Any,
) -> None:
    built: list[str] = []

    def build(key_hash: str) -> QuerySet[Any]:
        built.append(key_hash)
        return ApiToken.objects.filter(key_hash=key_hash).values_list(*FIELDS)

    prepared = PreparedQuery(ApiToken, build, "key_hash")
    first = token_issue(user=UserFactory())
    second = token_issue(user=UserFactory())
    for key in (first, second, first, "kb_nothing"):
        key_hash = ApiToken.hash_key(key)
        with django_assert_num_queries(1):
            rows = prepared.rows(key_hash=key_hash)
        assert rows == list(ApiToken.objects.filter(key_hash=key_hash).values_list(*FIELDS))
    assert len(built) == 1 and built[0] not in {ApiToken.hash_key(first), first}
    assert rows == []


def test_a_value_that_is_not_a_parameter_as_given_is_refused() -> None:
    prepared = PreparedQuery(
        ApiToken,
        lambda prefix: ApiToken.objects.filter(prefix__icontains=prefix).values_list("id"),
        "prefix",
    )
    with pytest.raises(TypeError, match="parameter"):
        prepared.rows(prefix="kb_")
