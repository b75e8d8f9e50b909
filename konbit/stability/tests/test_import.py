"""``manage.py import_indicators`` and the upload page: IOM DTM's raw API output, the
HDX HAPI file and the BINUH figures, on core's pipeline."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from konbit.core.models import AuditAction, AuditEntry, ImportRun
from konbit.stability.importer import KIND
from konbit.stability.models import IndicatorValue

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"

# IOM DTM's API v3 output (admin 2), as its client libraries write it to CSV.
DTM_HEADER = (
    "id,operation,admin0Name,admin0Pcode,admin1Name,admin1Pcode,admin2Name,admin2Pcode,"
    "numPresentIdpInd,reportingDate,yearReportingDate,monthReportingDate,roundNumber,"
    "displacementReason,numberMales,numberFemales,idpOriginAdmin1Name,idpOriginAdmin1Pcode,"
    "assessmentType,operationStatus\n"
)
DTM = DTM_HEADER + (
    # Port-au-Prince, round 7 of the gang crisis: two parts of one figure (5000).
    "1,Displacement due to gang violence,Haiti,HTI,Ouest,HT01,Port-au-Prince,HT0111,3000,"
    "2024-06-15T00:00:00,2024,6,7,Conflict,1400,1600,Ouest,HT01,BA,Active\n"
    "2,Displacement due to gang violence,Haiti,HTI,Ouest,HT01,Port-au-Prince,HT0111,2000,"
    "2024-06-15T00:00:00,2024,6,7,Conflict,,,Artibonite,HT04,BA,Active\n"
    # The same round number in another operation (rounds restart with each operation).
    "3,Haiti Earthquake,Haiti,HTI,Ouest,HT01,Port-au-Prince,HT0111,700,"
    "2024-06-15T00:00:00,2024,6,7,Natural disaster,,,,,SA,Inactive\n"
    # Cité Soleil, round 7.
    "4,Displacement due to gang violence,Haiti,HTI,Ouest,HT01,Cite Soleil,HT0117,1200,"
    "2024-06-15,2024,6,7,Conflict,500,,Ouest,HT01,BA,Active\n"
    # Unusable: another country, a P-code the gazetteer does not know.
    "5,Armed Clashes in Sudan,Sudan,SDN,Khartoum,SD01,Khartoum,SD01001,99999,"
    "2024-06-15,2024,6,7,Conflict,,,,,BA,Active\n"
    "6,Displacement due to gang violence,Haiti,HTI,Ouest,HT01,Nowhere,HT0199,50,"
    "2024-06-15,2024,6,7,Conflict,,,,,BA,Active\n"
)


def run(tmp_path, content, *args, name="dtm.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_indicators", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(tmp_path, content, *args, name="bad.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def totals(**lookups):
    rows = (
        IndicatorValue.objects.filter(indicator__code="idps", **lookups)
        .values("commune_id", "breakdown__operation", "breakdown__round")
        .annotate(total=Sum("value"))
    )
    return {
        (r["commune_id"], r["breakdown__operation"], r["breakdown__round"]): r["total"]
        for r in rows
    }


def test_dtm_file_imports_the_totals_per_commune_and_round(tmp_path):
    out, err = run(tmp_path, DTM, "--format", "dtm")
    assert "4 created, 0 updated, 0 unchanged, 0 refused" in out
    assert totals() == {
        ("HT0111", "Displacement due to gang violence", 7): 5000,
        ("HT0111", "Haiti Earthquake", 7): 700,
        ("HT0117", "Displacement due to gang violence", 7): 1200,
    }
    # The unusable rows are reported (row and column), not guessed.
    assert "row 6, column admin0Pcode: a row of another country (SDN): skipped" in err
    assert "row 7, column admin2Pcode: HT0199 is not a commune of the gazetteer" in err
    assert "2 rows skipped" in out


def test_dtm_keeps_the_breakdown_and_unknown_sexes(tmp_path):
    run(tmp_path, DTM)  # the format recognised from the header
    first = IndicatorValue.objects.get(value=3000)
    assert (first.female, first.male) == (1600, 1400)
    assert first.breakdown == {
        "operation": "Displacement due to gang violence",
        "round": 7,
        "reason": "Conflict",
        "origin_department": "HT01",
        "origin_department_name": "Ouest",
        "assessment": "BA",
    }
    assert first.date.isoformat() == "2024-06-15" and first.commune_id == "HT0111"
    second = IndicatorValue.objects.get(value=2000)
    assert second.female is None and second.male is None  # empty: unknown, not zero
    soleil = IndicatorValue.objects.get(commune_id="HT0117")
    assert soleil.male == 500 and soleil.female is None
    assert not IndicatorValue.objects.filter(published=True).exists()
    assert IndicatorValue.objects.filter(import_run__kind=KIND).count() == 4


def test_reimport_is_a_no_op(tmp_path):
    run(tmp_path, DTM)
    before = list(IndicatorValue.objects.order_by("key").values_list("key", "version", "value"))
    audit_before = AuditEntry.objects.count()
    out, _err = run(tmp_path, DTM)
    assert "0 created, 0 updated, 4 unchanged" in out
    after = list(IndicatorValue.objects.order_by("key").values_list("key", "version", "value"))
    assert after == before
    assert AuditEntry.objects.count() == audit_before


def test_a_revised_figure_updates_its_value_and_publishing_is_kept(tmp_path):
    run(tmp_path, DTM, "--publish")
    assert IndicatorValue.objects.filter(published=True).count() == 4
    revised = DTM.replace(",1200,", ",1250,")
    out, _err = run(tmp_path, revised)
    assert "0 created, 1 updated, 3 unchanged" in out
    soleil = IndicatorValue.objects.get(commune_id="HT0117")
    assert soleil.value == 1250 and soleil.version == 2 and soleil.published


def test_one_import_one_audit_entry(tmp_path):
    run(tmp_path, DTM)
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.domain == "stability" and "4 created" in entry.detail


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (",3000,", "row 2, column numPresentIdpInd: not a whole number of 0 or more: lots"),
        ("2024-06-15T00:00:00,2024,6,7,Conflict,1400", "row 2, column reportingDate: not a date"),
        (",7,Conflict,1400,1600,", "row 2, column numberMales: not a whole number"),
    ],
)
def test_bad_cells_refuse_the_file_and_write_nothing(tmp_path, bad, message):
    replacement = {
        ",3000,": ",lots,",
        "2024-06-15T00:00:00,2024,6,7,Conflict,1400": "15th June,2024,6,7,Conflict,1400",
        ",7,Conflict,1400,1600,": ",7,Conflict,many,1600,",
    }[bad]
    err = refused(tmp_path, DTM.replace(bad, replacement, 1))
    assert message in err
    assert not IndicatorValue.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED


def test_skip_invalid_imports_the_good_rows(tmp_path):
    out, err = run(tmp_path, DTM.replace(",3000,", ",-3,", 1), "--skip-invalid")
    assert "row 2, column numPresentIdpInd" in err
    assert "3 created" in out and "1 refused" in out
    assert IndicatorValue.objects.count() == 3


def test_missing_columns_and_unknown_files_are_refused(tmp_path):
    err = refused(tmp_path, DTM.replace("roundNumber", "round"), "--format", "dtm")
    assert "row 1, column roundNumber: this column is missing" in err
    err = refused(tmp_path, "name,value\nPort-au-Prince,3\n")
    assert "neither HDX HAPI, IOM DTM nor the BINUH figures" in err
    err = refused(tmp_path, DTM_HEADER)
    assert "no rows" in err
    assert not IndicatorValue.objects.exists()


def test_dry_run_writes_nothing(tmp_path):
    out, _err = run(tmp_path, DTM, "--dry-run")
    assert "Dry run" in out and "4 created" in out
    assert not IndicatorValue.objects.exists()


def test_a_duplicate_row_is_reported_and_skipped(tmp_path):
    lines = DTM.splitlines(keepends=True)
    out, err = run(tmp_path, "".join([*lines, lines[1]]))
    assert "the same value as row 2: skipped" in err
    assert "4 created" in out


def test_hapi_file(tmp_path):
    out, err = run(tmp_path, (DATA / "hapi_idps_haiti_dtm.csv").read_bytes(), name="hapi.csv")
    assert "1267 created" in out and "144 rows skipped" in out
    assert "a department total: skipped" in err
    national = IndicatorValue.objects.filter(commune__isnull=True, date="2024-12-31")
    assert national.get().value == 1041229
    # Round 9 of countrywide monitoring: the communes' values sum to the national figure.
    communes = IndicatorValue.objects.filter(
        commune__isnull=False, date="2024-12-31", breakdown__operation="Countrywide monitoring"
    ).aggregate(total=Sum("value"))["total"]
    assert communes == 1041229
    out, _err = run(tmp_path, (DATA / "hapi_idps_haiti_dtm.csv").read_bytes(), name="hapi.csv")
    assert "0 created, 0 updated, 1267 unchanged" in out


def test_hapi_baseline_and_site_figures_of_a_date_are_counted_once(tmp_path):
    """On 2022-11-30 the HAPI file gives both IOM DTM's baseline assessment (BA) and
    its site assessment (SA), whose people the baseline already counts: the date's
    figure is the baseline's, not their sum."""
    import datetime as dt

    from konbit.stability import figures

    run(tmp_path, (DATA / "hapi_idps_haiti_dtm.csv").read_bytes(), name="hapi.csv")
    values = IndicatorValue.objects.filter(indicator__code="idps")
    day = dt.date(2022, 11, 30)
    assert values.filter(commune__isnull=True, date=day).count() == 2  # both kept
    national = {p["date"]: p["value"] for p in figures.series(values, None)}
    assert national[day] == 155166  # not 155166 + 39492
    port_au_prince = {p["date"]: p["value"] for p in figures.series(values, "HT0111")}
    assert port_au_prince[day] == 41004  # not 41004 + 21740
    on_the_map = figures.communes_at(values, day)
    assert on_the_map["HT0111"]["value"] == 41004
    assert on_the_map["HT0113"]["value"] == 27950  # not 27950 + 50
    # A date with one kind of assessment is unchanged.
    assert national[dt.date(2024, 12, 31)] == 1041229


def test_binuh_figures(tmp_path):
    data = (DATA / "binuh_ohchr_reported_figures.csv").read_bytes()
    out, _err = run(tmp_path, data, "--format", "binuh", name="binuh.csv")
    assert "26 created" in out
    year = IndicatorValue.objects.get(
        indicator__code="killings", date="2024-12-31", period_start="2024-01-01"
    )
    assert year.value == 5601 and year.source == "OHCHR" and year.commune is None
    assert year.confidence == "low" and year.source_url.startswith("https://menafn.com/")
    assert IndicatorValue.objects.filter(indicator__code="kidnappings").count() == 9


def test_the_upload_page_runs_the_same_import(cast, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    browser = client_as(cast["hq_staff"])
    assert browser.get("/stability/import/").status_code == 200
    upload = SimpleUploadedFile("dtm.csv", DTM.encode(), content_type="text/csv")
    response = browser.post("/stability/import/", {"file": upload, "format": "dtm"})
    assert response.status_code == 302
    run_ = ImportRun.objects.get()
    assert run_.status == ImportRun.Status.PENDING and run_.created == 4
    assert not IndicatorValue.objects.exists()  # nothing before the user confirms
    for who in ("ken_commander", "analyst", "hnp_liaison"):
        assert client_as(cast[who]).get("/stability/import/").status_code == 404


def _dtm_json(records):
    import json

    return json.dumps({"isSuccess": True, "message": None, "result": records})


DTM_RECORDS = [
    {
        "id": 1,
        "operation": "Displacement due to gang violence",
        "admin0Name": "Haiti",
        "admin0Pcode": "HTI",
        "admin2Name": "Port-au-Prince",
        "admin2Pcode": "HT0111",
        "numPresentIdpInd": 3000,
        "reportingDate": "2024-06-15T00:00:00",
        "roundNumber": 7,
        "displacementReason": "Conflict",
        "numberMales": 1400,
        "numberFemales": 1600,
        "idpOriginAdmin1Pcode": "HT01",
    },
    {
        "id": 2,
        "operation": "Displacement due to gang violence",
        "admin0Name": "Haiti",
        "admin0Pcode": "HTI",
        "admin2Pcode": "HT0111",
        "numPresentIdpInd": 2000.0,
        "reportingDate": "2024-06-15T00:00:00",
        "roundNumber": 7,
        "displacementReason": "Conflict",
        "numberMales": None,
        "numberFemales": None,
        "idpOriginAdmin1Pcode": "HT04",
    },
    {
        "id": 3,
        "operation": "Armed Clashes in Sudan",
        "admin0Name": "Sudan",
        "admin0Pcode": "SDN",
        "admin2Pcode": "SD01001",
        "numPresentIdpInd": 99,
        "reportingDate": "2024-06-15T00:00:00",
        "roundNumber": 7,
    },
]


def test_dtm_api_answer_as_json(tmp_path):
    out, err = run(tmp_path, _dtm_json(DTM_RECORDS), name="dtm.json")
    assert "2 created" in out and "1 rows skipped" in out
    assert "row 4, column admin0Pcode: a row of another country (SDN)" in err
    assert totals() == {("HT0111", "Displacement due to gang violence", 7): 5000}
    unknown = IndicatorValue.objects.get(value=2000)
    assert unknown.female is None and unknown.male is None
    out, _err = run(tmp_path, _dtm_json(DTM_RECORDS), name="dtm.json")
    assert "0 created, 0 updated, 2 unchanged" in out


def test_json_that_is_not_a_table_is_refused(tmp_path):
    err = refused(tmp_path, '{"isSuccess": false, "result": []}', name="dtm.json")
    assert "no list of records" in err
    err = refused(tmp_path, '{"result": [1, 2', name="dtm.json")
    assert "not valid JSON" in err
    bad = [dict(DTM_RECORDS[0], numPresentIdpInd="many")]
    err = refused(tmp_path, _dtm_json(bad), name="dtm.json")
    assert "row 2, column numPresentIdpInd: not a whole number of 0 or more: many" in err
    assert not IndicatorValue.objects.exists()
