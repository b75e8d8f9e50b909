"""Finding communes by P-code, by name and by ACLED-style admin names."""

from __future__ import annotations

import csv

import pytest

from konbit.places import selectors
from konbit.places.models import Arrondissement
from konbit.places.sources import DATA_DIR

pytestmark = pytest.mark.django_db


def test_commune_by_pcode() -> None:
    commune = selectors.commune_by_pcode("HT0117")
    assert commune is not None and commune.name == "Cité Soleil"
    assert selectors.commune_by_pcode(" ht0117 ") == commune
    assert selectors.commune_by_pcode("HT9999") is None
    assert selectors.commune_by_pcode("") is None


@pytest.mark.parametrize("q", ["cite soleil", "Cité Soleil", "CITE-SOLEIL", "  cité   soleil "])
def test_communes_matching_ignores_accents_and_case(q: str) -> None:
    assert list(selectors.communes_matching(q).values_list("pcode", flat=True)) == ["HT0117"]


def test_communes_matching_exact_name_first_and_pcode_prefix() -> None:
    # "Port-de-Paix", "Port-Margot", "Port-Salut", "Port-au-Prince"...: none is exactly "port".
    pcodes = list(selectors.communes_matching("port-au-prince").values_list("pcode", flat=True))
    assert pcodes[0] == "HT0111"
    assert set(selectors.communes_matching("ht011").values_list("pcode", flat=True)) == {
        f"HT011{n}" for n in range(1, 9)
    }
    assert not selectors.communes_matching("").exists()
    assert not selectors.communes_matching(" - ").exists()


@pytest.mark.parametrize(
    ("admin1", "admin2", "admin3", "pcode"),
    [
        ("Ouest", "Port-au-Prince", "Cite Soleil", "HT0117"),
        ("ouest", "port au prince", "CITÉ SOLEIL", "HT0117"),
        (None, None, "Cite Soleil", "HT0117"),
        ("Ouest", "Croix Des Bouquets", "Croix Des Bouquets", "HT0131"),
        ("Nord", "Cap Haitien", "Cap Haitien", "HT0311"),
        ("Artibonite", "Gros Morne", "Gros Morne", "HT0521"),
        ("West", None, "Delmas", "HT0112"),  # the English department name
        ("Ouest", "Archaie", "Arcahaie", "HT0141"),  # ACLED's arrondissement spelling
        ("Ouest", "Port-au-Prince", "", None),  # no commune named
        ("Ouest", "Port-au-Prince", None, None),
        ("Nord", None, "Cite Soleil", None),  # contradicting department
        ("Ouest", "Leogane", "Cite Soleil", None),  # contradicting arrondissement
        ("Ouest", None, "Atlantis", None),  # unknown commune
        ("Nowhere", None, "Delmas", None),  # unknown department
    ],
)
def test_commune_for_names(
    admin1: str | None, admin2: str | None, admin3: str | None, pcode: str | None
) -> None:
    assert selectors.commune_for_names(admin1, admin2, admin3) == pcode


def test_every_acled_arrondissement_name_resolves_to_its_arrondissement() -> None:
    with (DATA_DIR / "derived_arrondissement_crosswalk_acled_admin2_to_ocha.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 40
    for row in rows:
        arrondissement = Arrondissement.objects.get(pk=row["ocha_arrondissement_pcode_majority"])
        commune = arrondissement.communes.order_by("pcode").first()
        assert commune is not None
        found = selectors.commune_for_names(
            row["acled_admin1"], row["acled_admin2_arrondissement"], commune.name
        )
        assert found == commune.pcode, row
