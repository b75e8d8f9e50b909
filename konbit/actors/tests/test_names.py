import pytest

from konbit.actors.names import is_generic, name_key, split_cell


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("5 Segond Gang", "Gang 5 Segond"),
        ("Kraze Baryè", "KRAZE-BARYE gang"),
        ("G-Pèp", "GPep"),
        ("Police Forces of Haiti (2017-)", "Police Forces of Haiti"),
        ("Gran Grif Gang (Haiti)", "gran grif"),
        ("Base Pilate", "Baz Pilate"),
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("400 Mawozo Gang", "Gran Grif Gang"), ("Grand Ravine", "Gran Grif"), ("G9", "G-Pep")],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_a_name_of_generic_words_only_keeps_them() -> None:
    assert name_key("Gang") == "gang"
    assert name_key("The Armed Group") == "group"


@pytest.mark.parametrize(
    "name",
    ["Unidentified Gang (Haiti)", "Civilians (Haiti)", "Protesters (Haiti)", "Rioters (Haiti)"],
)
def test_generic_actors_are_recognized(name: str) -> None:
    assert is_generic(name)
    assert not is_generic("400 Mawozo Gang")


def test_associated_actors_split_on_semicolons() -> None:
    assert split_cell("Civilians (Haiti); Women (Haiti);") == ["Civilians (Haiti)", "Women (Haiti)"]
    assert split_cell("") == []
