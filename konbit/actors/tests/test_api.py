import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    Designation,
    GroupAlias,
    IncidentGroupLink,
    PersonAlias,
    Relation,
)
from konbit.actors.names import name_key
from konbit.actors.services import resolver
from konbit.actors.tests.factories import ArmedGroupFactory, CoalitionFactory, PersonFactory
from konbit.core.models import AuditEntry
from konbit.operations.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

READERS_ALL = {"mission_admin", "hq_staff", "ken_commander", "jam_commander"}
WRITERS = {"mission_admin", "hq_staff"}


@pytest.fixture
def world() -> dict[str, Any]:
    viv = CoalitionFactory(name="Viv Ansanm", released_to_hnp=True)
    g9 = CoalitionFactory(name="G9", founded_on=dt.date(2020, 6, 1))
    gang = ArmedGroupFactory(name="Kraze Baryè", released_to_hnp=True)
    secret = ArmedGroupFactory(name="Unreleased Gang")
    GroupAlias.objects.create(
        group=gang,
        name="Kraze Barye Gang",
        name_norm=name_key("Kraze Barye Gang"),
        language="en",
        source="t",
    )
    leader = PersonFactory(name="Demo Leader", born_on=dt.date(1980, 1, 1), released_to_hnp=True)
    PersonAlias.objects.create(person=leader, name="Demo Nick", language="ht", source="t")
    Relation.objects.create(kind="membership", member_group=g9, group=viv, source="t")
    Relation.objects.create(kind="membership", member_group=gang, group=g9, source="t")
    Relation.objects.create(kind="membership", person=leader, group=gang, role="leader", source="t")
    Designation.objects.create(
        person=leader,
        authority="un",
        programme="Res 2653",
        instrument="Committee",
        listed_on=dt.date(2023, 12, 8),
        source="t",
    )
    IncidentFactory(actor1="Kraze Barye Gang", actor2="Civilians (Haiti)")
    IncidentFactory(actor1="Kraze Baryee Gang", actor2="")
    return {"viv": viv, "g9": g9, "gang": gang, "secret": secret, "leader": leader}


@pytest.mark.parametrize("who", CAST)
def test_armed_groups_by_role(
    who: str, cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    response = api_as(cast[who]).get("/api/v1/armed-groups/")
    if who == "anonymous":
        assert response.status_code == 401
    elif who in READERS_ALL:
        assert response.status_code == 200 and response.json()["count"] == 4
    elif who == "hnp_liaison":
        names = {g["name"] for g in response.json()["results"]}
        assert names == {"Viv Ansanm", "Kraze Baryè"}
    else:  # oversight, analyst
        assert response.status_code == 404


@pytest.mark.parametrize("who", CAST)
def test_persons_by_role_and_every_read_is_audited(
    who: str, cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = api_as(cast[who])
    listed = client.get("/api/v1/actor-persons/")
    detail = client.get(f"/api/v1/actor-persons/{world['leader'].pk}/")
    reads = AuditEntry.objects.filter(action="read", target_id=str(world["leader"].pk))
    if who in READERS_ALL or who == "hnp_liaison":
        assert listed.status_code == detail.status_code == 200
        assert detail.json()["aliases"][0]["name"] == "Demo Nick"
        assert reads.count() == 2
    else:
        assert detail.status_code in (401, 404) and listed.status_code in (401, 404)
        assert not reads.exists()


def test_the_analyst_never_receives_a_person(
    cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = api_as(cast["analyst"])
    for url in [
        "/api/v1/actor-persons/",
        "/api/v1/actor-relations/",
        "/api/v1/designations/",
        "/api/v1/person-aliases/",
        "/api/v1/armed-groups/export/?fmt=ftm",
    ]:
        assert client.get(url).status_code == 404, url
    counts = client.get("/api/v1/armed-group-counts/")
    assert counts.status_code == 200
    assert "Demo Leader" not in counts.content.decode()
    assert api_as(cast["oversight_officer"]).get("/api/v1/armed-group-counts/").status_code == 404


def test_search_member_of_and_designated_by(
    cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = api_as(cast["hq_staff"])
    found = client.get("/api/v1/armed-groups/?search=kraze barye gang").json()["results"]
    assert [g["name"] for g in found] == ["Kraze Baryè"]
    assert found[0]["aliases"][0]["name"] == "Kraze Barye Gang"
    url = f"/api/v1/armed-groups/?member_of={world['viv'].pk}&on=2024-03-01"
    assert {g["name"] for g in client.get(url).json()["results"]} == {"G9", "Kraze Baryè"}
    early = f"/api/v1/armed-groups/?member_of={world['viv'].pk}&on=2023-01-01"
    assert client.get(early).json()["count"] == 0
    listed = client.get("/api/v1/armed-groups/?designated_by=un").json()["results"]
    assert [g["name"] for g in listed] == ["Kraze Baryè"]
    bad = client.get("/api/v1/armed-groups/?on=yesterday&member_of=x")
    assert bad.status_code == 400 and set(bad.json()["errors"]) >= {"on", "member_of"}


def test_incident_count_agrees_with_links(
    cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    client = api_as(cast["hq_staff"])
    gang = client.get(f"/api/v1/armed-groups/{world['gang'].pk}/").json()
    linked = IncidentGroupLink.objects.filter(group=world["gang"]).values("incident").distinct()
    assert gang["incident_count"] == linked.count() == 1


@pytest.mark.parametrize("who", CAST)
def test_creating_a_group(
    who: str, cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    before = ArmedGroup.objects.count()
    response = api_as(cast[who]).post(
        "/api/v1/armed-groups/",
        {"name": "Demo New Gang", "kind": "gang", "base_communes": ["HT0111"]},
        format="json",
    )
    if who in WRITERS:
        assert response.status_code == 201
        assert response.json()["base_communes"] == ["HT0111"]
        assert response.json()["status"] is None and response.json()["incident_count"] == 0
    else:
        assert response.status_code in (401, 403, 404)
        assert ArmedGroup.objects.count() == before


def test_bad_input_and_stale_versions(
    cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = api_as(cast["hq_staff"])
    bad = client.post("/api/v1/armed-groups/", {"name": "X", "kind": "army"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    taken = client.post(
        "/api/v1/armed-groups/", {"name": "KRAZE-BARYE", "kind": "gang"}, format="json"
    )
    assert taken.status_code == 400 and "Kraze Baryè" in taken.json()["errors"]["name"][0]
    gang = world["gang"]
    stale = client.patch(
        f"/api/v1/armed-groups/{gang.pk}/", {"description": "x", "version": 9}, format="json"
    )
    assert stale.status_code == 409
    gang.refresh_from_db()
    assert gang.description == ""
    relation = client.post(
        "/api/v1/actor-relations/",
        {
            "kind": "membership",
            "member_group": str(gang.pk),
            "group": str(world["secret"].pk),
            "source": "s",
        },
        format="json",
    )
    assert relation.status_code == 400 and "group" in relation.json()["errors"]
    early = client.post(
        "/api/v1/actor-relations/",
        {
            "kind": "membership",
            "member_group": str(world["secret"].pk),
            "group": str(world["viv"].pk),
            "starts_on": "2020-01-01",
            "source": "s",
            "reliability": "B",
            "credibility": 2,
        },
        format="json",
    )
    assert early.status_code == 400 and "starts_on" in early.json()["errors"]
    grade = client.post(
        "/api/v1/territories/",
        {
            "group": str(gang.pk),
            "commune": "HT0118",
            "control": "controls",
            "source": "s",
            "reliability": "Z",
        },
        format="json",
    )
    assert grade.status_code == 400 and "reliability" in grade.json()["errors"]


@pytest.mark.parametrize("who", CAST)
def test_release_to_the_hnp(
    who: str, cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    secret = world["secret"]
    response = api_as(cast[who]).post(
        f"/api/v1/armed-groups/{secret.pk}/release/", {"version": secret.version}, format="json"
    )
    secret.refresh_from_db()
    if who in WRITERS:
        assert response.status_code == 200 and secret.released_to_hnp
        assert AuditEntry.objects.filter(action="release", target_id=str(secret.pk)).exists()
        hnp = api_as(cast["hnp_liaison"]).get(f"/api/v1/armed-groups/{secret.pk}/")
        assert hnp.status_code == 200
    else:
        expected = {"ken_commander": 403, "jam_commander": 403, "anonymous": 401}.get(who, 404)
        assert response.status_code == expected
        assert not secret.released_to_hnp


@pytest.mark.parametrize("who", CAST)
def test_actor_names_review(
    who: str, cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    client = api_as(cast[who])
    listed = client.get("/api/v1/actor-names/?status=suggested")
    name = ActorName.objects.get(name="Kraze Baryee Gang")
    confirm = client.post(
        f"/api/v1/actor-names/{name.pk}/confirm/", {"version": name.version}, format="json"
    )
    name.refresh_from_db()
    if who in WRITERS:
        row = listed.json()["results"][0]
        assert set(row) >= {"id", "name", "events", "group", "suggested_group", "reason"}
        assert row["name"] == "Kraze Baryee Gang" and row["suggested_group"] == str(
            world["gang"].pk
        )
        assert confirm.status_code == 200 and confirm.json()["group"] == str(world["gang"].pk)
        assert IncidentGroupLink.objects.filter(group=world["gang"]).count() == 2
    else:
        if who in READERS_ALL:
            assert listed.status_code == 200 and confirm.status_code == 403
        else:
            assert confirm.status_code in (401, 404)
        assert name.group is None


def test_reject_and_link_and_bad_link(
    cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    client = api_as(cast["hq_staff"])
    name = ActorName.objects.get(name="Kraze Baryee Gang")
    rejected = client.post(
        f"/api/v1/actor-names/{name.pk}/reject/", {"version": name.version}, format="json"
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "unresolved"
    stale = client.post(
        f"/api/v1/actor-names/{name.pk}/link/",
        {"version": name.version, "group": str(world["gang"].pk)},
        format="json",
    )
    assert stale.status_code == 409
    unknown = client.post(
        f"/api/v1/actor-names/{name.pk}/link/",
        {"version": rejected.json()["version"], "group": "5b0c2e58-7c47-4a8e-9f61-2a0c3f7d2699"},
        format="json",
    )
    assert unknown.status_code == 400 and "group" in unknown.json()["errors"]
    linked = client.post(
        f"/api/v1/actor-names/{name.pk}/link/",
        {"version": rejected.json()["version"], "group": str(world["gang"].pk)},
        format="json",
    )
    assert linked.status_code == 200 and linked.json()["status"] == "linked"


def test_ftm_export_holds_each_schema_and_only_what_the_reader_sees(
    cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    response = api_as(cast["hq_staff"]).get("/api/v1/armed-groups/export/?fmt=ftm")
    entities = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    schemas = {e["schema"] for e in entities}
    assert {"Organization", "Person", "Membership", "Sanction"} <= schemas
    ids = {e["id"] for e in entities}
    for entity in entities:
        for prop in ("member", "organization", "entity"):
            for ref in entity["properties"].get(prop, []):
                assert ref in ids
    assert AuditEntry.objects.filter(action="export", domain="actors").count() == 1
    hnp = api_as(cast["hnp_liaison"]).get("/api/v1/armed-groups/export/?fmt=ftm")
    text = b"".join(hnp.streaming_content).decode()
    assert "Unreleased Gang" not in text and "Kraze Baryè" in text
    bad = api_as(cast["hq_staff"]).get("/api/v1/armed-groups/export/?fmt=xml")
    assert bad.status_code == 400


def test_list_query_counts_do_not_grow(
    cast: dict[str, Any], api_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = api_as(cast["hq_staff"])
    client.get("/api/v1/armed-groups/")  # the user's permissions, read once
    counts = []
    for extra in range(2):
        for n in range(5):
            ArmedGroupFactory(name=f"Demo Extra {extra}-{n}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/armed-groups/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/actor-persons/").status_code == 200
    first = len(queries)
    PersonFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/actor-persons/")
    assert len(queries) == first
