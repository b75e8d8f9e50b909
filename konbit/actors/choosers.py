"""Persons of interest chosen by name (``core.choosers``): the statement forms offer
them as the user types, never as a list of every person (each offer is a read of a
person, audited by the chooser's endpoint)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from konbit.actors.models import Person
from konbit.core.choosers import Chooser, register

PERSON = register(
    Chooser(
        name="actor_person",
        model=Person,
        code="pk",
        names=("name",),
        label=lambda p: p.name,
        order=("name",),
        hint=_("Name of the person"),
    )
)
