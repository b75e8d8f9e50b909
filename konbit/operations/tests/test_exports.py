from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import hxl
import pytest
from openpyxl import load_workbook

from konbit.core.models import AuditEntry
from konbit.operations.models import ACLED_FIELDS, Incident
from konbit.operations.tests.factories import IncidentFactory, import_acled

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "acled_haiti_2022_sample.csv"
URL = "/api/v1/incidents/export/"
SECRETS = ("Informant 7 (demo)", "Constable X, 27 (demo)", "Victim named")
FORMATS = ["acled", "hxl", "geojson", "xlsx"]


@pytest.fixture
def world(cast: dict[str, Any], contingents: Any) -> dict[str, Any]:
    import_acled(SAMPLE.read_bytes(), actor=cast["mission_admin"], file_name="sample.csv")
    return {
        "secret": IncidentFactory(notes="Victim named", sensitive=True, released_to_hnp=True),
        "formula": IncidentFactory(notes="=HYPERLINK(1)", actor1="+Gang", latitude=18.55),
    }


def body_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def text_of(fmt: str, data: bytes) -> str:
    if fmt != "xlsx":
        return data.decode()
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return json.dumps([list(row) for row in sheet.iter_rows(values_only=True)], default=str)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("who", ["hnp_liaison", "analyst"])
def test_no_sensitive_field_in_any_export(
    api_as: Any, cast: dict[str, Any], world: Any, fmt: str, who: str
) -> None:
    response = api_as(cast[who]).get(URL, {"fmt": fmt})
    assert response.status_code == 200
    text = text_of(fmt, body_of(response))
    for secret in SECRETS:
        assert secret not in text
    for field in ("victim_details", "source_identity", "sexual_violence_details"):
        assert field not in text
    assert AuditEntry.objects.filter(action="export", actor=cast[who]).count() == 1


def test_hq_export_has_sensitive_fields_and_is_audited(
    api_as: Any, cast: dict[str, Any], world: Any
) -> None:
    text = text_of("xlsx", body_of(api_as(cast["hq_staff"]).get(URL, {"fmt": "xlsx"})))
    assert "Informant 7 (demo)" in text
    entry = AuditEntry.objects.get(action="export")
    assert "sensitive" in entry.detail and entry.target_repr.startswith("24 x")


@pytest.mark.parametrize("who", ["anonymous", "oversight_officer"])
def test_export_access(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    response = api_as(cast[who]).get(URL, {"fmt": "acled"})
    assert response.status_code == (401 if who == "anonymous" else 200)


def test_bad_format(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    response = api_as(cast["analyst"]).get(URL, {"fmt": "pdf"})
    assert response.status_code == 400 and "fmt" in response.json()["errors"]


def _acled_state() -> list[tuple[Any, ...]]:
    return sorted(
        (tuple(str(v) for v in row) for row in Incident.objects.values_list(*ACLED_FIELDS)),
    )


def test_acled_export_round_trips(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    data = body_of(api_as(cast["hq_staff"]).get(URL, {"fmt": "acled"}))
    header = data.decode().splitlines()[0]
    assert (
        header.split(",")[:3] == ["event_id_cnty", "event_date", "year"] and header.count(",") == 30
    )
    before = _acled_state()
    # The mission's reports are in the file under their own keys: an ACLED import
    # refuses them by row, never writing a mission report; the ACLED events are the same.
    again = import_acled(data, actor=cast["mission_admin"], file_name="export.csv")
    assert not again.accepted and again.refused == 2
    assert {(p.column, p.message.split("”")[0][1:9]) for p in again.problems} == {
        ("event_id_cnty", "mission:")
    }
    again = import_acled(data, actor=cast["mission_admin"], file_name="x.csv", skip_invalid=True)
    assert (again.created, again.updated, again.unchanged, again.refused) == (0, 0, 22, 2)
    assert _acled_state() == before
    Incident.objects.all().delete()
    fresh = import_acled(data, actor=cast["mission_admin"], file_name="x.csv", skip_invalid=True)
    assert fresh.created == 22 and fresh.refused == 2
    # Identical ACLED data; no mission report comes from an import.
    assert _acled_state() == [row for row in before if row[0] != "None"]
    assert not Incident.objects.filter(origin="mission").exists()


def test_hxl_export_validates(
    api_as: Any, cast: dict[str, Any], world: Any, tmp_path: Path
) -> None:
    path = tmp_path / "incidents.csv"
    path.write_bytes(body_of(api_as(cast["analyst"]).get(URL, {"fmt": "hxl"})))
    dataset = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    tags = [column.display_tag for column in dataset.columns]
    assert tags[:3] == ["#adm3+code", "#date+month", "#event+num"]
    rows = list(dataset)
    assert sum(int(row.get("#event+num")) for row in rows) == 24
    schema = hxl.schema(
        [
            ["#valid_tag", "#valid_datatype", "#valid_required"],
            ["#event+num", "number", "true"],
            ["#affected+killed+num", "number", "true"],
            ["#date+month", "", "true"],
            ["#adm3+code", "", ""],
        ]
    )
    assert schema.validate(hxl.data(str(path), hxl.InputOptions(allow_local=True)))


def test_geojson_export(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    document = json.loads(
        body_of(api_as(cast["analyst"]).get(URL, {"fmt": "geojson", "origin": "acled"}))
    )
    assert document["type"] == "FeatureCollection" and len(document["features"]) == 22
    feature = document["features"][0]
    assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2


def test_xlsx_is_formula_safe(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    data = body_of(api_as(cast["hq_staff"]).get(URL, {"fmt": "xlsx"}))
    text = text_of("xlsx", data)
    assert "'=HYPERLINK(1)" in text and "'+Gang" in text


def test_export_command(cast: dict[str, Any], world: Any, tmp_path: Path) -> None:
    from django.core.management import call_command

    out = tmp_path / "out.csv"
    call_command("export_incidents", "--fmt", "acled", "--output", str(out), "--as", "analyst")
    text = out.read_text()
    assert text.count("\n") == 25 and "Informant" not in text
    assert AuditEntry.objects.filter(action="export", actor=cast["analyst"]).count() == 1


def test_formula_text_of_every_imported_field_is_stored_as_written_and_neutralised(
    api_as: Any, cast: dict[str, Any]
) -> None:
    """Every text field an ACLED import takes, given text that a spreadsheet would run
    (=, +, -, @), is stored as written and leaves every spreadsheet export (ACLED
    CSV, XLSX, HXL) prefixed with ', while numbers (a negative longitude) stay
    numbers."""
    import csv as csv_module

    from konbit.operations.acled import _TEXT_COLUMNS
    from konbit.operations.taxonomy import COLUMNS

    prefixes = ("=", "+", "-", "@")
    good = (
        "HTI9001,2024-03-02,2024,1,Political violence,Battles,Armed clash,Viv Ansanm,,3,"
        "Police Forces of Haiti (2017-),,1,13,,332,Caribbean,Haiti,Ouest,Port-au-Prince,"
        "Delmas,Port-au-Prince - Delmas,18.5447,-72.3028,1,Le Nouvelliste,National,Notes,"
        "2,,1710000000"
    )
    cells = dict(zip(COLUMNS, next(csv_module.reader(io.StringIO(good))), strict=True))
    fields = [*_TEXT_COLUMNS, "event_id_cnty"]
    formulas = {name: f"{prefixes[i % 4]}{name.upper()}(1)" for i, name in enumerate(fields)}
    cells.update(formulas)
    buffer = io.StringIO()
    writer = csv_module.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow([cells[name] for name in COLUMNS])
    result = import_acled(
        buffer.getvalue().encode(), actor=cast["mission_admin"], file_name="f.csv"
    )
    assert (result.created, result.problems) == (1, []), result.problems
    stored = Incident.objects.get()
    assert {name: getattr(stored, name) for name in fields} == formulas
    client = api_as(cast["hq_staff"])
    exported = body_of(client.get(URL, {"fmt": "acled"})).decode()
    row = dict(zip(COLUMNS, list(csv_module.reader(io.StringIO(exported)))[1], strict=True))
    assert {name: row[name] for name in fields} == {k: "'" + v for k, v in formulas.items()}
    assert row["longitude"] == "-72.3028" and row["latitude"] == "18.5447"
    sheet = load_workbook(io.BytesIO(body_of(client.get(URL, {"fmt": "xlsx"}))), read_only=True)
    header, values = list(sheet.worksheets[0].iter_rows(values_only=True))[:2]
    cell = dict(zip(header, values, strict=False))
    assert {name: cell[name] for name in fields} == {k: "'" + v for k, v in formulas.items()}
    assert cell["longitude"] == -72.3028  # a number, not text
    hxl_rows = list(
        csv_module.reader(io.StringIO(body_of(client.get(URL, {"fmt": "hxl"})).decode()))
    )
    assert not [
        c for r in hxl_rows[2:] for c in r if c[:1] in prefixes and c[1:2] not in "0123456789"
    ]
    # An export imports back unchanged: the prefix is undone on the way in.
    again = import_acled(exported.encode(), actor=cast["mission_admin"], file_name="again.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
