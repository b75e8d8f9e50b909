"""Persons of interest: leaders, lieutenants and sponsors of armed groups.

A person's identity (names, aliases, date of birth) is sensitive: every read is
audited and an analyst never receives it (``policies``)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from konbit.actors.models.grading import DatePrecision, Graded
from konbit.actors.models.groups import AliasKind, Language, Releasable


class Person(Releasable):
    """Someone who leads, serves or sponsors an armed group."""

    name = models.CharField(_("name"), max_length=200)
    name_norm = models.CharField(
        _("normalized name"), max_length=200, db_index=True, editable=False
    )
    born_on = models.DateField(_("date of birth"), null=True, blank=True)
    born_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    description = models.TextField(_("description"), blank=True)

    audit_reads: ClassVar[bool] = True

    class Meta:
        verbose_name = _("person of interest")
        verbose_name_plural = _("persons of interest")
        ordering = ["name"]
        permissions = [("release_person", _("Can release persons of interest to the HNP"))]

    def __str__(self) -> str:
        return self.name


class PersonAlias(Graded):
    """Another name of a person: a nickname ("Barbecue"), another spelling."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("alias"), max_length=200)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    kind = models.CharField(
        _("kind of alias"), max_length=10, choices=AliasKind.choices, default=AliasKind.NICKNAME
    )

    audit_reads: ClassVar[bool] = True

    class Meta:
        verbose_name = _("alias of a person")
        verbose_name_plural = _("aliases of persons")
        ordering = ["person", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="personalias_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
