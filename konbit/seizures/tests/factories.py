"""Seizures for tests, made through the services so that every item has its chain."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from konbit.seizures.models import Calibre, CustodyEvent, DrugSubstance, SeizedItem, Seizure
from konbit.seizures.services.seizures import item_create, seizure_create

SEIZED_AT = dt.datetime(2025, 3, 10, 14, 30, tzinfo=dt.UTC)
_numbers = itertools.count(1)


def exhibit() -> str:
    return f"EX-TEST-{next(_numbers):05d}"


def firearm(**extra: Any) -> dict[str, Any]:
    return {
        "exhibit_number": exhibit(),
        "kind": "firearm",
        "firearm_type": "assault_rifle",
        "make": "Demo Arms",
        "model": "DA-15",
        "calibre": Calibre.objects.get(name="5.56x45mm NATO"),
        "serial_number": f"DEMO{next(_numbers):06d}",
        "country_of_manufacture": "USA",
        **extra,
    }


def ammunition(**extra: Any) -> dict[str, Any]:
    return {
        "exhibit_number": exhibit(),
        "kind": "ammunition",
        "calibre": Calibre.objects.get(name="7.62x39mm"),
        "headstamp": "DEMO 21",
        "count": 120,
        **extra,
    }


def drug(**extra: Any) -> dict[str, Any]:
    return {
        "exhibit_number": exhibit(),
        "kind": "drug",
        "substance": DrugSubstance.objects.get(name="cocaine hydrochloride"),
        "drug_form": "powder",
        "gross_weight_g": Decimal("1250.500"),
        "net_weight_g": Decimal("1100.250"),
        "field_test": "positive",
        **extra,
    }


def cash(**extra: Any) -> dict[str, Any]:
    return {
        "exhibit_number": exhibit(),
        "kind": "cash",
        "currency": "USD",
        "amount": Decimal("4300.00"),
        **extra,
    }


def make_seizure(
    actor: Any, contingent: Any, items: list[dict[str, Any]] | None = None, **data: Any
) -> Seizure:
    return seizure_create(
        actor=actor,
        data={
            "seized_at": SEIZED_AT,
            "location": "Demo checkpoint, Delmas",
            "seizing_contingent": contingent,
            "persons_arrested": 2,
            **data,
        },
        items=items if items is not None else [firearm()],
    )


def make_item(actor: Any, seizure: Seizure, data: dict[str, Any]) -> SeizedItem:
    return item_create(actor=actor, seizure=seizure, data=data)


def _sample_seizure(contingents: dict[str, Any]) -> Seizure:
    from konbit.accounts.services import system_user
    from konbit.seizures.reference import ensure_reference

    actor = system_user()
    ensure_reference(actor=actor)
    return make_seizure(actor, contingents["KEN"], [firearm()])


def _sample_transfer(contingents: dict[str, Any]) -> CustodyEvent:
    """A transfer waiting for its receiver's answer: the Kenyan commander of the
    cast when there is one (who alone may confirm it), else the seizure entry."""
    from konbit.accounts.models import User
    from konbit.accounts.services import system_user
    from konbit.seizures.services.custody import custody_transfer

    item = _sample_seizure(contingents).items.get()
    receiver = User.objects.filter(username="ken_commander").first()
    if receiver is None:
        return item.custody_events.get()
    return custody_transfer(actor=system_user(), item=item, to_user=receiver)


def _reference(model: Any) -> Any:
    def sample(contingents: dict[str, Any]) -> Any:
        from konbit.accounts.services import system_user
        from konbit.seizures.reference import ensure_reference

        ensure_reference(actor=system_user())
        return model.objects.order_by("name").first()

    return sample


SAMPLES = {
    Seizure: _sample_seizure,
    SeizedItem: lambda contingents: _sample_seizure(contingents).items.get(),
    CustodyEvent: _sample_transfer,
    Calibre: _reference(Calibre),
    DrugSubstance: _reference(DrugSubstance),
}
