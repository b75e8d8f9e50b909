"""What actors offers to choose by name (``core.choosers``): armed groups, which
seizures and incidents attribute by name, never by an id; and persons of interest,
which the statement forms offer as the user types, never as a list of every person
(each offer is a read of a person, audited by the chooser's endpoint)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from konbit.actors.models import ArmedGroup, Person
from konbit.core.choosers import Chooser, register

# ``name_norm`` is the resolver's key (words run together), not the choosers' form of
# a name, so names are compared as typed (case ignored); group names are unique.
ARMED_GROUP = register(
    Chooser(
        name="armed_group",
        model=ArmedGroup,
        code="pk",
        names=("name",),
        label=lambda g: g.name,
        order=("name",),
        hint=_("Name of the group"),
    )
)

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
