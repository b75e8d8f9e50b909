from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from konbit.core.exceptions import DomainError
from konbit.core.models import AuditEntry
from konbit.seizures.models import CustodyEvent, CustodyStatus, SeizedItem, Seizure
from konbit.seizures.services.seizures import item_create, item_update, seizure_update
from konbit.seizures.tests.factories import ammunition, cash, drug, firearm, make_seizure

pytestmark = pytest.mark.django_db


def _nothing_written() -> None:
    assert Seizure.objects.count() == 0
    assert SeizedItem.objects.count() == 0
    assert CustodyEvent.objects.count() == 0


def test_seizure_with_items_starts_each_chain(cast: dict[str, Any], contingents: Any) -> None:
    admin = cast["mission_admin"]
    seizure = make_seizure(admin, contingents["KEN"], [firearm(), ammunition(), drug(), cash()])
    assert seizure.items.count() == 4
    for item in seizure.items.all():
        assert item.chain_length == 1
        assert item.holder == admin
        assert item.custody_status == CustodyStatus.IN_CUSTODY
        first = item.custody_events.get()
        assert (
            first.kind == "seized" and first.previous_hash == "" and first.hash == item.chain_hash
        )
    assert AuditEntry.objects.filter(target_type="seizures.seizure", action="create").count() == 1
    assert AuditEntry.objects.filter(target_type="seizures.custodyevent").count() == 4


def test_commander_records_only_own_contingent(cast: dict[str, Any], contingents: Any) -> None:
    with pytest.raises(DomainError) as refused:
        make_seizure(cast["ken_commander"], contingents["JAM"])
    assert "seizing_contingent" in refused.value.errors
    _nothing_written()
    seizure = make_seizure(cast["ken_commander"], None)
    assert seizure.seizing_contingent == contingents["KEN"]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (lambda: firearm(calibre=None, kind="ammunition"), "calibre"),
        (lambda: drug(net_weight_g=Decimal("-1")), "net_weight_g"),
        (lambda: drug(gross_weight_g=Decimal("-5")), "gross_weight_g"),
        (lambda: cash(amount=Decimal("-10")), "amount"),
        (lambda: drug(net_weight_g=Decimal("2000"), gross_weight_g=Decimal("10")), "net_weight_g"),
        (lambda: firearm(serial_number=""), "serial_number"),
        (lambda: firearm(headstamp="X"), "headstamp"),
        (lambda: drug(substance=None), "substance"),
        (lambda: firearm(country_of_manufacture="usa"), "country_of_manufacture"),
    ],
)
def test_bad_item_refuses_the_whole_seizure(
    cast: dict[str, Any], contingents: Any, item: Any, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        make_seizure(cast["mission_admin"], contingents["KEN"], [firearm(), item()])
    assert f"items.1.{field}" in refused.value.errors, refused.value.errors
    assert str(refused.value.message).startswith("Item 2")
    _nothing_written()


def test_duplicate_exhibit_number_is_refused(cast: dict[str, Any], contingents: Any) -> None:
    admin = cast["mission_admin"]
    seizure = make_seizure(admin, contingents["KEN"], [firearm(exhibit_number="EX-1")])
    with pytest.raises(DomainError) as refused:
        item_create(actor=admin, seizure=seizure, data=firearm(exhibit_number="EX-1"))
    assert "already used" in str(refused.value.message)
    assert "exhibit_number" in refused.value.errors
    assert SeizedItem.objects.count() == 1
    assert CustodyEvent.objects.count() == 1
    with pytest.raises(DomainError):
        make_seizure(admin, contingents["KEN"], [drug(), firearm(exhibit_number="EX-1")])
    assert Seizure.objects.count() == 1


def test_item_update_keeps_its_chain(cast: dict[str, Any], contingents: Any) -> None:
    admin = cast["mission_admin"]
    item = make_seizure(admin, contingents["KEN"]).items.get()
    chain_hash = item.chain_hash
    item = item_update(actor=admin, item=item, data={"model": "DA-16"}, version=item.version)
    assert item.model == "DA-16" and item.version == 2
    item.refresh_from_db()
    assert item.chain_hash == chain_hash and item.chain_length == 1
    with pytest.raises(DomainError):
        item_update(actor=admin, item=item, data={"amount": Decimal("3")}, version=item.version)


def test_seizure_update_is_version_checked(cast: dict[str, Any], contingents: Any) -> None:
    from konbit.core.exceptions import StaleVersion

    admin = cast["mission_admin"]
    seizure = make_seizure(admin, contingents["KEN"])
    seizure_update(actor=admin, seizure=seizure, data={"persons_arrested": 3}, version=1)
    with pytest.raises(StaleVersion):
        seizure_update(actor=admin, seizure=seizure, data={"persons_arrested": 4}, version=1)
    assert Seizure.objects.get().persons_arrested == 3


def test_the_month_is_haitis_and_follows_the_time(cast: dict[str, Any], contingents: Any) -> None:
    import datetime as dt

    admin = cast["mission_admin"]
    # 03:30 UTC on 1 October is 23:30 on 30 September in Port-au-Prince.
    seizure = make_seizure(
        admin, contingents["KEN"], seized_at=dt.datetime(2024, 10, 1, 3, 30, tzinfo=dt.UTC)
    )
    assert seizure.seized_month == dt.date(2024, 9, 1)
    moved = seizure_update(
        actor=admin,
        seizure=seizure,
        data={"seized_at": dt.datetime(2024, 10, 1, 12, 0, tzinfo=dt.UTC)},
        version=seizure.version,
    )
    moved.refresh_from_db()
    assert moved.seized_month == dt.date(2024, 10, 1)
    # Derived from seized_at, whose change the trail already holds.
    change = AuditEntry.objects.filter(target_id=str(seizure.pk), action="update").get()
    assert "seized_at" in change.changes and "seized_month" not in change.changes


def _tally_row(seizure: Seizure) -> dict[str, Any]:
    from konbit.seizures.models import SeizureTally
    from konbit.seizures.tally import TALLY_FIELDS

    return SeizureTally.objects.filter(seizure=seizure).values(*TALLY_FIELDS).get()


def test_the_tally_follows_the_items(cast: dict[str, Any], contingents: Any) -> None:
    from konbit.seizures import tally

    admin = cast["mission_admin"]
    seizure = make_seizure(
        admin, contingents["KEN"], [firearm(), ammunition(count=250), drug(), drug()]
    )
    row = _tally_row(seizure)
    assert (row["items_firearm"], row["units_ammunition"], row["items_drug"]) == (1, 250, 2)
    assert row["net_g_drug"] == sum(i.net_weight_g for i in seizure.items.filter(kind="drug"))
    rounds = seizure.items.get(kind="ammunition")
    item_update(actor=admin, item=rounds, data={"count": 300}, version=rounds.version)
    pistol = seizure.items.get(kind="firearm")
    item_update(
        actor=admin,
        item=pistol,
        data={"kind": "magazine", "firearm_type": "", "serial_number": ""},
        version=pistol.version,
    )
    row = _tally_row(seizure)
    assert (row["units_ammunition"], row["items_firearm"], row["items_magazine"]) == (300, 0, 1)
    # What the services kept is what a count from scratch gives.
    tally.recount()
    assert _tally_row(seizure) == row
