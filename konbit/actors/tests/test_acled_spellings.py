"""The demo registry against the ways ACLED and reports spell Haiti's armed groups:
the right group linked or suggested, never the wrong one linked."""

import io

import pytest

from konbit.accounts.services import system_user
from konbit.actors import demo
from konbit.actors.models import ArmedGroup
from konbit.actors.resolution import Matcher

pytestmark = pytest.mark.django_db

EXPECTED = [
    # (name as written, group, linked automatically)
    ("Viv Ansanm", "Viv Ansanm", True),
    ("G9 Family and Allies", "G9 an Fanmi e Alye", True),
    ("G9 an Fanmi e Alye Gang", "G9 an Fanmi e Alye", True),
    ("G-Pep", "G-Pèp", True),
    ("G-Pep Gang", "G-Pèp", True),
    ("5 Segond Gang", "5 Segonn", True),
    ("Gang 5 Secondes", "5 Segonn", True),
    ("Village de Dieu Gang", "5 Segonn", True),
    ("Grand Ravine Gang", "Grand Ravine", True),
    ("Gran Ravine Gang", "Grand Ravine", False),
    ("Kraze Barye Gang", "Kraze Baryè", True),
    ("Krazé Baryé", "Kraze Baryè", True),
    ("400 Mawozo Gang", "400 Mawozo", True),
    ("400 Mawozos", "400 Mawozo", False),
    ("Canaan Gang", "Canaan", True),
    ("Gang de Canaan", "Canaan", True),
    ("Gran Grif Gang", "Gran Grif", True),
    ("Baz Gran Grif", "Gran Grif", True),
    ("Gran Griff", "Gran Grif", False),
    ("Delmas 6 Gang", "Delmas 6", True),
    ("Bel Air Gang", "Bel Air gang", True),
    ("Wharf Jeremie Gang", "Wharf Jérémie", True),
    ("Kokorat San Ras Gang", "Kokorat San Ras", True),
    ("Brooklyn Gang", "Nan Brooklyn", True),
    ("Izo Gang", "5 Segonn", False),
    ("Police Forces of Haiti (2017-)", "Haitian National Police", True),
    ("Police Forces of Haiti (2021-)", "Haitian National Police", True),
    ("Police Forces of Haiti (2017-) Prison Guards", "Haitian National Police", False),
    ("Military Forces of Haiti (2017-)", "Forces Armées d'Haïti", True),
    (
        "Multinational Security Support Mission in Haiti (2024-)",
        "Multinational Security Support Mission",
        True,
    ),
]

NEVER = [
    "Unidentified Gang (Haiti)",
    "Unidentified Armed Group (Haiti)",
    "Civilians (Haiti)",
    "Protesters (Haiti)",
    "Rioters (Haiti)",
    "Bwa Kale",
    "Chien Mechant Gang",
    "Ti Makak Gang",
    "Delmas 2 Gang",
    "Police Forces of Kenya (2022-)",
]


def test_acled_spellings_reach_the_right_group_and_no_other() -> None:
    demo.load(actor=system_user(), out=io.StringIO())
    matcher = Matcher()
    names = dict(ArmedGroup.objects.values_list("pk", "name"))
    wrong = []
    for name, group, exact in EXPECTED:
        match = matcher.match(name)
        got = (names[match.group_id], match.exact) if match else None
        if got != (group, exact):
            wrong.append((name, got, match.reason if match else ""))
    for name in NEVER:
        match = matcher.match(name)
        if match is not None:
            wrong.append((name, names[match.group_id], match.reason))
    assert wrong == []
