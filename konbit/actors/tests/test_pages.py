import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konbit.accounts.tests.cast import CAST
from konbit.actors.models import (
    ActorName,
    ArmedGroup,
    GroupAlias,
    IncidentGroupLink,
    Relation,
    StatusChange,
    Territory,
)
from konbit.actors.names import name_key
from konbit.actors.services import resolver
from konbit.actors.tests.factories import ArmedGroupFactory, CoalitionFactory, PersonFactory
from konbit.core.models import AuditEntry
from konbit.operations.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db

WRITERS = {"mission_admin", "hq_staff"}
READERS = WRITERS | {"ken_commander", "jam_commander"}


@pytest.fixture
def world(cast: dict[str, Any]) -> dict[str, Any]:
    viv = CoalitionFactory(name="Viv Ansanm")
    gang = ArmedGroupFactory(name="Gran Grif", released_to_hnp=True)
    GroupAlias.objects.create(
        group=gang,
        name="Gran Grif Gang",
        name_norm=name_key("Gran Grif Gang"),
        language="en",
        source="t",
        review_on=dt.date(2020, 1, 1),
    )
    leader = PersonFactory(name="Demo Leader Person")
    Relation.objects.create(kind="membership", person=leader, group=gang, role="leader", source="t")
    Relation.objects.create(kind="alliance", member_group=viv, group=gang, source="t")
    StatusChange.objects.create(
        group=gang, status="destabilized", on=dt.date(2025, 2, 23), reason="r", source="t"
    )
    Territory.objects.create(group=gang, commune_id="HT0542", control="controls", source="t")
    IncidentFactory(actor1="Gran Grif Gang", commune_pcode="HT0542", event_date=dt.date(2025, 1, 5))
    IncidentFactory(actor1="Gran Grif Gang", commune_pcode="HT0542", event_date=dt.date(2025, 3, 5))
    IncidentFactory(actor1="Gran Griff Gang", actor2="")
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    return {"viv": viv, "gang": gang, "leader": leader}


@pytest.mark.parametrize("who", CAST)
def test_group_pages_by_role(
    who: str, cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = client_as(cast[who])
    listing = client.get("/armed-groups/")
    detail = client.get(f"/armed-groups/{world['gang'].pk}/")
    hidden = client.get(f"/armed-groups/{world['viv'].pk}/")
    if who == "anonymous":
        assert listing.status_code == 302
    elif who in READERS:
        assert listing.status_code == detail.status_code == hidden.status_code == 200
        page = detail.content.decode()
        assert "Destabilized" in page or "destabilized" in page
        assert "Petite" in page  # by commune
        assert "Demo Leader Person" not in page  # identity only on the audited person page
    elif who == "hnp_liaison":
        assert detail.status_code == 200 and hidden.status_code == 404
    else:
        assert listing.status_code == detail.status_code == 404


@pytest.mark.parametrize("who", CAST)
def test_person_page_is_audited_and_never_reaches_the_analyst(
    who: str, cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    response = client_as(cast[who]).get(f"/actor-persons/{world['leader'].pk}/")
    reads = AuditEntry.objects.filter(action="read", target_id=str(world["leader"].pk))
    if who in READERS:
        assert response.status_code == 200 and "Demo Leader Person" in response.content.decode()
        assert reads.count() == 1
    else:
        assert response.status_code in (302, 404)
        assert not reads.exists()
    client_as(cast[who]).get("/actor-persons/")
    if who in READERS:
        assert reads.count() == 2


def test_analyst_gets_counts_and_nothing_else(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = client_as(cast["analyst"])
    counts = client.get("/armed-groups/counts/")
    assert counts.status_code == 200 and "Gran Grif" in counts.content.decode()
    assert "Demo Leader" not in counts.content.decode()
    for url in [
        "/armed-groups/",
        "/actor-persons/",
        "/actor-names/",
        "/armed-groups/network/data/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client_as(cast["oversight_officer"]).get("/armed-groups/counts/").status_code == 404


def test_create_edit_and_stale_edit(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = client_as(cast["hq_staff"])
    created = client.post(
        "/armed-groups/new/", {"name": "Demo Page Gang", "kind": "gang", "founded_precision": "day"}
    )
    group = ArmedGroup.objects.get(name="Demo Page Gang")
    assert created.status_code == 302 and created["Location"].endswith(f"{group.pk}/")
    taken = client.post(
        "/armed-groups/new/", {"name": "gran-grif gang", "kind": "gang", "founded_precision": "day"}
    )
    assert taken.status_code == 200 and "Gran Grif" in taken.content.decode()
    stale = client.post(
        f"/armed-groups/{group.pk}/edit/",
        {"name": "Demo Renamed", "kind": "gang", "founded_precision": "day", "version": 5},
    )
    assert stale.status_code == 200 and "Someone else changed" in stale.content.decode()
    group.refresh_from_db()
    assert group.name == "Demo Page Gang"
    assert (
        client_as(cast["ken_commander"])
        .post("/armed-groups/new/", {"name": "X", "kind": "gang"})
        .status_code
        == 403
    )


def test_statement_form_applies_the_rules(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = client_as(cast["hq_staff"])
    response = client.post(
        "/actor-statements/relation/new/",
        {
            "kind": "membership",
            "member_group": world["gang"].pk,
            "group": ArmedGroupFactory().pk,
            "source": "s",
            "reliability": "B",
            "credibility": 2,
        },
    )
    assert response.status_code == 200 and "coalition" in response.content.decode()
    ok = client.post(
        "/actor-statements/alias/new/",
        {
            "group": world["gang"].pk,
            "name": "Gwo Grif",
            "language": "ht",
            "kind": "nickname",
            "source": "s",
            "reliability": "C",
            "credibility": 3,
        },
    )
    assert ok.status_code == 302 and GroupAlias.objects.filter(name="Gwo Grif").exists()


def test_names_review_page_confirms(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    name = ActorName.objects.get(name="Gran Griff Gang")
    assert name.state == "suggested"
    client = client_as(cast["hq_staff"])
    page = client.get("/actor-names/?status=suggested")
    assert "Gran Griff Gang" in page.content.decode()
    done = client.post(f"/actor-names/{name.pk}/confirm/", {"version": name.version})
    assert done.status_code == 302
    assert IncidentGroupLink.objects.filter(group=world["gang"]).count() == 3
    refused = client_as(cast["ken_commander"]).post(
        f"/actor-names/{name.pk}/reject/", {"version": name.version + 1}
    )
    assert refused.status_code == 403


def test_release_page_and_panel(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    viv = world["viv"]
    client = client_as(cast["hq_staff"])
    client.post(f"/armed-groups/{viv.pk}/release/", {"version": viv.version})
    viv.refresh_from_db()
    assert viv.released_to_hnp
    home = client.get("/").content.decode()
    assert "Gran Grif Gang" in home  # past its review date
    assert "Gran Grif Gang" not in client_as(cast["ken_commander"]).get("/").content.decode()


def test_network_and_territory_data(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = client_as(cast["hq_staff"])
    data = client.get("/armed-groups/network/data/?on=2025-06-01").json()
    labels = {n["label"] for n in data["nodes"]}
    assert {"Gran Grif", "Viv Ansanm", "Demo Leader Person"} <= labels
    assert {link["kind"] for link in data["links"]} == {"membership", "alliance"}
    assert client.get("/armed-groups/network/data/?on=never").status_code == 400
    hnp = client_as(cast["hnp_liaison"]).get("/armed-groups/network/data/").json()
    assert {n["label"] for n in hnp["nodes"]} == {"Gran Grif"}
    territory = client.get("/armed-groups/territory/data/?on=2025-06-01").json()
    assert territory["features"][0]["properties"]["pcode"] == "HT0542"
    assert client.get("/armed-groups/territory/data/?on=2025-13-01").status_code == 400


def test_list_page_query_count(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    client = client_as(cast["hq_staff"])
    client.get("/armed-groups/")
    with CaptureQueriesContext(connection) as first:
        client.get("/armed-groups/")
    for n in range(4):
        ArmedGroupFactory(name=f"Demo More {n}")
    with CaptureQueriesContext(connection) as second:
        client.get("/armed-groups/")
    assert len(first) == len(second)


def test_the_incident_map_offers_the_territory_layer(
    cast: dict[str, Any], client_as: Callable[[Any], Any], world: dict[str, Any]
) -> None:
    page = client_as(cast["hq_staff"]).get("/incidents/map/").content.decode()
    assert 'id="territory-toggle"' in page and "actors/territory_layer" in page
    # The layer's data answers only readers of the registry (the controls stay hidden).
    assert client_as(cast["analyst"]).get("/armed-groups/territory/data/").status_code == 404
