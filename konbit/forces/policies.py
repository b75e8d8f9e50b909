"""Who may see and do what with each kind of forces record (DESIGN.md "Who sees what").

Reference records (mandates, obligations, countries, contingents, waves, rotations)
follow their model permissions. People's records (personnel, deployments) are read
and written by HQ and oversight across the mission and by a contingent commander in
their own contingent only; units are read by all and written within the contingent.
"Across the mission" is the permission ``forces.any_contingent``: a user without it
is held to the contingent they belong to (``membership.contingent_id_of``).
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db import models

from konbit.core.policies import Policy, register
from konbit.forces.membership import contingent_id_of
from konbit.forces.models import (
    Contingent,
    Country,
    Deployment,
    DeploymentWave,
    Mandate,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)

ANY_CONTINGENT = "forces.any_contingent"

M = TypeVar("M", bound=models.Model)


def any_contingent(user: Any) -> bool:
    """Whether ``user`` acts across the mission rather than in their own contingent."""
    return bool(user is not None and user.has_perm(ANY_CONTINGENT))


def in_own_contingent(user: Any, contingent: Any) -> bool:
    """Whether ``contingent`` (a Contingent or its id) is one ``user`` may act in:
    any for a user holding ``forces.any_contingent``, else only their own."""
    if any_contingent(user):
        return True
    own = contingent_id_of(user)
    target = getattr(contingent, "pk", contingent)
    return own is not None and target is not None and str(own) == str(target)


def contingents_for(
    user: Any, model: type[models.Model], action: str
) -> models.QuerySet[Contingent]:
    """The contingents in which ``user`` may ``action`` ("create", "change", "import"...)
    records of ``model``: the choices a form offers (their own for a commander)."""
    from konbit.core.policies import policy_for

    if not policy_for(model).allows(user, action):
        return Contingent.objects.none()
    contingents = Contingent.objects.select_related("country")
    if any_contingent(user):
        return contingents
    own = contingent_id_of(user)
    return contingents.filter(pk=own) if own is not None else contingents.none()


class ContingentScoped(Policy[M]):
    """An entity tied to a contingent by ``contingent_path`` (a lookup such as
    ``"person__contingent_id"``): written, and with ``scoped_reads`` read, only
    within the user's contingent unless they hold ``forces.any_contingent``."""

    contingent_path: ClassVar[str] = "contingent_id"
    scoped_reads: ClassVar[bool] = True

    def contingent_of(self, obj: M) -> Any:
        value: Any = obj
        for part in self.contingent_path.split("__"):
            value = getattr(value, part)
        return value

    def scope(self, user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        if not self.scoped_reads or any_contingent(user):
            return queryset
        own = contingent_id_of(user)
        if own is None:
            return queryset.none()
        return queryset.filter(**{self.contingent_path: own})

    def in_scope(self, user: Any, obj: M | None = None, **ctx: Any) -> bool:
        if obj is not None:
            return in_own_contingent(user, self.contingent_of(obj))
        if "contingent" in ctx:
            return in_own_contingent(user, ctx["contingent"])
        # A new record whose contingent is not chosen yet: the form offers the
        # user's own, and the service checks the one chosen.
        return True


@register
class MandatePolicy(Policy[Mandate]):
    """Mandates are public Council decisions: every role with forces access reads them."""

    model = Mandate


@register
class ObligationPolicy(Policy[ReportingObligation]):
    model = ReportingObligation

    def base_queryset(self) -> models.QuerySet[ReportingObligation]:
        return ReportingObligation.objects.select_related("mandate")


@register
class CountryPolicy(Policy[Country]):
    model = Country


@register
class ContingentPolicy(Policy[Contingent]):
    """Contingents are public facts of the mission: every role with forces access
    reads them; HQ writes them."""

    model = Contingent

    def base_queryset(self) -> models.QuerySet[Contingent]:
        return Contingent.objects.select_related("country")


@register
class UnitPolicy(ContingentScoped[Unit]):
    """A unit's name and type are not personal data: read by all, written within
    the contingent."""

    model = Unit
    scoped_reads = False

    def base_queryset(self) -> models.QuerySet[Unit]:
        return Unit.objects.select_related("contingent__country")


@register
class PersonnelPolicy(ContingentScoped[Personnel]):
    """People: personal data. HQ and oversight read everyone, a commander their own
    contingent; the HNP liaison and the analyst nobody. Every read is audited. The
    roster is imported and exported per contingent."""

    model = Personnel
    audit_reads = True
    actions: ClassVar[dict[str, str]] = {
        "import": "forces.import_roster",
        "export": "forces.export_roster",
    }

    def base_queryset(self) -> models.QuerySet[Personnel]:
        return Personnel.objects.select_related("contingent__country", "unit")


@register
class DeploymentPolicy(ContingentScoped[Deployment]):
    """A deployment is a person's record: the same scope as personnel, reads audited.
    Strength (counts of deployments, no person) is an aggregate every role with
    ``forces.view_strength`` reads for the whole mission."""

    model = Deployment
    contingent_path = "person__contingent_id"
    audit_reads = True
    audited_relations = ("person",)  # every page and answer names the person
    actions: ClassVar[dict[str, str]] = {"aggregate": "forces.view_strength"}

    def base_queryset(self) -> models.QuerySet[Deployment]:
        return Deployment.objects.select_related(
            "person__contingent__country", "person__unit", "wave"
        )

    def allows_extra(self, user: Any, action: str, obj: Any, **ctx: Any) -> bool:
        # Aggregates carry no person: the permission is the whole rule.
        return action == "aggregate" or super().allows_extra(user, action, obj, **ctx)


@register
class WavePolicy(Policy[DeploymentWave]):
    """Announced arrivals (counts, no person): every role with forces access reads
    them, HQ writes."""

    model = DeploymentWave

    def base_queryset(self) -> models.QuerySet[DeploymentWave]:
        return DeploymentWave.objects.select_related("contingent__country")


@register
class RotationPolicy(Policy[Rotation]):
    model = Rotation

    def base_queryset(self) -> models.QuerySet[Rotation]:
        return Rotation.objects.select_related(
            "incoming_wave__contingent__country", "outgoing_wave__contingent__country"
        )
