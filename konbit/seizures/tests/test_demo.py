from __future__ import annotations

import io

import pytest

from konbit.accounts import demo as accounts_demo
from konbit.accounts.services import system_user
from konbit.core.models import AuditEntry
from konbit.forces import demo as forces_demo
from konbit.operations import demo as operations_demo
from konbit.seizures import chain, demo, selectors
from konbit.seizures.models import CustodyEvent, CustodyStatus, SeizedItem, Seizure


@pytest.mark.django_db
def test_demo_seizures_with_full_chains(settings: object, tmp_path: object) -> None:
    settings.VAR_DIR = str(tmp_path)  # type: ignore[attr-defined]
    actor = system_user()
    out = io.StringIO()
    forces_demo.load(actor=actor, out=out)
    operations_demo.load(actor=actor, out=out)
    accounts_demo.load(actor=actor, out=out)
    demo.load(actor=actor, out=out)
    assert Seizure.objects.count() == 3
    assert Seizure.objects.filter(operation__isnull=False).count() == 3
    assert all(check.ok for check in chain.verify())
    rifle = SeizedItem.objects.get(exhibit_number="DEMO-KEN-2024-0001")
    assert rifle.custody_status == CustodyStatus.HANDED_OVER
    assert rifle.seizure.released_to_hnp
    assert CustodyEvent.objects.filter(kind="handed_over", agency="dcpj").count() == 1
    assert SeizedItem.objects.get(exhibit_number="DEMO-JAM-2024-0003").custody_status == (
        CustodyStatus.DISPOSED
    )
    from konbit.accounts.models import User

    hq = User.objects.get(username="hq")
    assert [e.item.exhibit_number for e in selectors.awaiting_answer_from(hq)] == [
        "DEMO-KEN-2025-0003"
    ]
    counts = (CustodyEvent.objects.count(), AuditEntry.objects.count())
    demo.load(actor=actor, out=io.StringIO())
    assert (CustodyEvent.objects.count(), AuditEntry.objects.count()) == counts
