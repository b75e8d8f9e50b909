from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from konbit.core.exceptions import DomainError
from konbit.seizures import chain, selectors
from konbit.seizures.models import CustodyEvent, CustodyStatus, EventKind
from konbit.seizures.services import custody
from konbit.seizures.tests.factories import drug, firearm, make_seizure

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(cast: dict[str, Any], contingents: Any) -> Any:
    return make_seizure(cast["ken_commander"], contingents["KEN"], [firearm()]).items.get()


def _entries(item: Any) -> list[str]:
    return list(item.custody_events.order_by("sequence").values_list("kind", flat=True))


def test_transfer_confirmed_by_the_receiver(cast: dict[str, Any], item: Any) -> None:
    sender, receiver = cast["ken_commander"], cast["hq_staff"]
    transfer = custody.custody_transfer(
        actor=sender, item=item, to_user=receiver, location="Armoury"
    )
    item.refresh_from_db()
    assert item.custody_status == CustodyStatus.IN_TRANSFER
    assert item.holder == sender and item.pending == transfer
    assert list(selectors.awaiting_answer_from(receiver)) == [transfer]
    assert list(selectors.awaiting_answer_from(sender)) == []
    custody.custody_answer(actor=receiver, event=transfer, accept=True, location="HQ armoury")
    item.refresh_from_db()
    assert item.holder == receiver and item.pending is None
    assert item.location_now == "HQ armoury"
    assert _entries(item) == ["seized", "transferred", "confirmed"]
    assert all(check.ok for check in chain.verify([item]))


def test_the_sender_can_never_confirm(cast: dict[str, Any], item: Any) -> None:
    sender = cast["ken_commander"]
    transfer = custody.custody_transfer(actor=sender, item=item, to_user=cast["hq_staff"])
    for someone in (sender, cast["mission_admin"], cast["jam_commander"]):
        with pytest.raises(DomainError):
            custody.custody_answer(actor=someone, event=transfer, accept=True)
    item.refresh_from_db()
    assert item.holder == sender and item.chain_length == 2
    with pytest.raises(DomainError):
        custody.custody_transfer(actor=sender, item=item, to_user=sender)


def test_refused_transfer_leaves_the_sender_holding(cast: dict[str, Any], item: Any) -> None:
    sender, receiver = cast["ken_commander"], cast["hq_staff"]
    transfer = custody.custody_transfer(actor=sender, item=item, to_user=receiver)
    with pytest.raises(DomainError):  # a refusal says why
        custody.custody_answer(actor=receiver, event=transfer, accept=False)
    custody.custody_answer(actor=receiver, event=transfer, accept=False, notes="Seal broken")
    item.refresh_from_db()
    assert item.holder == sender and item.custody_status == CustodyStatus.IN_CUSTODY
    with pytest.raises(DomainError):  # answered already
        custody.custody_answer(actor=receiver, event=transfer, accept=True)


def test_only_the_holder_hands_on(cast: dict[str, Any], item: Any) -> None:
    with pytest.raises(DomainError):
        custody.custody_transfer(actor=cast["mission_admin"], item=item, to_user=cast["hq_staff"])
    with pytest.raises(DomainError):  # an HNP liaison cannot see an unreleased seizure
        custody.custody_transfer(
            actor=cast["ken_commander"], item=item, to_user=cast["hnp_liaison"]
        )
    with pytest.raises(DomainError):  # not a writer of a Kenyan seizure, not the holder
        custody.custody_store(actor=cast["jam_commander"], item=item, location="Somewhere")
    assert item.custody_events.count() == 1


def test_handover_to_hnp_confirmed_by_a_liaison(cast: dict[str, Any], item: Any) -> None:
    holder = cast["ken_commander"]
    handover = custody.custody_hand_over(
        actor=holder,
        item=item,
        agency="dcpj",
        receiving_official="Inspector Demo Jean (demo)",
        document_reference="DCPJ/DEMO/2025/001",
    )
    item.refresh_from_db()
    assert item.custody_status == CustodyStatus.HANDOVER_PENDING
    assert item.seizure.released_to_hnp
    liaison = cast["hnp_liaison"]
    assert list(selectors.awaiting_answer_from(liaison)) == [handover]
    custody.custody_answer(actor=liaison, event=handover, accept=True)
    item.refresh_from_db()
    assert item.custody_status == CustodyStatus.HANDED_OVER
    assert item.holder is None and "Inspector Demo Jean" in item.holder_outside
    with pytest.raises(DomainError):  # closed: only corrections now
        custody.custody_store(actor=holder, item=item, location="Back")
    custody.custody_correct(
        actor=holder, event=handover, notes="Document number is DCPJ/DEMO/2025/001-A"
    )
    assert _entries(item)[-1] == "correction"


def test_handover_needs_official_and_document(cast: dict[str, Any], item: Any) -> None:
    with pytest.raises(DomainError) as refused:
        custody.custody_hand_over(
            actor=cast["ken_commander"],
            item=item,
            agency="hnp",
            receiving_official="",
            document_reference="",
        )
    assert set(refused.value.errors) == {"receiving_official", "document_reference"}
    assert item.custody_events.count() == 1


def test_storage_examination_and_disposal(cast: dict[str, Any], contingents: Any) -> None:
    holder = cast["ken_commander"]
    item = make_seizure(holder, contingents["KEN"], [drug()]).items.get()
    custody.custody_seal(actor=holder, item=item, seal_number="SEAL-0042")
    custody.custody_store(actor=holder, item=item, location="Evidence store, demo base")
    custody.custody_examine(
        actor=cast["hq_staff"],
        item=item,
        examiner="Demo lab",
        result="Cocaine HCl 81%",
        weight_g=__import__("decimal").Decimal("1099.9"),
    )
    custody.custody_dispose(
        actor=holder,
        item=item,
        method="Incineration",
        authority="Court order DEMO-7",
        witnesses="Two demo witnesses",
    )
    item.refresh_from_db()
    assert item.seal_number == "SEAL-0042"
    assert item.custody_status == CustodyStatus.DISPOSED
    assert _entries(item) == ["seized", "sealed", "stored", "examined", "disposed"]
    assert item.chain_length == 5
    assert all(check.ok for check in chain.verify([item]))


def test_entries_cannot_be_dated_in_the_future(cast: dict[str, Any], item: Any) -> None:
    with pytest.raises(DomainError):
        custody.custody_store(
            actor=cast["ken_commander"],
            item=item,
            location="X",
            occurred_at=timezone.now() + dt.timedelta(days=1),
        )


def test_log_refuses_update_and_delete(item: Any) -> None:
    entry = item.custody_events.get()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        CustodyEvent.objects.filter(pk=entry.pk).update(notes="x")
    with pytest.raises(TypeError):
        CustodyEvent.objects.all().delete()


def test_waiting_longer_than_a_day(cast: dict[str, Any], item: Any) -> None:
    transfer = custody.custody_transfer(
        actor=cast["ken_commander"], item=item, to_user=cast["hq_staff"]
    )
    reader = cast["oversight_officer"]
    assert list(selectors.waiting_too_long(reader)) == []
    later = transfer.recorded_at + dt.timedelta(hours=25)
    assert list(selectors.waiting_too_long(reader, now=later)) == [item]
    assert list(selectors.waiting_too_long(cast["hnp_liaison"], now=later)) == []


def test_canonical_json_is_stable() -> None:
    import uuid
    from decimal import Decimal

    values = dict.fromkeys(chain.HASHED_FIELDS, "")
    values.update(
        id=uuid.UUID(int=1),
        item_id=uuid.UUID(int=2),
        sequence=1,
        occurred_at=dt.datetime(2025, 3, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        recorded_at=dt.datetime(2025, 3, 10, 14, 30, 0, 5, tzinfo=dt.UTC),
        weight_g=Decimal("12.5"),
        recorded_by_id=None,
        from_user_id=None,
        to_user_id=None,
        answers_id=None,
        corrects_id=None,
    )
    text = chain.canonical(values).decode()
    assert '"occurred_at":"2025-03-10T14:30:00.000000Z"' in text
    assert '"recorded_at":"2025-03-10T14:30:00.000005Z"' in text
    assert '"weight_g":"12.500"' in text
    assert text.index('"agency"') < text.index('"answers_id"') < text.index('"weight_g"')
    assert EventKind.SEIZED == "seized"
