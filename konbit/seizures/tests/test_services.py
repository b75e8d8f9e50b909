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
