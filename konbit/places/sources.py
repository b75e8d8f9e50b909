"""Reading the gazetteer's source files (``data/``, see its README) into plain rows.

The data migration that fills the tables calls ``gazetteer_rows()``; it returns dicts
of field values (foreign keys as ``<field>_id`` P-codes) so that the migration can
bulk-create them with its historical models (so the rows must keep matching the
fields of migration 0001: a later schema change fills new fields in its own
migration rather than here). Rules applied here:

- names are the official French ones; English and Creole ones are kept where the
  source gives them and differ;
- seven section names carry stray newlines (and a truncated copy of the name) in
  the original: only the first line is kept, with runs of spaces folded;
- arrondissements are not a level of the OCHA dataset: their name is ACLED's
  spelling matched to the commune it is named after (with the accents of the
  commune's official name), or the official name from ``ARRONDISSEMENT_NAMES``; their
  boundary is the union of their communes;
- department and arrondissement populations are the sums of their communes'.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

from konbit.core.tabular import normalize_text

DATA_DIR = Path(__file__).resolve().parent / "data"

# Official names of the arrondissements that ACLED does not name, or names after a
# place that is not one of their communes (loi sur la division territoriale).
ARRONDISSEMENT_NAMES = {
    "HT014": "Arcahaie",
    "HT015": "La Gonâve",
    "HT035": "Borgne",
    "HT044": "Vallières",
    "HT071": "Les Cayes",
}


def clean_name(value: str | None) -> str:
    """The first line of a name, spaces folded: the source has names such as
    ``"1re Section Plaine Céleste\\n1re  Section Plaine C"``."""
    if not value:
        return ""
    lines = value.strip().splitlines()
    return " ".join(lines[0].split()) if lines else ""


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _geometries(level: int) -> dict[str, dict[str, Any]]:
    path = DATA_DIR / f"hti_adm{level}_cnigs_20181129_simplified.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"][f"ADM{level}_PCODE"]: f["geometry"] for f in features}


def _alt_names(name: str, *others: str) -> str:
    """Other spellings, normalized, without the name itself or repeats."""
    seen = {normalize_text(name)}
    alts: list[str] = []
    for other in others:
        key = normalize_text(other)
        if key and key not in seen:
            seen.add(key)
            alts.append(key)
    return "|".join(alts)


def _names(fr: str, en: str = "", ht: str = "", *aliases: str) -> dict[str, str]:
    name = clean_name(fr)
    name_en = clean_name(en)
    name_ht = clean_name(ht)
    return {
        "name": name,
        "name_en": name_en if name_en != name else "",
        "name_ht": name_ht,
        "name_norm": normalize_text(name),
        "alt_names_norm": _alt_names(name, name_en, name_ht, *aliases),
    }


def _int(value: str | None) -> int | None:
    return round(float(value)) if value else None


def _point(row: dict[str, str]) -> dict[str, float]:
    return {
        "centroid_lat": float(row["centroid_lat"]),
        "centroid_lon": float(row["centroid_lon"]),
        "inner_lat": float(row["inner_point_lat"]),
        "inner_lon": float(row["inner_point_lon"]),
    }


def _population(row: dict[str, str] | None, total: str, female: str, male: str) -> dict[str, Any]:
    if row is None:
        return dict.fromkeys(
            ("population_2019", "population_2019_female", "population_2019_male"), None
        )
    return {
        "population_2019": _int(row[total]),
        "population_2019_female": _int(row[female]),
        "population_2019_male": _int(row[male]),
    }


def _sum_population(children: list[dict[str, Any]]) -> dict[str, Any]:
    sums: dict[str, Any] = {}
    for field in ("population_2019", "population_2019_female", "population_2019_male"):
        values = [child.get(field) for child in children]
        sums[field] = sum(values) if values and None not in values else None  # type: ignore[arg-type]
    return sums


def gazetteer_rows() -> dict[str, list[dict[str, Any]]]:
    """Rows for ``departments``, ``arrondissements``, ``communes`` and ``sections``."""
    iso = {
        row["ocha_adm1_pcode_by_name_match"]: row for row in _csv("iso3166-2_haiti_pycountry.csv")
    }
    commune_population = {row["adm2code"]: row for row in _csv("hti_pop2019_adm2_ihsi_unfpa.csv")}
    section_population = {row["adm3code"]: row for row in _csv("hti_pop2019_adm3_ihsi_unfpa.csv")}
    geometries = {level: _geometries(level) for level in (1, 2, 3)}

    communes: list[dict[str, Any]] = []
    for row in _csv("hti_adm2_communes.csv"):
        pcode = row["adm2_pcode"]
        communes.append(
            {
                "pcode": pcode,
                **_names(row["adm2_fr"], row["adm2_en"], row["adm2_ht"]),
                **_point(row),
                **_population(
                    commune_population.get(pcode), "pop_2019", "pop_2019_female", "pop_2019_male"
                ),
                "geometry": geometries[2][pcode],
                "arrondissement_id": row["adm_arrondissement_pcode_derived"],
                "department_id": row["adm1_pcode"],
            }
        )
    communes_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for commune in communes:
        communes_of[commune["arrondissement_id"]].append(commune)

    arrondissements: list[dict[str, Any]] = []
    for row in _csv("derived_hti_arrondissements.csv"):
        pcode = row["arrondissement_pcode"]
        members = communes_of[pcode]
        acled = row["name_from_acled_admin2"]
        named_after = [c["name"] for c in members if c["name_norm"] == normalize_text(acled)]
        name = ARRONDISSEMENT_NAMES.get(pcode) or (named_after[0] if named_after else acled)
        union = shapely.union_all([shape(c["geometry"]) for c in members])
        inner = union.representative_point()
        arrondissements.append(
            {
                "pcode": pcode,
                **_names(name, "", "", acled),
                "centroid_lat": round(union.centroid.y, 6),
                "centroid_lon": round(union.centroid.x, 6),
                "inner_lat": round(inner.y, 6),
                "inner_lon": round(inner.x, 6),
                **_sum_population(members),
                "geometry": mapping(union),
                "department_id": row["adm1_pcode"],
            }
        )

    departments: list[dict[str, Any]] = []
    for row in _csv("hti_adm1_departments.csv"):
        pcode = row["adm1_pcode"]
        members = [c for c in communes if c["department_id"] == pcode]
        departments.append(
            {
                "pcode": pcode,
                "iso_code": iso[pcode]["iso3166_2"],
                **_names(row["adm1_fr"], row["adm1_en"], row["adm1_ht"], iso[pcode]["name"]),
                **_point(row),
                **_sum_population(members),
                "geometry": geometries[1][pcode],
            }
        )

    sections: list[dict[str, Any]] = []
    for row in _csv("hti_adm3_sections_communales.csv"):
        pcode = row["adm3_pcode"]
        sections.append(
            {
                "pcode": pcode,
                **_names(row["adm3_fr"], row["adm3_en"], row["adm3_ht"]),
                **_point(row),
                **_population(
                    section_population.get(pcode),
                    "IHSI_UNFPA_2019",
                    "IHSI_UNFPA_2019_female",
                    "IHSI_UNFPA_2019_male",
                ),
                "geometry": geometries[3][pcode],
                "commune_id": row["adm2_pcode"],
                "department_id": row["adm1_pcode"],
            }
        )
    return {
        "departments": departments,
        "arrondissements": arrondissements,
        "communes": communes,
        "sections": sections,
    }
