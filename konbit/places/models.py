"""The Haiti gazetteer: departments, arrondissements, communes and communal sections
with their OCHA P-codes (COD-AB, CNIGS, valid on 2018-11-29).

This is reference data loaded by a migration from the files in ``data/``, not records
people edit, so it does not use ``TrackedModel``: the P-code is the natural key that
every source (ACLED, HDX HAPI, DTM) already speaks, so it is the primary key. Other
parts point at a commune with a foreign key whose column holds the P-code itself
(``incident.commune_id == "HT0117"``): an importer that knows a P-code from
``places.geo`` sets it without a query, and exports stay readable. There is nothing
to version or audit: the gazetteer changes only with a new migration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Place(models.Model):
    """What every level of the gazetteer has."""

    pcode = models.CharField(_("P-code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("Official French name."))
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    name_ht = models.CharField(_("Haitian Creole name"), max_length=100, blank=True)
    # The French name lower-cased without accents or punctuation
    # (core.tabular.normalize_text): searching and matching compare this, the same
    # way on SQLite and PostgreSQL.
    name_norm = models.CharField(_("normalized name"), max_length=100, db_index=True)
    # Other spellings, normalized, separated by "|" (English, Creole, ACLED's).
    alt_names_norm = models.CharField(_("other names, normalized"), max_length=300, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"))
    centroid_lon = models.FloatField(_("centroid longitude"))
    # A point guaranteed inside the polygon (for markers and labels).
    inner_lat = models.FloatField(_("inner point latitude"))
    inner_lon = models.FloatField(_("inner point longitude"))
    population_2019 = models.PositiveIntegerField(_("population (2019)"), null=True, blank=True)
    population_2019_female = models.PositiveIntegerField(
        _("female population (2019)"), null=True, blank=True
    )
    population_2019_male = models.PositiveIntegerField(
        _("male population (2019)"), null=True, blank=True
    )
    # GeoJSON geometry (Polygon or MultiPolygon, WGS 84), simplified to about 200 m.
    geometry = models.JSONField(_("boundary"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["pcode"]

    def __str__(self) -> str:
        return f"{self.name} ({self.pcode})"


class Department(Place):
    """One of Haiti's ten departments (P-code HT01..HT10)."""

    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)

    class Meta(Place.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Arrondissement(Place):
    """One of the 42 arrondissements (P-code = the first five characters of its
    communes' P-codes). OCHA publishes no arrondissement level: its name and boundary
    are derived from its communes."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="arrondissements",
    )

    class Meta(Place.Meta):
        verbose_name = _("arrondissement")
        verbose_name_plural = _("arrondissements")


class Commune(Place):
    """One of the 140 communes (OCHA admin level 2; ACLED's admin3)."""

    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    # Redundant with arrondissement.department, kept for filtering without a join.
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="communes"
    )

    class Meta(Place.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")


class CommunalSection(Place):
    """One of the 570 communal sections (OCHA admin level 3, P-code e.g. HT0111-01)."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="sections"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="sections"
    )

    class Meta(Place.Meta):
        verbose_name = _("communal section")
        verbose_name_plural = _("communal sections")
