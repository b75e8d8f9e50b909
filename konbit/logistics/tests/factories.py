"""Logistics records for tests, made through the services (audited as in use)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from konbit.accounts.services import system_user
from konbit.logistics import services
from konbit.logistics.models import Asset, MaintenanceJob, StatusEntry

_numbers = itertools.count(1)


def make_asset(contingent: Any, actor: Any = None, **data: Any) -> Asset:
    status = data.pop("status", "operational")
    fields = {
        "kind": "mrap",
        "make_model": "Test MaxxPro (demo)",
        "identifier": f"TEST-{next(_numbers):05d}",
        "contingent": contingent,
        "ownership": "donated",
        "donor_country": "USA",
        "received_on": dt.date(2024, 7, 12),
        "base_location": "Test base (demo)",
        **data,
    }
    return services.asset_create(actor=actor or system_user(), data=fields, status=status)


def make_entry(contingent: Any) -> StatusEntry:
    asset = make_asset(contingent)
    return services.status_record(
        actor=system_user(),
        asset=asset,
        status="non_operational",
        reason="breakdown",
        on=dt.date(2025, 3, 25),
        note="Test breakdown (demo).",
    )


def make_job(contingent: Any, asset: Asset | None = None, **data: Any) -> MaintenanceJob:
    asset = asset or make_asset(contingent)
    fields = {
        "kind": "repair",
        "opened_on": dt.date(2025, 3, 26),
        "description": "Test repair (demo).",
        "workshop": "Test workshop (demo)",
        **data,
    }
    return services.job_open(actor=system_user(), asset=asset, data=fields)


SAMPLES = {
    Asset: lambda contingents: make_asset(contingents["KEN"]),
    StatusEntry: lambda contingents: make_entry(contingents["KEN"]),
    MaintenanceJob: lambda contingents: make_job(contingents["KEN"]),
}
