from typing import Any

import pytest

from konbit.actors.models import ActorName, GroupAlias, IncidentGroupLink, Relation
from konbit.actors.resolution import Matcher
from konbit.actors.services import resolver
from konbit.actors.tests.factories import ArmedGroupFactory, PersonFactory
from konbit.core.exceptions import DomainError
from konbit.operations.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def alias(group: Any, name: str) -> GroupAlias:
    from konbit.actors.names import name_key

    return GroupAlias.objects.create(
        group=group, name=name, name_norm=name_key(name), language="en", source="t"
    )


@pytest.fixture
def registry() -> dict[str, Any]:
    groups = {
        "segonn": ArmedGroupFactory(name="5 Segonn"),
        "kraze": ArmedGroupFactory(name="Kraze Baryè"),
        "grif": ArmedGroupFactory(name="Gran Grif"),
        "ravine": ArmedGroupFactory(name="Grand Ravine"),
        "hnp": ArmedGroupFactory(name="Haitian National Police", kind="state_force"),
    }
    alias(groups["segonn"], "5 Segond")
    alias(groups["hnp"], "Police Forces of Haiti")
    return groups


@pytest.mark.parametrize(
    ("name", "group", "exact"),
    [
        ("Kraze Barye Gang", "kraze", True),
        ("Gang 5 Segond", "segonn", True),
        ("Police Forces of Haiti (2021-)", "hnp", True),
        ("Police Forces of Haiti (2017-) Prison Guards", "hnp", False),
        ("5 Segonnn Gang", "segonn", False),
        ("Gran Ravin Gang", "ravine", False),
        ("Members of Gran Grif", "grif", False),
    ],
)
def test_names_link_or_are_suggested_to_the_right_group(
    registry: dict[str, Any], name: str, group: str, exact: bool
) -> None:
    match = Matcher().match(name)
    assert match is not None
    assert (match.group_id, match.exact) == (registry[group].pk, exact)
    assert match.reason


@pytest.mark.parametrize(
    "name",
    [
        "Unidentified Gang (Haiti)",
        "Civilians (Haiti)",
        "Chien Mechant Gang",
        "Delmas 2 Gang",
        "Police Forces of Kenya (2022-)",
    ],
)
def test_names_of_no_known_group_stay_unresolved(registry: dict[str, Any], name: str) -> None:
    assert Matcher().match(name) is None


def test_a_leaders_nickname_gives_a_suggestion(registry: dict[str, Any]) -> None:
    from konbit.actors.models import PersonAlias

    izo = PersonFactory(name="Johnson André")
    PersonAlias.objects.create(person=izo, name="Izo", language="ht", source="t")
    Relation.objects.create(
        kind="membership", person=izo, group=registry["segonn"], role="leader", source="t"
    )
    match = Matcher().match("Gang of Johnson Andre")
    assert match is not None and not match.exact
    assert match.group_id == registry["segonn"].pk and "leader" in match.reason


def test_refresh_counts_events_links_incidents_and_is_idempotent(
    registry: dict[str, Any], cast: dict[str, Any]
) -> None:
    a = IncidentFactory(actor1="Kraze Barye Gang", assoc_actor_1="", actor2="Civilians (Haiti)")
    b = IncidentFactory(
        actor1="Police Forces of Haiti (2017-)",
        actor2="Unidentified Gang (Haiti)",
        assoc_actor_2="Kraze Barye Gang; 5 Segonnn Gang",
    )
    counts = resolver.actor_names_refresh(actor=cast["hq_staff"])
    names = {n.name: n for n in ActorName.objects.all()}
    assert names["Kraze Barye Gang"].events == 2
    assert names["Kraze Barye Gang"].state == "linked"
    assert names["5 Segonnn Gang"].state == "suggested"
    assert names["Civilians (Haiti)"].state == "unresolved"
    links = set(IncidentGroupLink.objects.values_list("incident_id", "group_id", "role"))
    assert links == {
        (a.pk, registry["kraze"].pk, "actor1"),
        (b.pk, registry["kraze"].pk, "assoc2"),
        (b.pk, registry["hnp"].pk, "actor1"),
    }
    assert counts["links_added"] == 3
    again = resolver.actor_names_refresh(actor=cast["hq_staff"])
    assert again["new"] == again["links_added"] == again["links_removed"] == 0


def test_confirm_links_past_and_future_incidents(
    registry: dict[str, Any], cast: dict[str, Any]
) -> None:
    first = IncidentFactory(actor1="5 Segonnn Gang", actor2="")
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    name = ActorName.objects.get(name="5 Segonnn Gang")
    with pytest.raises(DomainError):
        resolver.actor_name_confirm(actor=cast["ken_commander"], name=name, version=name.version)
    assert not IncidentGroupLink.objects.exists()
    name = resolver.actor_name_confirm(actor=cast["hq_staff"], name=name, version=name.version)
    assert name.group == registry["segonn"] and name.link_method == "confirmed"
    assert IncidentGroupLink.objects.filter(incident=first, group=registry["segonn"]).exists()
    later = IncidentFactory(actor1="Police Forces of Haiti", assoc_actor_1="5 Segonnn Gang")
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    assert IncidentGroupLink.objects.filter(
        incident=later, group=registry["segonn"], role="assoc1"
    ).exists()


def test_reject_never_suggests_that_group_again(
    registry: dict[str, Any], cast: dict[str, Any]
) -> None:
    IncidentFactory(actor1="5 Segonnn Gang", actor2="")
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    name = ActorName.objects.get(name="5 Segonnn Gang")
    name = resolver.actor_name_reject(actor=cast["hq_staff"], name=name, version=name.version)
    assert name.state == "unresolved" and list(name.rejected_groups.all()) == [registry["segonn"]]
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    name.refresh_from_db()
    assert name.suggested_group is None and name.group is None
    with pytest.raises(DomainError):
        resolver.actor_name_reject(actor=cast["hq_staff"], name=name, version=name.version)


def test_a_new_alias_links_names_nobody_decided_on(
    registry: dict[str, Any], cast: dict[str, Any]
) -> None:
    incident = IncidentFactory(actor1="Chien Mechant Gang", actor2="")
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    assert ActorName.objects.get(name="Chien Mechant Gang").state == "unresolved"
    chen = ArmedGroupFactory(name="Chen Mechan")
    alias(chen, "Chien Mechant")
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    assert IncidentGroupLink.objects.filter(incident=incident, group=chen).exists()


def test_the_old_free_text_field_becomes_links(
    registry: dict[str, Any], cast: dict[str, Any]
) -> None:
    incident = IncidentFactory(
        actor1="Unidentified Gang (Haiti)", armed_group="Gran Grif (Luckson Elan)"
    )
    resolver.actor_names_refresh(actor=cast["hq_staff"])
    assert IncidentGroupLink.objects.filter(
        incident=incident, group=registry["grif"], role="associated"
    ).exists()


def test_an_acled_import_resolves_its_names(registry: dict[str, Any], cast: dict[str, Any]) -> None:
    from konbit.operations.taxonomy import DATA_DIR
    from konbit.operations.tests.factories import import_acled

    mawozo = ArmedGroupFactory(name="400 Mawozo")
    data = (DATA_DIR / "acled_haiti_2022_sample.csv").read_bytes()
    import_acled(data, actor=cast["hq_staff"], file_name="sample.csv")
    assert IncidentGroupLink.objects.filter(group=mawozo).count() == 2
    assert IncidentGroupLink.objects.filter(group=registry["hnp"]).exists()
    assert ActorName.objects.get(name="Chien Mechant Gang").state == "unresolved"


def test_the_command_reports_what_it_did(registry: dict[str, Any], cast: dict[str, Any]) -> None:
    import io

    from django.core.management import call_command

    IncidentFactory(actor1="Kraze Barye Gang", actor2="")
    out = io.StringIO()
    call_command("resolve_actor_names", stdout=out)
    assert "1 linked" in out.getvalue()


def test_an_incident_entered_by_hand_links_its_group_when_saved(
    registry: dict[str, Any], cast: dict[str, Any]
) -> None:
    """The form and the API write through operations' services, which call the part
    hook ``incidents_saved``: the group is linked at once, not at the next import."""
    from konbit.operations import services

    report = {
        "event_date": "2025-03-25",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Police Forces of Haiti (2021-)",
        "armed_group": "Gang Gran Grif",
        "latitude": 19.15,
        "longitude": -72.61,
        "location": "Pont-Sondé",
    }
    incident = services.incident_create(actor=cast["ken_commander"], data=report)
    links = set(IncidentGroupLink.objects.filter(incident=incident).values_list("group", "role"))
    assert links == {(registry["grif"].pk, "associated"), (registry["hnp"].pk, "actor1")}
    name = ActorName.objects.get(name="Gang Gran Grif")
    assert (name.group_id, name.events) == (registry["grif"].pk, 1)
    # A name never seen before joins the table (here suggested, for a person to confirm).
    incident = services.incident_update(
        actor=cast["ken_commander"],
        incident=incident,
        data={"armed_group": "Kraze Barye members"},
        version=incident.version,
    )
    links = set(IncidentGroupLink.objects.filter(incident=incident).values_list("group", "role"))
    assert links == {(registry["hnp"].pk, "actor1")}
    new = ActorName.objects.get(name="Kraze Barye members")
    assert (new.group_id, new.suggested_group_id, new.events) == (None, registry["kraze"].pk, 1)
    assert ActorName.objects.get(name="Gang Gran Grif").events == 0
    # Confirming it links the incident, as for an imported one.
    resolver.actor_name_confirm(actor=cast["hq_staff"], name=new, version=new.version)
    assert IncidentGroupLink.objects.filter(incident=incident, group=registry["kraze"]).exists()
