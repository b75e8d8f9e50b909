"""Armed groups chosen by name (``core.choosers``): seizures and incidents attribute
a group by its name, never by an id."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from konbit.actors.models import ArmedGroup
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
