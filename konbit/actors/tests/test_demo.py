from __future__ import annotations

import datetime as dt
import io

import pytest

from konbit.accounts.services import system_user
from konbit.actors import demo
from konbit.actors.models import (
    ArmedGroup,
    Designation,
    IncidentGroupLink,
    Person,
    StatusChange,
    Territory,
)
from konbit.actors.selectors import member_group_ids, with_current_status
from konbit.core.models import AuditEntry
from konbit.forces import demo as forces_demo
from konbit.operations import demo as operations_demo


@pytest.fixture
def loaded(db: object) -> None:
    actor = system_user()
    forces_demo.load(actor=actor, out=io.StringIO())
    operations_demo.load(actor=actor, out=io.StringIO())
    demo.load(actor=actor, out=io.StringIO())


@pytest.mark.usefixtures("loaded")
def test_demo_is_idempotent() -> None:
    counts = (ArmedGroup.objects.count(), AuditEntry.objects.count())
    demo.load(actor=system_user(), out=io.StringIO())
    assert (ArmedGroup.objects.count(), AuditEntry.objects.count()) == counts


@pytest.mark.usefixtures("loaded")
def test_who_was_in_viv_ansanm() -> None:
    viv = ArmedGroup.objects.get(name="Viv Ansanm")
    on_day = set(
        ArmedGroup.objects.filter(pk__in=member_group_ids(viv, dt.date(2024, 3, 1))).values_list(
            "name", flat=True
        )
    )
    assert {"G9 an Fanmi e Alye", "G-Pèp", "Delmas 6", "Nan Brooklyn", "Kraze Baryè"} <= on_day
    assert "Gran Grif" not in on_day and "Haitian National Police" not in on_day
    assert member_group_ids(viv, dt.date(2023, 9, 1)) == set()


@pytest.mark.usefixtures("loaded")
def test_the_statements_three_gangs_are_destabilized_with_evidence() -> None:
    groups = with_current_status(ArmedGroup.objects.all())
    status = dict(groups.values_list("name", "status"))
    for name in ("Delmas 6", "Kraze Baryè", "Gran Grif"):
        assert status[name] == "destabilized"
        change = StatusChange.objects.get(group__name=name, status="destabilized")
        assert change.evidence_incidents.exists()
    assert status["Viv Ansanm"] == "active"
    delmas = StatusChange.objects.get(group__name="Delmas 6", status="destabilized")
    assert delmas.evidence_operations.count() == 1


@pytest.mark.usefixtures("loaded")
def test_demo_incidents_are_linked_and_designations_territories_loaded() -> None:
    linked = set(IncidentGroupLink.objects.values_list("group__name", flat=True))
    assert {
        "Delmas 6",
        "Viv Ansanm",
        "Gran Grif",
        "400 Mawozo",
        "Haitian National Police",
    } <= linked
    un = Designation.objects.filter(authority="un")
    assert un.filter(person__isnull=False).count() == 9
    assert Person.objects.get(name="Luckson Elan").born_on == dt.date(1988, 1, 6)
    assert Designation.objects.filter(group__name="Gran Grif", programme="FTO").exists()
    assert Territory.objects.filter(group__name="Gran Grif", commune_id="HT0542").exists()
