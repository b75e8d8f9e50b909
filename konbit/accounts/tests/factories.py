from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from konbit.accounts.models import ApiToken, User
from konbit.accounts.services import token_issue

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@demo.invalid")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def _token(contingents: Any) -> ApiToken:
    """A token of a user outside the cast: only the mission administrator reaches it."""
    owner = UserFactory(username="token-owner")
    token_issue(user=owner, name="sample")
    return ApiToken.objects.get(user=owner)


SAMPLES = {ApiToken: _token}
