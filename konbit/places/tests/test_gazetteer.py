"""The gazetteer the data migration loads: counts, names, parents, population."""

from __future__ import annotations

from typing import Any

import pytest

from konbit.places.models import Arrondissement, CommunalSection, Commune, Department
from konbit.places.sources import clean_name

pytestmark = pytest.mark.django_db


def test_every_level_is_loaded() -> None:
    assert Department.objects.count() == 10
    assert Arrondissement.objects.count() == 42
    assert Commune.objects.count() == 140
    assert CommunalSection.objects.count() == 570


def test_department_names_codes_and_population() -> None:
    west = Department.objects.get(pcode="HT01")
    assert (west.name, west.name_en, west.name_ht, west.iso_code) == (
        "Ouest",
        "West",
        "Lwès",
        "HT-OU",
    )
    assert west.name_norm == "ouest"
    # The sum of its communes' 2019 populations.
    assert west.population_2019 == sum(
        Commune.objects.filter(department=west).values_list("population_2019", flat=True)
    )
    assert set(Department.objects.values_list("iso_code", flat=True)) == {
        "HT-AR", "HT-CE", "HT-GA", "HT-ND", "HT-NE", "HT-NI", "HT-NO", "HT-OU", "HT-SD", "HT-SE",
    }  # fmt: skip


def test_commune_fields_and_parents() -> None:
    soleil = Commune.objects.get(pcode="HT0117")
    assert soleil.name == "Cité Soleil"
    assert soleil.name_norm == "cite soleil"
    assert soleil.department_id == "HT01"
    assert soleil.arrondissement_id == "HT011"
    assert soleil.population_2019 and soleil.population_2019 > 100_000
    assert soleil.geometry["type"] in {"Polygon", "MultiPolygon"}
    assert 18.5 < soleil.centroid_lat < 18.7 and -72.4 < soleil.centroid_lon < -72.2


def test_every_commune_agrees_with_its_arrondissement() -> None:
    for commune in Commune.objects.select_related("arrondissement"):
        assert commune.arrondissement.department_id == commune.department_id
        assert commune.pcode.startswith(commune.arrondissement_id)
    for section in CommunalSection.objects.select_related("commune"):
        assert section.pcode.startswith(section.commune_id + "-")
        assert section.department_id == section.commune.department_id


def test_arrondissement_names() -> None:
    names = dict(Arrondissement.objects.values_list("pcode", "name"))
    assert names["HT011"] == "Port-au-Prince"
    assert names["HT031"] == "Cap-Haïtien"  # ACLED's "Cap Haitien", with the accents
    assert names["HT015"] == "La Gonâve"
    assert names["HT044"] == "Vallières"  # not named by ACLED
    assert "archaie" in Arrondissement.objects.get(pcode="HT014").alt_names_norm.split("|")


def test_no_name_keeps_a_stray_newline() -> None:
    for model in (Department, Arrondissement, Commune, CommunalSection):
        for name, name_en in model.objects.values_list("name", "name_en"):  # type: ignore[attr-defined]
            assert "\n" not in name and "\n" not in name_en
            assert name == name.strip() and "  " not in name
    assert CommunalSection.objects.filter(name="1re Section Plaine Céleste").exists()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("1re Section Plaine Céleste\n1re  Section Plaine C", "1re Section Plaine Céleste"),
        ("5e Section Génipailler\n", "5e Section Génipailler"),
        ("  2e  Section Chardonnette ", "2e Section Chardonnette"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_name(raw: Any, clean: str) -> None:
    assert clean_name(raw) == clean


def test_section_population_is_given_for_every_section() -> None:
    assert not CommunalSection.objects.filter(population_2019__isnull=True).exists()
