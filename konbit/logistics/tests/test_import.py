"""``manage.py import_assets`` and the register's export: a good file, each kind of
bad cell (reported as ``row N, column C: reason``, nothing written), re-import is a
no-op, skip bad rows, a commander's own contingent only, export then re-import."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from konbit.core import tabular
from konbit.core.models import AuditAction, AuditEntry, ImportRun
from konbit.forces.tests.factories import UnitFactory
from konbit.logistics.models import Asset, StatusEntry
from konbit.logistics.register import register_export

pytestmark = pytest.mark.django_db

HEADER = (
    "Identifier,Kind,Make and model,Contingent,Unit,Owner,Donor country,Received on,"
    "Commune,Base,Notes\n"
)
GOOD = HEADER + (
    "DEMO-MRAP-01,mrap,Navistar MaxxPro,KEN,Rapid Deployment Unit,donated,USA,2024-07-12,"
    "HT0118,LSA 2,\n"
    "DEMO-MRAP-02,Armoured vehicle (MRAP),Navistar MaxxPro,ken,,Donated,usa,23/08/2024,"
    "Tabarre,LSA 2,=turret\n"
    "DEMO-HELI-01,helicopter,Medevac helicopter,JAM,,contingent,,2025-02-04,,Airport,\n"
)


@pytest.fixture
def kenya(contingents: Any) -> Any:
    UnitFactory(contingent=contingents["KEN"], name="Rapid Deployment Unit")
    return contingents["KEN"]


def write(tmp_path: Path, content: str | bytes, name: str = "assets.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def run(
    tmp_path: Path, content: str | bytes, *args: str, name: str = "assets.csv"
) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_assets", write(tmp_path, content, name), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(tmp_path: Path, content: str, *args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_assets", write(tmp_path, content), *args, stdout=io.StringIO(), stderr=err
        )
    return err.getvalue()


def test_good_register(tmp_path: Path, kenya: Any) -> None:
    out, err = run(tmp_path, GOOD)
    assert err == "" and "3 created" in out
    assets = {a.identifier: a for a in Asset.objects.select_related("unit", "base_commune")}
    assert assets["DEMO-MRAP-01"].unit.name == "Rapid Deployment Unit"
    assert assets["DEMO-MRAP-02"].received_on.isoformat() == "2024-08-23"
    assert assets["DEMO-MRAP-02"].base_commune_id == "HT0118"
    assert assets["DEMO-MRAP-02"].donor_country == "USA"
    assert assets["DEMO-MRAP-02"].notes == "=turret"
    assert assets["DEMO-HELI-01"].contingent.country.iso3 == "JAM"
    # Each new asset's log begins with its receipt.
    assert StatusEntry.objects.filter(reason="received").count() == 3
    run_ = ImportRun.objects.get()
    assert set(Asset.objects.values_list("import_run", flat=True)) == {run_.pk}
    entry = AuditEntry.objects.get(domain="logistics", action=AuditAction.IMPORT)
    assert "3 created" in entry.detail


def test_reimport_is_a_no_op(tmp_path: Path, kenya: Any) -> None:
    run(tmp_path, GOOD)
    before = list(Asset.objects.order_by("pk").values_list("pk", "version", "updated_at"))
    entries, audit = (
        StatusEntry.objects.count(),
        AuditEntry.objects.exclude(action="import").count(),
    )
    out, _err = run(tmp_path, GOOD)
    assert "0 created, 0 updated, 3 unchanged" in out
    assert list(Asset.objects.order_by("pk").values_list("pk", "version", "updated_at")) == before
    assert StatusEntry.objects.count() == entries
    assert AuditEntry.objects.exclude(action="import").count() == audit


def test_a_changed_row_updates_the_asset_matched_by_identifier_whatever_its_case(
    tmp_path: Path, kenya: Any
) -> None:
    run(tmp_path, GOOD)
    changed = GOOD.replace("DEMO-MRAP-01,mrap,Navistar MaxxPro", "demo-mrap-01,mrap,MaxxPro Plus")
    out, _err = run(tmp_path, changed)
    assert "0 created, 1 updated, 2 unchanged" in out
    asset = Asset.objects.get(identifier="DEMO-MRAP-01")
    assert (asset.make_model, asset.version) == ("MaxxPro Plus", 2)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("DEMO-X,spaceship,M,KEN,,contingent,,2024-07-12,,,", "row 2, column kind: unknown kind"),
        ("DEMO-X,mrap,M,ATL,,contingent,,2024-07-12,,,", "row 2, column contingent: no contingent"),
        ("DEMO-X,mrap,M,KEN,,contingent,,12 July,,,", "row 2, column received_on: not a date"),
        (
            "DEMO-X,mrap,M,KEN,,contingent,,2099-01-01,,,",
            "row 2, column received_on: in the future",
        ),
        ("DEMO-X,mrap,M,KEN,,borrowed,,2024-07-12,,,", "row 2, column ownership: unknown owner"),
        ("DEMO-X,mrap,M,KEN,,donated,,2024-07-12,,,", "row 2, column donor_country: required"),
        ("DEMO-X,mrap,M,KEN,,donated,ZZZ,2024-07-12,,,", "row 2, column donor_country: not an ISO"),
        ("DEMO-X,mrap,M,KEN,,contingent,USA,2024-07-12,,,", "row 2, column donor_country: only"),
        ("DEMO-X,mrap,M,KEN,Air Wing,contingent,,2024-07-12,,,", "row 2, column unit: no unit"),
        (
            "DEMO-X,mrap,M,KEN,,contingent,,2024-07-12,Atlantis,,",
            "row 2, column base_commune: no commune",
        ),
        (",mrap,M,KEN,,contingent,,2024-07-12,,,", "row 2, column identifier: required"),
        ("DEMO-X,mrap,,KEN,,contingent,,2024-07-12,,,", "row 2, column make_model: required"),
        (
            "DEMO-X,mrap," + "M" * 130 + ",KEN,,contingent,,2024-07-12,,,",
            "row 2, column make_model: longer",
        ),
        ("DEMO-X,mrap,M,KEN,,contingent,,2024-07-12,,,,extra", "row 2: more cells than columns"),
        (
            "DEMO-X,mrap,M,KEN,,contingent,,2024-07-12,,,\ndemo-x,mrap,M,KEN,,contingent,,2024-07-12,,,",
            "row 3, column identifier: demo-x already appears in row 2",
        ),
    ],
)
def test_each_bad_cell_is_reported_and_nothing_is_written(
    tmp_path: Path, kenya: Any, row: str, expected: str
) -> None:
    err = refused(tmp_path, HEADER + row + "\n")
    assert expected in err, err
    assert not Asset.objects.exists() and not StatusEntry.objects.exists()


def test_a_bad_header_refuses_the_file(tmp_path: Path, kenya: Any) -> None:
    err = refused(tmp_path, "Identifier,Kind,Colour\nX,mrap,red\n")
    assert "column Colour: unknown column" in err
    assert "column make_model: required column missing" in err
    assert not Asset.objects.exists()


def test_skip_bad_rows_imports_the_good_ones(tmp_path: Path, kenya: Any) -> None:
    content = GOOD + "DEMO-BAD,spaceship,M,KEN,,contingent,,2024-07-12,,,\n"
    out, err = run(tmp_path, content, "--skip-invalid")
    assert "row 5, column kind" in err
    assert "3 created" in out and "1 refused" in out
    assert Asset.objects.count() == 3


def test_dry_run_writes_nothing(tmp_path: Path, kenya: Any) -> None:
    out, _err = run(tmp_path, GOOD, "--dry-run")
    assert "Dry run" in out and "3 created" in out
    assert not Asset.objects.exists()


def test_commander_imports_their_own_contingents_assets_only(
    tmp_path: Path, kenya: Any, cast: dict[str, Any]
) -> None:
    err = refused(tmp_path, GOOD, "--as", "ken_commander")
    assert "row 4, column contingent: you import your own contingent's assets only" in err
    assert not Asset.objects.exists()
    with pytest.raises(CommandError, match="may not import"):
        call_command(
            "import_assets",
            write(tmp_path, GOOD),
            "--as",
            "analyst",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    kenyan = HEADER + GOOD.splitlines()[1] + "\n"
    out, _err = run(tmp_path, kenyan, "--as", "ken_commander")
    assert "1 created" in out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_reimport_changes_nothing(
    tmp_path: Path, kenya: Any, cast: dict[str, Any], fmt: str
) -> None:
    run(tmp_path, GOOD)
    exported = register_export(actor=cast["hq_staff"], assets=Asset.objects.all(), fmt=fmt)
    _headers, rows = tabular.read_table(exported, f"assets.{fmt}")
    assert len(rows) == 3
    if fmt == "csv":
        assert "'=turret" in exported.decode()
    before = list(Asset.objects.order_by("pk").values_list("pk", "version"))
    out, err = run(tmp_path, exported, name=f"assets.{fmt}")
    assert "0 created, 0 updated, 3 unchanged" in out, err
    assert list(Asset.objects.order_by("pk").values_list("pk", "version")) == before
