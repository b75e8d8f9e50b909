"""Joint operations chosen by name (``core.choosers``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from konbit.core.choosers import Chooser, register
from konbit.operations.models import JointOperation

OPERATION = register(
    Chooser(
        name="operation",
        model=JointOperation,
        code="pk",
        names=("name",),
        label=lambda o: o.name,
        order=("-starts_on", "name"),
        hint=_("Name of the operation"),
    )
)
