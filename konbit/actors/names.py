"""How actor names compare: the key two spellings of one group share.

ACLED writes a group as "5 Segond Gang", a report as "Gang 5 Segond", Creole as
"5 Segonn"; state forces carry their dates ("Police Forces of Haiti (2017-)") and
generic actors their country ("Civilians (Haiti)"). ``name_key`` folds case, accents,
punctuation, spaces, parenthesized qualifiers and the generic words ACLED adds, so
that the same name written any of these ways gives one key. Only equal keys link a
name automatically; anything looser is a suggestion a person confirms.
"""

from __future__ import annotations

import re

from konbit.core.tabular import normalize_text

_PARENS = re.compile(r"\([^)]*\)|\[[^]]*\]")
# Words ACLED (and reports) put around a gang's own name. Removed only at either end,
# so "Gang of 400 Mawozo" and "400 Mawozo Gang" meet, while a name made of these
# words alone keeps them.
_AFFIXES = {
    "gang",
    "gangs",
    "of",
    "the",
    "baz",
    "base",
    "group",
    "armed",
    "de",
    "du",
    "des",
    "la",
    "le",
}
# Names that stand for no particular group: never linked nor suggested.
_GENERIC = re.compile(
    r"^(unidentified|unknown|civilians|protesters|rioters|students|women|children|"
    r"journalists|lawyers|labour|labor|teachers|health workers|taxi|farmers|"
    r"prisoners|refugees|migrants|vigilante)\b"
)


def words(name: str) -> list[str]:
    """The name's words, normalized, without parenthesized qualifiers and without
    the generic words ACLED puts before or after a gang's own name."""
    plain = normalize_text(_PARENS.sub(" ", name)).split()
    while len(plain) > 1 and plain[0] in _AFFIXES:
        plain.pop(0)
    while len(plain) > 1 and plain[-1] in _AFFIXES:
        plain.pop()
    return plain


def name_key(name: str) -> str:
    """The comparison key of a name: its words run together ("G-Pèp" and "GPep"
    and "G Pep Gang" all give "gpep")."""
    return "".join(words(name))


def is_generic(name: str) -> bool:
    """Whether the name stands for no particular group ("Unidentified Gang (Haiti)",
    "Civilians (Haiti)"): such a name is never linked nor suggested."""
    return bool(_GENERIC.match(normalize_text(_PARENS.sub(" ", name))))


def split_cell(cell: str) -> list[str]:
    """The actor names in one ACLED cell: associated actors are separated by ";"."""
    return [part.strip() for part in cell.split(";") if part.strip()]
