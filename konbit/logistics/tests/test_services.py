"""The rules of the status log and of maintenance jobs (services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from konbit.accounts.services import system_user
from konbit.core.exceptions import DomainError, StaleVersion
from konbit.core.models import AuditEntry
from konbit.logistics import services
from konbit.logistics.models import Asset, MaintenanceJob, StatusEntry
from konbit.logistics.tests.factories import make_asset, make_job

pytestmark = pytest.mark.django_db
D = dt.date


def record(asset: Asset, status: str, reason: str, on: dt.date, **kw: Any) -> StatusEntry:
    return services.status_record(
        actor=system_user(), asset=asset, status=status, reason=reason, on=on, **kw
    )


def test_a_new_asset_begins_its_log_with_its_receipt(contingents: Any) -> None:
    asset = make_asset(contingents["KEN"], received_on=D(2024, 7, 12))
    (entry,) = StatusEntry.objects.filter(asset=asset)
    assert (entry.sequence, entry.on, entry.status, entry.reason) == (
        1,
        D(2024, 7, 12),
        "operational",
        "received",
    )
    assert (asset.status, asset.status_since) == ("operational", D(2024, 7, 12))
    assert AuditEntry.objects.filter(target_id=str(entry.pk), action="create").exists()


def test_the_log_is_append_only(contingents: Any) -> None:
    asset = make_asset(contingents["KEN"])
    entry = StatusEntry.objects.get(asset=asset)
    entry.note = "changed"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        StatusEntry.objects.filter(asset=asset).update(note="changed")
    with pytest.raises(TypeError):
        StatusEntry.objects.filter(asset=asset).delete()
    assert StatusEntry.objects.get(pk=entry.pk).note == ""


def test_current_status_follows_the_log_by_date_not_by_order_of_recording(
    contingents: Any,
) -> None:
    asset = make_asset(contingents["KEN"])
    record(asset, "non_operational", "breakdown", D(2025, 3, 25))
    asset.refresh_from_db()
    assert (asset.status, asset.status_since) == ("non_operational", D(2025, 3, 25))
    # An entry recorded late about an earlier day does not change today's status.
    record(asset, "degraded", "accident", D(2025, 3, 1))
    asset.refresh_from_db()
    assert (asset.status, asset.status_since) == ("non_operational", D(2025, 3, 25))
    record(asset, "operational", "repaired", D(2025, 4, 2))
    asset.refresh_from_db()
    assert (asset.status, asset.status_since) == ("operational", D(2025, 4, 2))
    assert list(
        StatusEntry.objects.filter(asset=asset)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    ) == [1, 2, 3, 4]
    # The asset's own audit trail shows each change of status.
    changes = AuditEntry.objects.filter(target_id=str(asset.pk), action="update")
    assert [e.changes["status"][1] for e in changes.order_by("id")] == [
        "non_operational",
        "operational",
    ]


def test_a_correction_is_a_new_entry(contingents: Any) -> None:
    asset = make_asset(contingents["KEN"])
    wrong = record(asset, "non_operational", "breakdown", D(2025, 3, 25))
    record(asset, "operational", "correction", D(2025, 3, 25), note="Wrong vehicle reported.")
    asset.refresh_from_db()
    assert asset.status == "operational"
    assert StatusEntry.objects.filter(pk=wrong.pk).exists()  # kept


@pytest.mark.parametrize(
    ("status", "reason", "field"),
    [
        ("operational", "breakdown", "reason"),  # a breakdown does not leave it operational
        ("in_maintenance", "combat_damage", "reason"),
        ("non_operational", "received", "reason"),
        ("flying", "breakdown", "status"),
        ("non_operational", "bored", "reason"),
    ],
)
def test_reason_must_fit_the_status(contingents: Any, status: str, reason: str, field: str) -> None:
    asset = make_asset(contingents["KEN"])
    with pytest.raises(DomainError) as refused:
        record(asset, status, reason, D(2025, 3, 25))
    assert field in refused.value.errors
    assert StatusEntry.objects.filter(asset=asset).count() == 1


def test_dates_in_the_future_or_before_receipt_are_refused(contingents: Any) -> None:
    asset = make_asset(contingents["KEN"], received_on=D(2024, 7, 12))
    for day in (services.today() + dt.timedelta(days=1), D(2024, 7, 11)):
        with pytest.raises(DomainError) as refused:
            record(asset, "non_operational", "breakdown", day)
        assert "on" in refused.value.errors
    assert StatusEntry.objects.filter(asset=asset).count() == 1


def test_a_written_off_asset_takes_only_corrections(contingents: Any) -> None:
    asset = make_asset(contingents["KEN"])
    record(asset, "written_off", "written_off", D(2025, 9, 15))
    with pytest.raises(DomainError):
        record(asset, "operational", "repaired", D(2025, 9, 20))
    with pytest.raises(DomainError):
        make_job(contingents["KEN"], asset=asset, opened_on=D(2025, 9, 20))
    record(asset, "non_operational", "correction", D(2025, 9, 15), note="Not written off yet.")
    asset.refresh_from_db()
    assert asset.status == "non_operational"


def test_opening_a_job_puts_the_asset_in_maintenance_and_closing_a_repair_restores_it(
    contingents: Any,
) -> None:
    asset = make_asset(contingents["KEN"])
    record(asset, "non_operational", "breakdown", D(2025, 3, 25))
    job = make_job(
        contingents["KEN"], asset=asset, opened_on=D(2025, 3, 26), parts_awaited="Gearbox"
    )
    asset.refresh_from_db()
    assert (asset.status, asset.status_since) == ("in_maintenance", D(2025, 3, 26))
    assert StatusEntry.objects.filter(asset=asset).first().reason == "awaiting_parts"
    # One open job at a time; repaired only by closing it.
    with pytest.raises(DomainError):
        make_job(contingents["KEN"], asset=asset, opened_on=D(2025, 3, 27))
    with pytest.raises(DomainError):
        record(asset, "operational", "repaired", D(2025, 3, 27))
    closed = services.job_close(
        actor=system_user(), job=job, version=job.version, closed_on=D(2025, 4, 24), note="Done."
    )
    assert closed.closed_on == D(2025, 4, 24) and closed.version == job.version + 1
    asset.refresh_from_db()
    assert (asset.status, asset.status_since) == ("operational", D(2025, 4, 24))
    last = StatusEntry.objects.filter(asset=asset).first()
    assert (last.status, last.reason, last.job_id) == ("operational", "repaired", job.pk)
    with pytest.raises(DomainError):  # closed once
        services.job_close(actor=system_user(), job=closed, version=closed.version)


def test_closing_a_scheduled_job_records_maintenance_completed(contingents: Any) -> None:
    job = make_job(contingents["KEN"], kind="scheduled", opened_on=D(2024, 12, 2))
    services.job_close(actor=system_user(), job=job, version=job.version, closed_on=D(2024, 12, 9))
    assert StatusEntry.objects.filter(asset=job.asset).first().reason == "serviced"


def test_a_stale_job_close_changes_nothing(contingents: Any) -> None:
    job = make_job(contingents["KEN"])
    with pytest.raises(StaleVersion):
        services.job_close(actor=system_user(), job=job, version=job.version + 5)
    job.refresh_from_db()
    assert job.closed_on is None
    assert Asset.objects.get(pk=job.asset_id).status == "in_maintenance"


def test_a_job_cannot_close_before_it_opened(contingents: Any) -> None:
    job = make_job(contingents["KEN"], opened_on=D(2025, 3, 26))
    with pytest.raises(DomainError) as refused:
        services.job_close(actor=system_user(), job=job, version=1, closed_on=D(2025, 3, 20))
    assert "closed_on" in refused.value.errors
    assert MaintenanceJob.objects.get(pk=job.pk).closed_on is None


def test_identifier_is_unique_whatever_its_case(contingents: Any) -> None:
    make_asset(contingents["KEN"], identifier="DEMO-MRAP-01")
    with pytest.raises(DomainError) as refused:
        make_asset(contingents["JAM"], identifier="demo-mrap-01")
    assert "identifier" in refused.value.errors


def test_a_donated_asset_names_its_donor(contingents: Any) -> None:
    with pytest.raises(DomainError) as refused:
        make_asset(contingents["KEN"], ownership="donated", donor_country="")
    assert "donor_country" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        make_asset(contingents["KEN"], ownership="donated", donor_country="XXX")
    assert "donor_country" in refused.value.errors
    assert not Asset.objects.exists()


def test_status_is_never_edited_directly(contingents: Any) -> None:
    asset = make_asset(contingents["KEN"])
    with pytest.raises(DomainError) as refused:
        services.asset_update(
            actor=system_user(), asset=asset, data={"status": "written_off"}, version=1
        )
    assert "status" in refused.value.errors


def test_commander_writes_their_own_contingents_assets_only(
    cast: dict[str, Any], contingents: Any
) -> None:
    mine = make_asset(contingents["KEN"], actor=cast["ken_commander"])
    assert mine.contingent == contingents["KEN"]
    with pytest.raises(DomainError) as refused:
        make_asset(contingents["JAM"], actor=cast["ken_commander"])
    assert "contingent" in refused.value.errors
    theirs = make_asset(contingents["JAM"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.status_record(
            actor=cast["ken_commander"],
            asset=theirs,
            status="non_operational",
            reason="breakdown",
        )
    assert StatusEntry.objects.filter(asset=theirs).count() == 1
