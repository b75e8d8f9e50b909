"""A custody row changed or removed behind Konbit's back is found, on SQLite and
PostgreSQL alike (raw SQL, as someone with database access would do it)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from konbit.seizures import chain
from konbit.seizures.services import custody
from konbit.seizures.tests.factories import drug, firearm, make_seizure

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(cast: dict[str, Any], contingents: Any) -> list[Any]:
    holder = cast["ken_commander"]
    seizure = make_seizure(holder, contingents["KEN"], [firearm(), drug(), firearm()])
    found = list(seizure.items.order_by("exhibit_number"))
    for item in found:
        custody.custody_seal(actor=holder, item=item, seal_number=f"S-{item.exhibit_number}")
        custody.custody_store(actor=holder, item=item, location="Demo evidence store")
    return found


def _run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_custody", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _entry_id(item: Any, sequence: int) -> Any:
    entry = item.custody_events.get(sequence=sequence)
    # Raw SQL takes the id as the database stores it (32 hex digits on SQLite).
    return entry.pk.hex if connection.vendor == "sqlite" else entry.pk


def test_intact_chains_verify(items: list[Any]) -> None:
    code, out, err = _run()
    assert code == 0, err
    assert "3 items" in out


def test_altered_row_is_named(items: list[Any]) -> None:
    victim = items[1]
    _sql(
        "UPDATE seizures_custodyevent SET location = %s WHERE id = %s",
        ["Somewhere else", _entry_id(victim, 3)],
    )
    code, _out, err = _run()
    assert code == 1
    assert f"item {victim.exhibit_number}" in err
    assert "entry 3: content does not match its hash" in err
    assert items[0].exhibit_number not in err and items[2].exhibit_number not in err
    assert _run("--item", items[0].exhibit_number)[0] == 0
    assert _run("--item", victim.exhibit_number)[0] == 1


def test_deleted_middle_row_is_named(items: list[Any]) -> None:
    victim = items[0]
    _sql("DELETE FROM seizures_custodyevent WHERE id = %s", [_entry_id(victim, 2)])
    code, _out, err = _run()
    assert code == 1
    assert f"item {victim.exhibit_number}" in err
    assert "entry 2: missing" in err
    assert "entry 3: previous_hash does not match" in err


def test_deleted_last_row_is_caught_by_the_item_head(items: list[Any]) -> None:
    victim = items[2]
    _sql("DELETE FROM seizures_custodyevent WHERE id = %s", [_entry_id(victim, 3)])
    code, _out, err = _run()
    assert code == 1
    assert f"item {victim.exhibit_number}" in err
    assert "counts 3 entries, the log holds 2" in err


def test_rehashed_row_still_breaks_the_next(items: list[Any]) -> None:
    """Someone who alters an entry and recomputes its hash still breaks the link
    from the next entry."""
    victim = items[0]
    entry = victim.custody_events.get(sequence=2)
    values = {name: getattr(entry, name) for name in chain.HASHED_FIELDS}
    values["seal_number"] = "FORGED"
    _sql(
        "UPDATE seizures_custodyevent SET seal_number = %s, hash = %s WHERE id = %s",
        ["FORGED", chain.entry_hash(values), _entry_id(victim, 2)],
    )
    code, _out, err = _run()
    assert code == 1
    assert "entry 3: previous_hash does not match" in err


def test_unknown_exhibit_is_an_error(items: list[Any]) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        _run("--item", "NO-SUCH")


def test_weights_and_times_verify_and_their_tampering_is_found(
    items: list[Any], cast: dict[str, Any]
) -> None:
    """The check reads ids, times and weights as the database gives them, made into
    the canonical text there: a weighing and a whole-second time verify as written,
    and a weight or a time changed behind Konbit's back (by a thousandth, by a
    microsecond) is found."""
    import datetime as dt
    from decimal import Decimal

    holder = cast["ken_commander"]
    weighed, timed = items[1], items[2]
    custody.custody_examine(
        actor=holder, item=weighed, examiner="Lab", result="positive", weight_g=Decimal("12.5")
    )
    custody.custody_examine(
        actor=holder,
        item=timed,
        examiner="Lab",
        result="none",
        occurred_at=timed.seizure.seized_at.replace(microsecond=0) + dt.timedelta(seconds=1),
    )
    assert _run()[0] == 0
    _sql(
        "UPDATE seizures_custodyevent SET weight_g = %s WHERE id = %s",
        [Decimal("12.501"), _entry_id(weighed, 4)],
    )
    code, _out, err = _run()
    assert code == 1
    assert f"item {weighed.exhibit_number}" in err and "entry 4: content" in err
    entry = timed.custody_events.get(sequence=4)
    _sql(
        "UPDATE seizures_custodyevent SET occurred_at = %s WHERE id = %s",
        [entry.occurred_at + dt.timedelta(microseconds=1), _entry_id(timed, 4)],
    )
    code, _out, err = _run("--item", timed.exhibit_number)
    assert code == 1
    assert "entry 4: content does not match its hash" in err
