"""Issue 12, "How it will be checked": an ACLED file for Haiti the project has never
seen (thousands of events, about a hundred distinct actor names, written the way
ACLED writes them: associated actors joined by ";", state forces dated, the same gang
spelled several ways) imported on top of the demo. The demo's gangs end up linked or
suggested to the right group, no name is linked automatically to a group it does not
stand for, and every group's ``incident_count`` agrees with the incidents that name
it. The file is generated here from the 22-row sample's columns (ACLED's terms forbid
shipping a larger extract); the events are invented, the names are ACLED's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import defaultdict
from typing import Any

import pytest

from konbit.accounts.services import system_user
from konbit.actors import demo
from konbit.actors.models import ActorName, ArmedGroup, IncidentGroupLink
from konbit.forces import demo as forces_demo
from konbit.operations import demo as operations_demo
from konbit.operations.models import Incident
from konbit.operations.taxonomy import DATA_DIR
from konbit.operations.tests.factories import import_acled

pytestmark = pytest.mark.django_db

# Names that must be linked automatically, and to which group.
LINKED = {
    "Viv Ansanm": "Viv Ansanm",
    "G9 an Fanmi e Alye": "G9 an Fanmi e Alye",
    "G9 Family and Allies": "G9 an Fanmi e Alye",
    "G-Pep": "G-Pèp",
    "G-Pep Gang": "G-Pèp",
    "Delmas 6 Gang": "Delmas 6",
    "5 Segond Gang": "5 Segonn",
    "Village de Dieu Gang": "5 Segonn",
    "Grand Ravine Gang": "Grand Ravine",
    "Kraze Barye Gang": "Kraze Baryè",
    "Kraze Baryè Gang": "Kraze Baryè",
    "400 Mawozo Gang": "400 Mawozo",
    "Canaan Gang": "Canaan",
    "Gran Grif Gang": "Gran Grif",
    "Bel Air Gang": "Bel Air gang",
    "Ti Bwa Gang": "Ti Bwa",
    "Ti Bois Gang": "Ti Bwa",
    "Wharf Jeremie Gang": "Wharf Jérémie",
    "Kokorat San Ras Gang": "Kokorat San Ras",
    "Kokorat Sans Ras Gang": "Kokorat San Ras",
    "Brooklyn Gang": "Nan Brooklyn",
    "Police Forces of Haiti (2017-)": "Haitian National Police",
    "Police Forces of Haiti (2021-)": "Haitian National Police",
    "Police Forces of Haiti (2024-)": "Haitian National Police",
    "Military Forces of Haiti (2017-)": "Forces Armées d'Haïti",
    "Military Forces of Haiti (2021-)": "Forces Armées d'Haïti",
    "Multinational Security Support Mission in Haiti (2024-)": (
        "Multinational Security Support Mission"
    ),
}
# Names a person should confirm: suggested to the right group (never linked).
SUGGESTED = {
    "Gran Ravine Gang": "Grand Ravine",
    "400 Mawozos": "400 Mawozo",
    "Gran Griff Gang": "Gran Grif",
    "Izo Gang": "5 Segonn",
    "Ti Lapli Gang": "Grand Ravine",
    "Police Forces of Haiti (2021-) Prison Guards": "Haitian National Police",
}
# Gangs the registry does not hold, and actors that are no group: never linked.
UNKNOWN_GANGS = [
    "Chien Mechant Gang",
    "Chen Mechan Gang",
    "Ti Makak Gang",
    "Torcel Gang",
    "Baz Pilate",
    "Boston Gang",
    "Bois Neuf Gang",
    "Simon Pele Gang",
    "Belekou Gang",
    "Tokyo Gang",
    "Krache Dife Gang",
    "Delmas 2 Gang",
    "Delmas 95 Gang",
    "Baz Galil",
    "Nan Chabon Gang",
    "Titanic Gang",
    "Bout Janjan Gang",
    "100 Jou Gang",
    "Ganthier Gang",
    "Mariani Gang",
    "Savien Gang",
    "Arnel Gang",
    "Ti Junior Gang",
    "Vitel'Homme Gang",
    "Unidentified Gang (Haiti)",
    "Unidentified Armed Group (Haiti)",
]
OTHERS = {
    "state": [
        "Government of Haiti (2021-)",
        "BSAP: Protected Areas Security Brigade",
        "Police Forces of Kenya (2022-)",
        "Police Forces of Jamaica (2022-)",
        "Military Forces of the Dominican Republic (2020-)",
        "Police Forces of the Dominican Republic (2020-)",
        "Police Forces of El Salvador (2019-)",
        "Military Forces of Guatemala (2024-)",
        "Private Security Forces (Haiti)",
        "Private Security Forces (United States)",
    ],
    "militia": ["Vigilante Group (Haiti)", "Bwa Kale", "Self-Defense Brigade (Haiti)"],
    "civilians": [
        "Civilians (Haiti)",
        "Women (Haiti)",
        "Children (Haiti)",
        "Students (Haiti)",
        "Journalists (Haiti)",
        "Lawyers (Haiti)",
        "Health Workers (Haiti)",
        "Teachers (Haiti)",
        "Labour Group (Haiti)",
        "Taxi/Bus Drivers (Haiti)",
        "Prisoners (Haiti)",
        "Farmers (Haiti)",
        "Merchants (Haiti)",
        "Christian Group (Haiti)",
        "Judges (Haiti)",
        "Refugees/IDPs (Haiti)",
        "Migrants (Haiti)",
        "Aid Workers (International)",
        "Fishers (Haiti)",
    ],
    "protesters": [
        "Protesters (Haiti)",
        "Rioters (Haiti)",
        "PHTK: Haitian Tet Kale Party",
        "Fanmi Lavalas",
        "Pitit Desalin",
        "EDE: Dessalinian Democratic Engagement",
    ],
}
EVENTS = 2400


def _gangs() -> list[str]:
    state = {n for n in LINKED if "Forces" in n or "Mission" in n}
    return [n for n in [*LINKED, *SUGGESTED, *UNKNOWN_GANGS] if n not in state]


def _state() -> list[str]:
    known = [n for n in [*LINKED, *SUGGESTED] if "Forces of Haiti" in n]
    return known + OTHERS["state"][:2]


def _external() -> list[str]:
    return [
        "Multinational Security Support Mission in Haiti (2024-)",
        *OTHERS["state"][2:],
    ]


def acled_file(events: int = EVENTS, seed: int = 12) -> bytes:
    """An ACLED export for Haiti in the sample's 31 columns: gang fights, police and
    mission operations, attacks on civilians and protests, each with its actors."""
    rng = random.Random(seed)
    with (DATA_DIR / "acled_haiti_2022_sample.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        templates = {row["event_id_cnty"]: row for row in reader}
    gangs, state, external = _gangs(), _state(), _external()

    def some(pool: list[str], most: int) -> str:
        return "; ".join(rng.sample(pool, rng.randint(0, most)))

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    start = dt.date(2022, 1, 1)
    for i in range(events):
        kind = i % 5
        if kind == 0:  # gangs fighting each other
            row = dict(templates["HTI2908"])
            a, b = rng.sample(gangs, 2)
            row.update(actor1=a, assoc_actor_1=some(gangs, 2), actor2=b, assoc_actor_2="")
        elif kind == 1:  # the police (and the mission) against a gang
            row = dict(templates["HTI2903"])
            row.update(
                actor1=rng.choice(state),
                assoc_actor_1=some(external, 2),
                actor2=rng.choice(gangs),
                assoc_actor_2=some(gangs, 1),
            )
        elif kind in (2, 3):  # a gang attacks civilians
            row = dict(templates["HTI2682"])
            row.update(
                actor1=rng.choice(gangs),
                assoc_actor_1=some(gangs + OTHERS["militia"], 1),
                actor2="Civilians (Haiti)",
                assoc_actor_2=some(OTHERS["civilians"][1:], 2),
            )
        else:  # protests
            row = dict(templates["HTI2914"])
            row.update(
                actor1=rng.choice(OTHERS["protesters"][:1]),
                assoc_actor_1=some(OTHERS["protesters"][2:] + OTHERS["civilians"][1:], 2),
            )
        day = start + dt.timedelta(days=rng.randint(0, 3 * 365))
        row.update(
            event_id_cnty=f"HTI{90000 + i}",
            event_date=day.isoformat(),
            year=str(day.year),
            notes=f"On {day:%d %B %Y}, an invented event for the resolver's check ({i}).",
            timestamp=str(1700000000 + i),
        )
        writer.writerow(row)
    return out.getvalue().encode()


@pytest.fixture
def imported(cast: dict[str, Any]) -> bytes:
    actor = system_user()
    forces_demo.load(actor=actor, out=io.StringIO())
    operations_demo.load(actor=actor, out=io.StringIO())
    demo.load(actor=actor, out=io.StringIO())
    data = acled_file()
    result = import_acled(data, actor=cast["hq_staff"], file_name="haiti.csv")
    assert result.created == EVENTS
    return data


def _cells(incident: dict[str, str]) -> list[str]:
    """The names an incident's cells carry, read the way ACLED writes them."""
    names = [incident["actor1"], incident["actor2"]]
    for cell in ("assoc_actor_1", "assoc_actor_2", "armed_group"):
        names += incident[cell].split(";")
    return [n.strip() for n in names if n.strip()]


def test_an_unseen_acled_file_links_and_suggests_the_right_groups(
    imported: bytes, cast: dict[str, Any], api_as: Any
) -> None:
    rows = {n.name: n for n in ActorName.objects.select_related("group", "suggested_group").all()}
    in_file = {
        name.strip()
        for row in csv.DictReader(io.StringIO(imported.decode()))
        for cell in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
        for name in row[cell].split(";")
        if name.strip()
    }
    assert 90 <= len(in_file) <= 110  # about a hundred distinct names
    problems = []
    for name in sorted(in_file):
        row = rows[name]
        group = row.group.name if row.group else None
        suggested = row.suggested_group.name if row.suggested_group else None
        if name in LINKED:
            if group != LINKED[name]:
                problems.append(f"{name}: linked to {group}, expected {LINKED[name]}")
        elif name in SUGGESTED:
            if group is not None or suggested != SUGGESTED[name]:
                problems.append(f"{name}: {group=} {suggested=}, expected {SUGGESTED[name]}")
        elif group is not None:
            problems.append(f"{name}: linked automatically to {group} ({row.reason})")
    assert problems == []

    # Every group's incident_count (the API's) is the number of incidents whose cells
    # name it through a linked name, and the links stored on incidents agree.
    group_of = {name: row.group_id for name, row in rows.items() if row.group_id}
    expected: dict[Any, set[Any]] = defaultdict(set)
    columns = ("id", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "armed_group")
    for incident in Incident.objects.values(*columns):
        for name in _cells(incident):
            if name in group_of:
                expected[group_of[name]].add(incident["id"])
    api = api_as(cast["hq_staff"])
    counts: dict[str, int] = {}
    url: str | None = "/api/v1/armed-groups/?page_size=500"
    while url:
        page = api.get(url).json()
        counts.update({g["id"]: g["incident_count"] for g in page["results"]})
        url = page["next"]
    assert len(counts) == ArmedGroup.objects.count()
    wrong = {}
    for group in ArmedGroup.objects.all():
        linked = IncidentGroupLink.objects.filter(group=group).values("incident").distinct()
        want = len(expected[group.pk])
        if not (counts[str(group.pk)] == linked.count() == want):
            wrong[group.name] = (counts[str(group.pk)], linked.count(), want)
    assert wrong == {}
    assert len(expected[ArmedGroup.objects.get(name="Gran Grif").pk]) > 50

    # Each name's events are the incidents that carry it.
    carried: dict[str, set[Any]] = defaultdict(set)
    for incident in Incident.objects.values(*columns):
        for name in _cells(incident):
            carried[name].add(incident["id"])
    assert {n: rows[n].events for n in in_file} == {n: len(carried[n]) for n in in_file}


def test_confirming_a_suggestion_links_its_incidents_and_a_reimport_changes_nothing(
    imported: bytes, cast: dict[str, Any], api_as: Any
) -> None:
    name = ActorName.objects.get(name="Gran Griff Gang")
    grif = ArmedGroup.objects.get(name="Gran Grif")
    before = IncidentGroupLink.objects.filter(group=grif).values("incident").distinct().count()
    api = api_as(cast["hq_staff"])
    done = api.post(
        f"/api/v1/actor-names/{name.pk}/confirm/", {"version": name.version}, format="json"
    )
    assert done.status_code == 200 and done.json()["group"] == str(grif.pk)
    name.refresh_from_db()
    named = IncidentGroupLink.objects.filter(actor_name=name).values("incident").distinct()
    assert named.count() == name.events > 0  # every incident that carries the name
    after = IncidentGroupLink.objects.filter(group=grif).values("incident").distinct().count()
    assert before < after <= before + name.events
    links = IncidentGroupLink.objects.count()
    names = list(ActorName.objects.order_by("name").values_list("name", "group", "events"))
    again = import_acled(imported, actor=cast["hq_staff"], file_name="haiti.csv")
    assert (again.created, again.updated) == (0, 0)
    assert IncidentGroupLink.objects.count() == links
    assert list(ActorName.objects.order_by("name").values_list("name", "group", "events")) == names
