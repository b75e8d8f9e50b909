from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from konbit.core.models import AuditEntry, ImportRun
from konbit.operations.models import Incident, Origin
from konbit.operations.taxonomy import COLUMNS
from konbit.operations.tests.factories import Result, import_acled

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "acled_haiti_2022_sample.csv"

HEADER = ",".join(COLUMNS)
GOOD = (
    "HTI9001,2024-03-02,2024,1,Political violence,Battles,Armed clash,Viv Ansanm,,3,"
    "Police Forces of Haiti (2017-),,1,13,,332,Caribbean,Haiti,Ouest,Port-au-Prince,Delmas,"
    'Port-au-Prince - Delmas,18.5447,-72.3028,1,Le Nouvelliste,National,"Line one\nline two",'
    "2,,1710000000"
)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture
def admin(cast: dict[str, Any]) -> Any:
    return cast["mission_admin"]


def run(data: bytes, actor: Any, *, name: str = "test.csv", **kwargs: Any) -> Result:
    return import_acled(data, actor=actor, file_name=name, **kwargs)


def test_sample_imports_with_quirk_warning_and_reimport_is_noop(admin: Any) -> None:
    result = run(SAMPLE.read_bytes(), admin)
    assert result.created == 22 and not result.problems
    assert any(
        "Demostrations" in w.message and w.column == "disorder_type" for w in result.warnings
    )
    demo = Incident.objects.filter(disorder_type_source="Demostrations")
    assert demo.count() == 6 and {i.disorder_type for i in demo} == {"Demonstrations"}
    assert Incident.objects.filter(origin=Origin.ACLED, import_run=result.run).count() == 22
    assert Incident.objects.get(event_id_cnty="HTI2879").commune_pcode == "HT0112"
    # The columns the import does not read take the run's values and the defaults.
    stored = Incident.objects.get(event_id_cnty="HTI2879")
    assert (stored.created_by, stored.updated_by, stored.version) == (admin, admin, 1)
    assert stored.created_at == stored.updated_at and stored.created_at is not None
    assert (stored.verification, stored.sensitive, stored.released_to_hnp) == (
        "reported",
        False,
        False,
    )
    assert stored.killed_child_female == 0 and stored.victim_details == ""
    entries = AuditEntry.objects.filter(action="import")
    assert entries.count() == 1
    again = run(SAMPLE.read_bytes(), admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 22)
    assert Incident.objects.count() == 22


def test_multiline_notes_bom_and_row_numbers(admin: Any) -> None:
    bad = GOOD.replace("HTI9001,2024-03-02", "HTI9002,2024-13-02")
    data = b"\xef\xbb\xbf" + csv_bytes(GOOD, bad)
    result = run(data, admin)
    assert [p.line() for p in result.problems] == [
        "row 4, column event_date: “2024-13-02” is not a date (YYYY-MM-DD)."
    ]
    assert Incident.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED
    result = run(data, admin, skip_invalid=True)
    assert result.created == 1
    assert Incident.objects.get().notes == "Line one\nline two"


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (("Armed clash", "Peaceful protest"), "row 2, column sub_event_type"),
        (("Battles", "Fights"), "row 2, column event_type"),
        (("18.5447", "north"), "row 2, column latitude"),
        (("-72.3028", "-272.3"), "row 2, column longitude"),
        (("Viv Ansanm", ""), "row 2, column actor1"),
        ((",3,Police", ",12,Police"), "row 2, column inter1"),
        ((",13,,332", ",99,,332"), "row 2, column interaction"),
        ((",1,Le Nouvelliste", ",7,Le Nouvelliste"), "row 2, column geo_precision"),
        (('line two",2,', 'line two",many,'), "row 2, column fatalities"),
        (("2024,1,Political", "2023,1,Political"), "row 2, column year"),
        (("Political violence,Battles", "Chaos,Battles"), "row 2, column disorder_type"),
        ((",1710000000", ",yesterday"), "row 2, column timestamp"),
    ],
)
def test_bad_values_are_refused_with_row_and_column(admin: Any, change: Any, line: str) -> None:
    row = GOOD.replace(*change, 1)
    assert row != GOOD
    result = run(csv_bytes(row), admin)
    assert result.problems and result.problems[0].line().startswith(line)
    assert Incident.objects.count() == 0


def test_missing_required_column_and_extra_columns(admin: Any) -> None:
    header = HEADER.replace("latitude,", "")
    row = GOOD.replace("18.5447,", "")
    result = run(csv_bytes(row, header=header), admin)
    assert result.problems[0].line() == "row 1, column latitude: This required column is missing."
    result = run(csv_bytes(GOOD + ",mine", header=HEADER + ",my_note"), admin)
    assert result.created == 1
    assert [w.line() for w in result.warnings] == [
        "row 1, column my_note: Not an ACLED column: ignored."
    ]


def test_api_subset_text_labels_stray_index_and_content_key(admin: Any) -> None:
    header = (
        ",event_date,disorder_type,event_type,sub_event_type,actor1,inter1,actor2,inter2,"
        "interaction,country,admin1,admin2,admin3,location,latitude,longitude,notes,fatalities"
    )
    row = (
        "0,2024-05-01,Political violence,Battles,Armed clash,Gran Grif,Political militia,"
        "Police Forces of Haiti (2017-),State forces,State forces-Political militia,Haiti,"
        "Artibonite,Saint Marc,Saint-Marc,Pont-Sonde,19.15,-72.61,Clash,3"
    )
    result = run(csv_bytes(row, header=header), admin)
    assert result.created == 1 and not result.warnings
    incident = Incident.objects.get()
    assert (incident.inter1, incident.inter2, incident.interaction) == (3, 1, 13)
    assert incident.event_id_cnty is None and incident.source_key.startswith("sha256:")
    again = run(csv_bytes(row, header=header), admin)
    assert again.unchanged == 1 and Incident.objects.count() == 1


def test_newer_timestamp_updates_acled_fields_only(admin: Any) -> None:
    run(csv_bytes(GOOD), admin)
    incident = Incident.objects.get()
    Incident.objects.filter(pk=incident.pk).update(category="MASSACRE", verification="verified")
    newer = GOOD.replace(",2,,1710000000", ",5,,1710000999")
    older = GOOD.replace(",2,,1710000000", ",9,,1700000000")
    assert run(csv_bytes(older), admin).unchanged == 1
    result = run(csv_bytes(newer), admin)
    assert result.updated == 1
    incident.refresh_from_db()
    assert incident.fatalities == 5 and incident.version == 2
    assert (incident.category, incident.verification) == ("MASSACRE", "verified")


def test_country_filter_and_dry_run(admin: Any) -> None:
    other = GOOD.replace("HTI9001", "DOM1").replace(
        "332,Caribbean,Haiti", "214,Caribbean,Dominican Republic"
    )
    result = run(csv_bytes(GOOD, other), admin, country="Haiti", dry_run=True)
    assert (result.created, result.other_country) == (1, 1)
    assert Incident.objects.count() == 0 and result.run.dry_run  # on record as a dry run


@pytest.mark.parametrize("who", ["ken_commander", "hnp_liaison", "analyst", "oversight_officer"])
def test_only_hq_imports(cast: dict[str, Any], who: str) -> None:
    from konbit.core.exceptions import DomainError

    with pytest.raises(DomainError):
        run(csv_bytes(GOOD), cast[who])
    assert Incident.objects.count() == 0


def test_command(admin: Any, tmp_path: Path, capsys: Any) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(SAMPLE.read_bytes())
    call_command("import_acled", str(good), "--as", "mission_admin")
    assert Incident.objects.count() == 22
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(GOOD.replace("HTI9001", "HTI1").replace("Battles", "Fights")))
    with pytest.raises(CommandError, match="Refused, nothing written"):
        call_command("import_acled", str(bad))
    assert "row 2, column event_type:" in capsys.readouterr().err
    assert Incident.objects.count() == 22


def test_each_bad_row_reports_its_first_problem_in_reading_order(admin: Any) -> None:
    # Bad date and bad latitude on one row; bad fatalities on the next; a good row.
    both = GOOD.replace("HTI9001,2024-03-02", "HTI9002,2024-02-31").replace("18.5447", "north")
    fatal = GOOD.replace("HTI9001", "HTI9003").replace('line two",2,', 'line two",-1,')
    good = GOOD.replace("HTI9001", "HTI9004")
    result = run(csv_bytes(both, fatal, good), admin)
    assert [p.line() for p in result.problems] == [
        "row 2, column event_date: “2024-02-31” is not a date (YYYY-MM-DD).",
        "row 4, column fatalities: “-1” must be a whole number of at least 0.",
    ]
    assert result.refused == 2 and Incident.objects.count() == 0
    result = run(csv_bytes(both, fatal, good), admin, skip_invalid=True)
    assert result.created == 1 and Incident.objects.get().event_id_cnty == "HTI9004"


def test_duplicate_events_keep_the_most_recent_and_warn(admin: Any) -> None:
    older = GOOD.replace(",2,,1710000000", ",1,,1700000000")
    result = run(csv_bytes(GOOD, older), admin)
    assert result.created == 1
    assert [w.line() for w in result.warnings] == [
        "row 4, column event_id_cnty: The same event as row 2; the more recent of the two is kept."
    ]
    assert Incident.objects.get().fatalities == 2


def test_stored_events_read_as_the_file_did(admin: Any) -> None:
    """An import compares an event's ACLED fields as text: read back from the
    database (dates, numbers, empty ids) they must read exactly as checked."""
    from konbit.core.tabular import read_table
    from konbit.operations.acled import Taxon, check_rows, texts_of
    from konbit.operations.acled_write import _existing, _stored_texts

    data = SAMPLE.read_bytes()
    run(data, admin)
    headers, rows = read_table(data, "sample.csv")
    parsed = check_rows(rows, headers, country=None, taxon=Taxon())
    pks = {key: pk for key, (pk, _stamp, _run) in _existing(parsed.keys).items()}
    stored = _stored_texts(list(pks.values()))
    assert len(stored) == len(parsed.rows) == 22
    for row in parsed.rows:
        assert stored[pks[row.key]] == texts_of(row.values)


def test_without_timestamps_only_changed_content_updates(admin: Any) -> None:
    header = HEADER.replace(",timestamp", "")
    row = GOOD.removesuffix(",1710000000")
    run(csv_bytes(row, header=header), admin)
    assert run(csv_bytes(row, header=header), admin).unchanged == 1
    changed = row.replace("Armed clash,Viv Ansanm", "Armed clash,Gran Grif")
    result = run(csv_bytes(changed, header=header), admin)
    assert result.updated == 1
    assert Incident.objects.get().actor1 == "Gran Grif"


@pytest.mark.django_db
def test_the_import_keys_carry_no_pattern_index() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Incident._meta.db_table)
    assert not [name for name in found if name.endswith("_like")]
    assert any(info["unique"] and info["columns"] == ["source_key"] for info in found.values())


def _outcome(result: Result) -> tuple[Any, ...]:
    return (
        result.created,
        result.updated,
        result.unchanged,
        result.refused,
        result.other_country,
        [p.line() for p in result.problems],
        [w.line() for w in result.warnings],
    )


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_a_file_read_in_small_chunks_reads_as_in_one(
    admin: Any, monkeypatch: pytest.MonkeyPatch, skip_invalid: bool
) -> None:
    """The file is read and written chunk by chunk (memory holds one chunk): the
    outcome is the same whatever the chunks, duplicates across them included."""
    from konbit.operations.acled_write import AcledImporter

    rows = []
    for n in range(40):
        row = GOOD.replace("HTI9001", f"HTI{9100 + n}")
        if n % 3 == 0:  # notes over three lines
            row = row.replace('"Line one\nline two"', '"One\n""quoted""\nthree"')
        if n in (7, 31):  # a bad row in two chunks
            row = row.replace(",18.5447,", ",north,")
        if n == 12:  # another country
            row = row.replace(",332,Caribbean,Haiti,", ",214,Caribbean,Dominican Republic,")
        rows.append(row)
    # The same event again, far apart: the more recent of the two is kept.
    rows.append(rows[2].replace(",2,,1710000000", ",4,,1710000500"))
    data = csv_bytes(*rows)
    whole = _outcome(run(data, admin, country="Haiti", dry_run=True, skip_invalid=skip_invalid))
    monkeypatch.setattr(AcledImporter, "chunk_rows", 4)
    chunked = run(data, admin, country="Haiti", dry_run=True, skip_invalid=skip_invalid)
    assert _outcome(chunked)[:6] == whole[:6]
    # Refused whole, a dry run counts nothing created; with skip_invalid, what it would.
    assert whole[:5] == ((37, 0, 0, 2, 1) if skip_invalid else (0, 0, 0, 2, 1))
    assert Incident.objects.count() == 0  # dry runs
    written = run(data, admin, country="Haiti", skip_invalid=True)
    assert (written.created, written.updated) == (37, 0)
    assert Incident.objects.get(event_id_cnty="HTI9102").fatalities == 4


@pytest.mark.django_db
def test_a_bulk_load_into_an_empty_table_writes_every_column(
    admin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load that rebuilds the indexes (on PostgreSQL one COPY of the whole file)
    writes what a small one does, and changes no column of the table (no DDL but the
    indexes and the tally's triggers, put back as they were)."""
    from django.db import connection

    from konbit.core import bulk

    def columns() -> list[Any]:
        with connection.cursor() as cursor:
            return [
                (c.name, c.type_code, c.null_ok, getattr(c, "default", None))
                for c in connection.introspection.get_table_description(
                    cursor, Incident._meta.db_table
                )
            ]

    before = columns()
    monkeypatch.setattr(bulk, "REBUILD_AFTER", 1)
    result = run(SAMPLE.read_bytes(), admin)
    assert result.created == 22 and columns() == before
    fields = ("version", "created_by", "updated_by", "import_run", "verification", "sensitive")
    assert set(Incident.objects.values_list(*fields)) == {
        (1, admin.pk, admin.pk, result.run.pk, "reported", False)
    }
    assert Incident.objects.filter(killed_adult_male=0, released_to_hnp=False).count() == 22
    # A second load, into a table that is no longer empty, adds to it.
    again = run(csv_bytes(GOOD), admin)
    assert again.created == 1 and Incident.objects.count() == 23


def _long(label: str, length: int) -> str:
    """Text of ``length`` characters, as real cells carry (commas, quotes, accents)."""
    unit = f'{label} "Grand\'Anse", Cité Soleil; '
    return (unit * (length // len(unit) + 1))[:length].strip()


def test_free_text_of_any_length_is_taken_whole(admin: Any) -> None:
    """ACLED's text has no length limit: real associated actors reach 1,620
    characters and notes 2,600; nothing is refused or cut."""
    cells = dict(zip(COLUMNS, next(csv.reader(io.StringIO(GOOD))), strict=True))
    long = {
        "actor1": _long("Actor", 1700),
        "assoc_actor_1": _long("Associated", 1620),
        "actor2": _long("Other", 900),
        "assoc_actor_2": _long("Allies", 2000),
        "region": _long("Region", 300),
        "country": _long("Country", 300),
        "admin1": _long("Admin one", 400),
        "admin2": _long("Admin two", 400),
        "admin3": _long("Admin three", 400),
        "location": _long("Location", 700),
        "source": _long("Source", 1500),
        "source_scale": _long("National-Regional", 400),
        "notes": _long("First line", 1400) + "\n\n" + _long("Second line", 1400),
        "tags": _long("crowd size=no report", 500),
    }
    cells.update(long)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([cells[name] for name in COLUMNS])
    result = run(csv_bytes(buffer.getvalue().rstrip("\n")), admin)
    assert (result.created, result.problems) == (1, [])
    stored = Incident.objects.get()
    assert {name: getattr(stored, name) for name in long} == long
    assert run(csv_bytes(buffer.getvalue().rstrip("\n")), admin).unchanged == 1


def test_an_overlong_event_id_is_refused(admin: Any) -> None:
    result = run(csv_bytes(GOOD.replace("HTI9001", "HTI" + "9" * 40)), admin)
    assert [p.line() for p in result.problems] == [
        "row 2, column event_id_cnty: Longer than 32 characters."
    ]
    assert Incident.objects.count() == 0


def test_every_column_acled_published_is_recognised(admin: Any) -> None:
    """The columns of ACLED's exports and API since 2019, the ones Konbit does not
    keep included: none is warned about as unknown, in any letter case."""
    published = [
        "data_id",
        "iso",
        "event_id_cnty",
        "event_id_no_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
        "iso3",
        "population_1km",
        "population_2km",
        "population_5km",
        "population_best",
    ]
    cells = dict(zip(COLUMNS, next(csv.reader(io.StringIO(GOOD))), strict=True))
    cells.update(
        data_id="9001",
        event_id_no_cnty="9001",
        iso3="HTI",
        population_1km="12000",
        population_2km="48000",
        population_5km="310000",
        population_best="310000",
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name.upper() for name in published])
    writer.writerow([cells[name] for name in published])
    result = run(buffer.getvalue().encode(), admin)
    assert (result.created, result.problems, result.warnings) == (1, [], [])


def test_a_row_keyed_as_a_mission_report_is_refused(admin: Any, cast: dict[str, Any]) -> None:
    from konbit.operations.tests.factories import IncidentFactory

    report = IncidentFactory(created_by=cast["hq_staff"], actor1="Mission patrol")
    mission = GOOD.replace("HTI9001", report.source_key).replace("Viv Ansanm", "Overwritten")
    unknown = GOOD.replace("HTI9001", "mission:00000000-0000-0000-0000-000000000000")
    acled = GOOD.replace("HTI9001", "HTI9010")
    result = run(csv_bytes(mission, unknown, acled), admin)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "event_id_cnty"),
        (4, "event_id_cnty"),
    ]
    assert "is the key of a mission report" in result.problems[0].message
    assert not result.accepted and Incident.objects.count() == 1
    result = run(csv_bytes(mission, unknown, acled), admin, skip_invalid=True)
    assert (result.created, result.updated, result.refused) == (1, 0, 2)
    report.refresh_from_db()
    assert (report.actor1, report.version, report.import_run) == ("Mission patrol", 1, None)
    assert set(Incident.objects.values_list("origin", flat=True)) == {"mission", "acled"}
    assert Incident.objects.filter(origin="mission").count() == 1


def test_an_acled_id_a_mission_report_carries_is_refused(admin: Any, cast: dict[str, Any]) -> None:
    """A mission report that was given an ACLED id (say, by the admin) is never
    reached through that id: the row is refused, the report untouched."""
    from konbit.operations.tests.factories import IncidentFactory

    report = IncidentFactory(created_by=cast["hq_staff"], event_id_cnty="HTI9001")
    result = run(csv_bytes(GOOD), admin)
    assert [p.line() for p in result.problems] == [
        "row 2, column event_id_cnty: Event “HTI9001” is a mission report in Konbit: "
        "an ACLED import never changes one."
    ]
    result = run(csv_bytes(GOOD, GOOD.replace("HTI9001", "HTI9011")), admin, skip_invalid=True)
    assert (result.created, result.refused) == (1, 1)
    report.refresh_from_db()
    assert report.version == 1 and report.origin == "mission"
