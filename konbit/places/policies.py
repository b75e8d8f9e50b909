"""Who may see what of the gazetteer: reference data that every role with the
places permissions reads and nobody edits (it changes only with a migration)."""

from __future__ import annotations

from django.db import models

from konbit.core.policies import Policy, register
from konbit.places.models import Arrondissement, CommunalSection, Commune, Department


class PlacePolicy(Policy[models.Model]):
    """Read by every holder of the view permission; written by nobody."""

    def can_create(self, user: object, **ctx: object) -> bool:
        return False

    def can_change(self, user: object, obj: models.Model) -> bool:
        return False

    def can_delete(self, user: object, obj: models.Model) -> bool:
        return False


@register
class DepartmentPolicy(PlacePolicy):
    model = Department


@register
class ArrondissementPolicy(PlacePolicy):
    model = Arrondissement

    def base_queryset(self) -> models.QuerySet:
        return Arrondissement.objects.select_related("department").defer("department__geometry")


@register
class CommunePolicy(PlacePolicy):
    model = Commune

    def base_queryset(self) -> models.QuerySet:
        return Commune.objects.select_related("department", "arrondissement").defer(
            "department__geometry", "arrondissement__geometry"
        )


@register
class SectionPolicy(PlacePolicy):
    model = CommunalSection

    def base_queryset(self) -> models.QuerySet:
        return CommunalSection.objects.select_related("commune", "department").defer(
            "commune__geometry", "department__geometry"
        )
