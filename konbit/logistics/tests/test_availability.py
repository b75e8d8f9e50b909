"""Availability derived from the log: on a date it equals a count of each asset's
last entry up to that date; by month, days held and days available."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from konbit.accounts.services import system_user
from konbit.logistics import availability, services
from konbit.logistics.models import Asset, StatusEntry
from konbit.logistics.tests.factories import make_asset, make_job

pytestmark = pytest.mark.django_db
D = dt.date


def record(asset: Asset, status: str, reason: str, on: dt.date) -> None:
    services.status_record(actor=system_user(), asset=asset, status=status, reason=reason, on=on)


@pytest.fixture
def fleet(contingents: Any) -> list[Asset]:
    ken, jam = contingents["KEN"], contingents["JAM"]
    assets = [make_asset(ken, received_on=D(2024, 7, 12)) for _ in range(4)]
    assets.append(make_asset(ken, received_on=D(2025, 4, 1)))  # not held on 25 Mar
    assets.append(make_asset(jam, kind="helicopter", ownership="contingent", donor_country=""))
    record(assets[0], "non_operational", "stuck", D(2025, 3, 25))
    record(assets[0], "operational", "repaired", D(2025, 3, 27))
    record(assets[1], "non_operational", "breakdown", D(2025, 3, 25))
    record(assets[2], "degraded", "breakdown", D(2025, 3, 1))
    record(assets[3], "non_operational", "accident", D(2025, 2, 1))
    record(assets[3], "written_off", "written_off", D(2025, 3, 1))
    make_job(ken, asset=assets[1], opened_on=D(2025, 3, 28))
    return assets


def by_hand(day: dt.date) -> dict[str, int]:
    """Each asset's status on ``day``: its last entry up to then, counted."""
    counted: dict[str, int] = {}
    for asset in Asset.objects.filter(received_on__lte=day):
        last = (
            StatusEntry.objects.filter(asset=asset, on__lte=day)
            .order_by("-on", "-sequence")
            .first()
        )
        counted[last.status] = counted.get(last.status, 0) + 1
    return counted


@pytest.mark.parametrize(
    "day", [D(2025, 2, 15), D(2025, 3, 25), D(2025, 3, 26), D(2025, 3, 28), D(2025, 4, 2)]
)
def test_availability_on_a_date_equals_a_count_from_the_log(fleet: Any, day: dt.date) -> None:
    figures = availability.on_date(Asset.objects.all(), day)
    counted = by_hand(day)
    total = figures["total"]
    for status in ("operational", "degraded", "non_operational", "in_maintenance"):
        assert total[status] == counted.get(status, 0), status
    assert total["held"] == sum(n for s, n in counted.items() if s != "written_off")


def test_how_many_mraps_were_available_on_25_march_2025(fleet: Any) -> None:
    figures = availability.on_date(Asset.objects.filter(kind="mrap"), D(2025, 3, 25))
    # 4 Kenyan MRAPs received by then, one written off: 3 held, 2 down that day, 1 degraded.
    assert figures["total"] == {
        "held": 3,
        "operational": 0,
        "degraded": 1,
        "non_operational": 2,
        "in_maintenance": 0,
        "available_share": 0.0,
    }
    (row,) = figures["by_kind_and_contingent"]
    assert (row["kind"], row["contingent"], row["held"]) == ("mrap", "KEN", 3)


def test_today_reads_the_kept_status(fleet: Any) -> None:
    today = availability.on_date(Asset.objects.all(), services.today())["total"]
    yesterday_log = by_hand(services.today())
    assert today["in_maintenance"] == yesterday_log.get("in_maintenance", 0) == 1
    assert today["operational"] == yesterday_log["operational"]


def test_days_available_by_month(fleet: Any) -> None:
    rows = availability.by_month(Asset.objects.filter(kind="mrap"), D(2025, 3, 1), D(2025, 3, 31))
    (march,) = rows
    # Held in March: assets 0-2 for 31 days (asset 3 written off on 1 Mar; asset 4
    # received in April). Asset 0 down 25-26 Mar (2 days), asset 1 from 25 Mar (7
    # days), asset 2 degraded all month.
    assert march["days_held"] == 93
    assert march["days_available"] == 31 - 2 + 24
    assert march["available_share"] == round(100 * 53 / 93, 1)


def test_breakdowns_by_month(fleet: Any) -> None:
    rows = availability.breakdowns_by_month(Asset.objects.all(), D(2025, 1, 1), D(2025, 12, 31))
    assert {(r["month"], r["kind"], r["breakdowns"]) for r in rows} == {
        ("2025-02", "mrap", 1),
        ("2025-03", "mrap", 3),
    }
