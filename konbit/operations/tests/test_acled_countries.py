"""Real ACLED files taken whole: a file of several countries, with every column ACLED
has published since 2019 and free text as long as real files carry it, imports whole
(or one country with ``--country``) and re-imports as a no-op; the events of other
countries get no commune and break no page that assumes Haiti."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from konbit.core.models import ImportRun
from konbit.operations.acled import CountryFilter
from konbit.operations.models import Incident
from konbit.operations.tests.factories import import_acled, parse

# ACLED's columns since 2019: the 31 of its export, then those of its API and older
# exports that Konbit does not keep.
PUBLISHED = [
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
# (country, iso, iso3, region, admin1, admin2, admin3, latitude, longitude)
PLACES = [
    ("Haiti", 332, "HTI", "Caribbean", "Ouest", "Port-au-Prince", "Delmas", 18.5447, -72.3028),
    ("Haiti", 332, "HTI", "Caribbean", "Nord-Est", "Fort-Liberte", "Ouanaminthe", 19.55, -71.73),
    # Dajabon, a few kilometres over the border from Ouanaminthe.
    ("Dominican Republic", 214, "DOM", "Caribbean", "Dajabon", "Dajabon", "", 19.548, -71.708),
    ("Dominican Republic", 214, "DOM", "Caribbean", "Distrito Nacional", "", "", 18.47, -69.9),
    ("Jamaica", 388, "JAM", "Caribbean", "Kingston", "", "", 17.99, -76.79),
    ("Mexico", 484, "MEX", "Central America", "Ciudad de Mexico", "", "", 19.43, -99.13),
    ("Kenya", 404, "KEN", "Eastern Africa", "Nairobi", "Nairobi", "", -1.29, 36.82),
    ("Ukraine", 804, "UKR", "Europe", "Kyiv", "Kyiv", "", 50.45, 30.52),
]
ROWS_PER_PLACE = 4


def _long(label: str, length: int) -> str:
    """``length`` characters of text as real cells have it: commas, quotes, accents."""
    unit = f'{label}, "Grand\'Anse" é; '
    return (unit * (length // len(unit) + 1))[:length].strip()


def multi_country_file(places: list[tuple[Any, ...]] = PLACES) -> bytes:
    """ACLED's full export of several countries: every published column, long cells
    in every text column, notes over several lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PUBLISHED)
    number = 0
    for country, iso, iso3, region, admin1, admin2, admin3, lat, lon in places:
        for n in range(ROWS_PER_PLACE):
            number += 1
            cells = {
                "data_id": 10_000 + number,
                "iso": iso,
                "event_id_cnty": f"{iso3}{number}",
                "event_id_no_cnty": number,
                "event_date": f"2024-03-{n + 1:02d}",
                "year": 2024,
                "time_precision": 1,
                "disorder_type": "Political violence",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "actor1": _long(f"Actor of {country}", 1700),
                "assoc_actor_1": _long("Associated", 1620 + n),
                "inter1": "Political militia",
                "actor2": _long(f"Police Forces of {country}", 400),
                "assoc_actor_2": _long("Allies", 900),
                "inter2": "State forces",
                "interaction": "State forces-Political militia",
                "civilian_targeting": "",
                "region": region,
                "country": country,
                "admin1": _long(admin1, 300) if n == 3 else admin1,
                "admin2": admin2,
                "admin3": admin3,
                "location": _long(f"{admin3 or admin1} - Quarter", 500),
                "latitude": lat,
                "longitude": lon,
                "geo_precision": 1,
                "source": _long("Le Nouvelliste; Radio Kiskeya", 1200),
                "source_scale": _long("National-Regional", 300),
                "notes": (
                    f"On {n + 1} March 2024, in {admin1}, {country}:\n"
                    + _long("first paragraph", 1400)
                    + '\n\n"quoted" second paragraph\r\n'
                    + _long("third", 1300)
                ),
                "fatalities": n,
                "tags": _long("crowd size=no report", 400),
                "timestamp": 1_710_000_000 + number,
                "iso3": iso3,
                "population_1km": 1000 * n,
                "population_2km": 2000 * n,
                "population_5km": 5000 * n,
                "population_best": 5000 * n,
            }
            writer.writerow([cells[name] for name in PUBLISHED])
    return buffer.getvalue().encode()


HAITI_ROWS = 2 * ROWS_PER_PLACE
ALL_ROWS = len(PLACES) * ROWS_PER_PLACE


@pytest.fixture
def admin(cast: dict[str, Any]) -> Any:
    return cast["mission_admin"]


def test_a_multi_country_file_imports_whole_and_reimports_as_a_no_op(admin: Any) -> None:
    data = multi_country_file()
    result = import_acled(data, actor=admin, file_name="world.csv")
    assert (result.created, result.problems, result.warnings) == (ALL_ROWS, [], [])
    assert result.other_country == 0
    again = import_acled(data, actor=admin, file_name="world.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, ALL_ROWS)
    # Every cell as the file has it, whatever its length.
    parsed = parse(data)
    stored = {i.source_key: i for i in Incident.objects.all()}
    for row in parsed.rows:
        incident = stored[row.key]
        for name in ("actor1", "assoc_actor_1", "location", "source", "notes", "tags", "admin1"):
            assert getattr(incident, name) == row.values[_position(name)]
    assert len(stored["HTI1"].notes) > 2700 and "\n\n" in stored["HTI1"].notes


def _position(name: str) -> int:
    from konbit.operations.acled import POSITION

    return POSITION[name]


def test_events_of_other_countries_get_no_commune(admin: Any) -> None:
    import_acled(multi_country_file(), actor=admin, file_name="world.csv")
    by_country: dict[str, set[str]] = {}
    for country, pcode in Incident.objects.values_list("country", "commune_pcode"):
        by_country.setdefault(country, set()).add(pcode)
    assert "" not in by_country["Haiti"]
    # Not even Dajabon, which the gazetteer alone would give Ouanaminthe, next door.
    from konbit.places.geo import commune_at

    assert commune_at(19.548, -71.708).pcode
    assert all(by_country[name] == {""} for name in by_country if name != "Haiti")
    assert not Incident.objects.exclude(country="Haiti").exclude(commune_pcode_by_name="").exists()


@pytest.mark.parametrize("asked", ["HTI", "hti", "Haiti", "332"])
def test_one_country_kept_the_others_counted(admin: Any, asked: str) -> None:
    result = import_acled(multi_country_file(), actor=admin, file_name="world.csv", country=asked)
    assert (result.created, result.problems) == (HAITI_ROWS, [])
    assert result.other_country == ALL_ROWS - HAITI_ROWS
    assert result.other_countries == ["Dominican Republic", "Jamaica", "Kenya", "Mexico", "Ukraine"]
    assert set(Incident.objects.values_list("country", flat=True)) == {"Haiti"}
    assert result.run is not None and result.run.extra["other_country"] == 24


def test_the_command_reports_what_it_skipped(admin: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "world.csv"
    path.write_bytes(multi_country_file())
    call_command("import_acled", str(path), "--country", "HTI")
    out = capsys.readouterr().out
    assert out.strip() == (
        "8 created, 0 updated, 0 unchanged, 0 refused; 24 events of 5 other countries skipped"
    )
    assert Incident.objects.count() == HAITI_ROWS
    call_command("import_acled", str(path))
    assert capsys.readouterr().out.strip() == "24 created, 0 updated, 8 unchanged, 0 refused"
    call_command("import_acled", str(path), "--country", "Jamaica", "--dry-run")
    assert capsys.readouterr().out.strip() == (
        "Dry run, nothing written: 0 created, 0 updated, 4 unchanged, 0 refused; "
        "28 events of 5 other countries skipped"
    )


def test_one_other_country_is_named(admin: Any) -> None:
    parsed = parse(multi_country_file(PLACES[:3]), country="HTI")
    assert (parsed.count, parsed.other_country) == (HAITI_ROWS, ROWS_PER_PLACE)
    from konbit.operations.acled import skipped_text

    assert skipped_text(parsed.other_country, parsed.other_countries) == (
        "4 events of Dominican Republic skipped"
    )


def test_a_country_with_no_event_in_the_file_is_refused(admin: Any) -> None:
    result = import_acled(multi_country_file(), actor=admin, file_name="world.csv", country="HTX")
    assert [p.line() for p in result.problems] == [
        "row 1, column country: No event of “HTX” in this file "
        "(32 events of 6 other countries skipped)."
    ]
    assert not result.accepted and Incident.objects.count() == 0


def test_country_filter_reads_names_and_codes() -> None:
    haiti = CountryFilter.of(" HTI ")
    assert (
        haiti.holds("Haiti", "", "") and haiti.holds("", "332", "") and haiti.holds("", "", "hti")
    )
    assert haiti.holds("HAITI", "332.0", "") and haiti.holds("Haïti", "", "")
    assert haiti.holds("Dominican Republic", "214", "DOM") is False
    assert haiti.holds("", "", "") is None  # says nothing: kept
    # A name of ACLED's own that ISO does not know is matched by name.
    kosovo = CountryFilter.of("Kosovo")
    assert kosovo.holds("Kosovo", "0", "XKX") and kosovo.holds("Serbia", "688", "SRB") is False


def test_the_upload_page_offers_the_same_choice(
    client_as: Any, cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    browser = client_as(cast["hq_staff"])
    page = browser.get("/incidents/import/").content.decode()
    assert 'name="country"' in page and 'value="Haiti"' not in page  # the whole file by default
    upload = SimpleUploadedFile("world.csv", multi_country_file(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/incidents/import/", {"file": upload, "country": "HTI"})
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.options) == ("pending", HAITI_ROWS, {"country": "HTI"})
    preview = browser.get(response["Location"]).content.decode()
    assert "24 events of 5 other countries skipped" in preview
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/imports/{run.pk}/confirm/")
    run.refresh_from_db()
    assert (run.status, run.created) == (ImportRun.Status.DONE, HAITI_ROWS)
    assert Incident.objects.count() == HAITI_ROWS
    page = browser.get(f"/imports/{run.pk}/").content.decode()
    assert "24 events of 5 other countries skipped" in page


def test_pages_that_assume_haiti_hold_other_countries(
    admin: Any, client_as: Any, api_as: Any, cast: dict[str, Any]
) -> None:
    import_acled(multi_country_file(), actor=admin, file_name="world.csv")
    kyiv = Incident.objects.filter(country="Ukraine").first()
    assert kyiv is not None
    browser = client_as(cast["hq_staff"])
    for url in (
        "/",
        "/incidents/",
        "/incidents/?since=2024-01-01",
        "/incidents/map/",
        "/incidents/trends/?since=2024-01-01&until=2024-12-31",
        f"/incidents/{kyiv.pk}/",
        f"/incidents/{kyiv.pk}/edit/",
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
    api = api_as(cast["analyst"])
    world = api.get("/api/v1/incidents/map/", {"bbox": "-180,-90,180,90", "zoom": 2}).json()
    assert world["total"] == ALL_ROWS
    haiti = api.get("/api/v1/incidents/map/", {"bbox": "-75,17,-71,21", "zoom": 8}).json()
    assert haiti["total"] == HAITI_ROWS + ROWS_PER_PLACE  # Dajabon is in Haiti's box
    by_commune = api.get("/api/v1/incidents/stats/", {"group_by": "commune"}).json()
    rows = by_commune if isinstance(by_commune, list) else by_commune["results"]
    assert {row["commune"]: row["incidents"] for row in rows}[""] == ALL_ROWS - HAITI_ROWS
    for fmt in ("acled", "hxl", "geojson", "xlsx"):
        assert api.get("/api/v1/incidents/export/", {"fmt": fmt}).status_code == 200, fmt
