"""The field users' tasks of issue 11, done in Chromium at a desktop's and a phone's
width; every page on the way is checked like any other (overflow, console errors,
other origins, weight)."""

import csv
import io
import re
import uuid

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from konbit.browser.pages import MAP_WEIGHT, PAGE_WEIGHT

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_task_1_a_commander_adds_a_person_and_records_a_deployment(tab):
    from konbit.forces.models import Deployment, Personnel

    # Unique per run: on PostgreSQL what the desktop run saved is still there.
    suffix = uuid.uuid4().hex[:8]
    number = f"KE-{suffix.upper()}"
    family_name = f"Browser-{suffix}"
    tab.sign_in("ken.commander")
    tab.follow_menu("Personnel", group="Forces")
    tab.check("the personnel list", weight=PAGE_WEIGHT)
    tab.page.get_by_role("link", name="New", exact=False).first.click()
    form = tab.page.locator("form.record")
    form.locator("[name=contingent]").select_option(index=1)  # their own, the only one
    form.locator("[name=service_number]").fill(number)
    form.locator("[name=rank]").fill("Sergeant")
    form.locator("[name=given_name]").fill("Demo")
    form.locator("[name=family_name]").fill(family_name)
    form.locator("[name=sex]").select_option(index=1)
    form.locator("[name=date_of_birth]").fill("1990-04-12")
    tab.check("the new person form", weight=PAGE_WEIGHT)
    tab.reset()
    form.get_by_role("button", name="Save").click()
    tab.page.wait_for_load_state("load")
    tab.check("the person's page", weight=PAGE_WEIGHT)
    person = Personnel.objects.get(service_number=number)
    assert person.contingent.country.iso3 == "KEN"

    tab.page.get_by_role("link", name="Record a deployment").click()
    tab.page.wait_for_load_state("load")
    form = tab.page.locator("form.record")
    # The person is chosen by name (a box with suggestions), not from a list of 1,000.
    box = form.locator("[name=person]")
    expect(box).to_have_value(f"Sergeant Demo {family_name} ({number})")
    box.fill("")
    with tab.page.expect_response(lambda response: "/choose/person/" in response.url):
        box.fill(family_name.lower())
    options = form.locator("datalist#id_person-options option")
    expect(options).to_have_count(1)
    box.fill(options.first.get_attribute("value") or "")
    form.locator("[name=arrival_date]").fill("2025-06-25")
    tab.check("the deployment form", weight=PAGE_WEIGHT)
    tab.reset()
    form.get_by_role("button", name="Save").click()
    tab.page.wait_for_load_state("load")
    tab.check("the deployment's page", weight=PAGE_WEIGHT)
    assert Deployment.objects.filter(person=person, arrival_date="2025-06-25").exists()


def test_task_2_hq_records_an_operation_and_its_incident_then_finds_it(tab):
    from konbit.operations.models import Incident, JointOperation

    name = f"Operation Browser {uuid.uuid4().hex[:6]}"
    tab.sign_in("hq")
    tab.follow_menu("Joint operations", group="Operations")
    tab.page.get_by_role("link", name="New joint operation").click()
    tab.page.locator("main [name=name]").fill(name)
    tab.page.locator("main [name=starts_on]").fill("2025-06-01")
    tab.check("the new operation form", weight=PAGE_WEIGHT)
    tab.reset()
    tab.page.get_by_role("button", name="Save").click()
    tab.page.wait_for_load_state("load")
    tab.check("the operation's page", weight=PAGE_WEIGHT)
    operation = JointOperation.objects.get(name=name)

    # The saved operation leads to its incident form, the operation filled in.
    tab.reset()
    tab.page.get_by_role("link", name="Record an incident").click()
    tab.page.wait_for_load_state("networkidle")
    form = tab.page.locator("main form")
    expect(form.locator("[name=operation]")).to_have_value(name)
    form.locator("[name=event_date]").fill("2025-06-02")
    form.locator("[name=event_type]").select_option("Battles")
    # Sub-event types follow the event type: one group shown.
    expect(form.locator("[name=sub_event_type] optgroup:not([hidden])")).to_have_count(1)
    form.locator("[name=sub_event_type]").select_option("Armed clash")
    form.locator("[name=actor1]").fill("Viv Ansanm")
    form.locator("[name=location]").fill("Arcahaie")
    # A pin dropped on the map fills the point and names its commune.
    tab.page.locator("#pin-map").click()
    expect(form.locator("[name=latitude]")).not_to_have_value("")
    expect(form.locator("[name=commune]")).to_have_value(re.compile(r"\(HT\d{4}\)$"))
    tab.check("the new incident form", weight=MAP_WEIGHT)
    tab.reset()
    form.get_by_role("button", name="Save").click()
    tab.page.wait_for_load_state("load")
    tab.check("the incident's page", weight=PAGE_WEIGHT)
    incident = Incident.objects.get(operation=operation)
    assert incident.commune_pcode and incident.admin3  # derived from the point
    assert incident.admin3 in tab.page.locator("main").inner_text()

    query = f"operation={operation.pk}"
    tab.open(f"/incidents/?{query}")
    assert "1 incident" in tab.page.locator("#rows").inner_text()
    tab.check("the operation's incidents", weight=PAGE_WEIGHT)
    tab.reset()
    tab.page.locator("#incident-links").get_by_role("link", name="Map").click()
    tab.page.wait_for_load_state("networkidle")
    assert query in tab.page.url
    tab.check("the operation's map", weight=MAP_WEIGHT)
    box = tab.page.locator("#map").bounding_box()
    assert box["y"] < tab.page.viewport_size["height"] / 2  # above the fold, filter active
    expect(tab.page.locator("#map-status")).to_contain_text("Incidents in view: 1")
    tab.open(f"/incidents/trends/?{query}", settle=True)
    assert "2025-06" in tab.page.locator("main").inner_text()
    tab.check("the operation's trends", weight=PAGE_WEIGHT)


def test_task_3_the_exports_carry_the_filter_the_list_shows(tab):
    tab.sign_in("analyst")
    tab.follow_menu("Incidents", group="Operations")
    shown_before = tab.page.locator("#rows").inner_text()
    if tab.width < 768:
        tab.page.locator("details.filterbox > summary").click()
    tab.page.locator("form.filters [name=category]").select_option("PROTEST_RIOT")
    with tab.page.expect_response(lambda response: "category=PROTEST_RIOT" in response.url):
        tab.page.get_by_role("button", name="Filter").click()
    tab.page.wait_for_function("location.search.includes('category=PROTEST_RIOT')")
    rows = tab.page.locator("#rows tbody tr")
    dates = sorted(rows.nth(i).locator("td").first.inner_text() for i in range(rows.count()))
    assert dates and tab.page.locator("#rows").inner_text() != shown_before
    tab.check("the filtered list", weight=PAGE_WEIGHT)

    links = tab.page.locator("#incident-links")
    for label, fmt in [("ACLED CSV", "acled"), ("HXL", "hxl"), ("GeoJSON", "geojson")]:
        href = links.get_by_role("link", name=label).get_attribute("href")
        assert "category=PROTEST_RIOT" in href and f"fmt={fmt}" in href
    href = links.get_by_role("link", name="XLSX").get_attribute("href")
    assert "category=PROTEST_RIOT" in href
    with tab.page.expect_download() as download:
        links.get_by_role("link", name="ACLED CSV").click()
    with open(download.value.path(), encoding="utf-8") as exported:
        exported_dates = sorted(row["event_date"] for row in csv.DictReader(exported))
    assert exported_dates == dates
    fetch = tab.page.context.request.get  # the browser's session, as a click would
    workbook = load_workbook(io.BytesIO(fetch(tab.origin + href).body()), read_only=True)
    sheet = workbook.worksheets[0]
    assert len(list(sheet.iter_rows())) - 1 == len(dates)  # under its header row
    hxl_href = links.get_by_role("link", name="HXL").get_attribute("href")
    hxl = list(csv.reader(io.StringIO(fetch(tab.origin + hxl_href).text())))
    incidents = hxl[0].index("Incidents")
    assert sum(int(row[incidents]) for row in hxl[2:]) == len(dates)  # under its hashtags
    geojson_href = links.get_by_role("link", name="GeoJSON").get_attribute("href")
    assert len(fetch(tab.origin + geojson_href).json()["features"]) == len(dates)
    assert not tab.errors and not tab.foreign


def test_task_4_a_commander_uploads_a_roster_with_a_bad_row(tab):
    from konbit.core.models import ImportRun
    from konbit.forces.models import Personnel

    good, bad = (f"KE-{uuid.uuid4().hex[:6].upper()}" for _ in range(2))
    roster = (
        "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit\n"
        f"{good},Constable,Alfa,Demo-Browser,F,1990-01-01,medical,\n"
        f"{bad},Constable,Bravo,Demo-Browser,X,1990-01-01,medical,\n"
    )
    tab.sign_in("ken.commander")
    tab.follow_menu("Import a roster", group="Forces")
    tab.check("the roster upload", weight=PAGE_WEIGHT)
    form = tab.page.locator("main form")
    form.locator("[name=contingent]").select_option(index=1)  # their own
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": roster.encode()}]
    )
    tab.reset()
    form.get_by_role("button", name="Check the file").click()
    tab.page.wait_for_url("**/imports/*/")
    tab.check("the checked roster", weight=PAGE_WEIGHT)
    main = tab.page.locator("main")
    expect(main).to_contain_text("must be F or M")
    assert not Personnel.objects.filter(service_number__in=[good, bad]).exists()

    tab.reset()
    main.get_by_role("button", name="Import the 1 valid row").click()
    tab.page.wait_for_load_state("load")
    tab.check("the imported roster", weight=PAGE_WEIGHT)
    expect(main).to_contain_text("The file was imported.")
    run = ImportRun.objects.filter(file_name="roster.csv").latest("started_at")
    assert (run.status, run.created, run.refused) == ("done", 1, 1)
    assert list(
        Personnel.objects.filter(service_number__in=[good, bad]).values_list(
            "service_number", flat=True
        )
    ) == [good]


def test_task_5_hq_imports_an_acled_file_and_follows_it_to_the_end(tab):
    from konbit.core.models import ImportRun
    from konbit.operations.demo import SAMPLE
    from konbit.operations.models import Incident

    # ACLED's sample as a new file: the same rows under event ids never seen before.
    prefix = f"HTIB{uuid.uuid4().hex[:6].upper()}"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [f"{prefix}{n}{line[line.index(',') :]}" for n, line in enumerate(lines[1:])]
    data = (lines[0] + "".join(rows)).encode()
    name = f"acled-{prefix}.csv"
    tab.sign_in("hq")
    tab.follow_menu("Incidents", group="Operations")
    tab.reset()
    tab.page.get_by_role("link", name="Import an ACLED file").click()
    tab.page.wait_for_load_state("load")
    tab.check("the ACLED upload", weight=PAGE_WEIGHT)
    form = tab.page.locator("main form")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    tab.reset()
    form.get_by_role("button", name="Check the file").click()
    tab.page.wait_for_url("**/imports/*/")
    tab.check("the ACLED preview", weight=PAGE_WEIGHT)
    main = tab.page.locator("main")
    expect(main).to_contain_text("nothing is written until you confirm")
    expect(main.locator("dl")).to_contain_text("Would create")
    assert main.locator("input[type=checkbox]").count() == 0
    run = ImportRun.objects.get(file_name=name)
    assert (run.status, run.created, run.unchanged) == ("pending", len(rows), 0)
    assert not Incident.objects.filter(event_id_cnty__startswith=prefix).exists()

    tab.reset()
    main.get_by_role("button", name="Import", exact=True).click()
    tab.page.wait_for_load_state("load")
    # The run's page follows the import until it ends (it refreshes itself while the
    # import runs), then says so with its counts.
    expect(main).to_contain_text("The file was imported.", timeout=60_000)
    tab.check("the imported ACLED file", weight=PAGE_WEIGHT)
    counts = main.locator("dl.record")
    expect(counts).to_contain_text("Created")
    assert counts.locator("dt:has-text('Created') + dd").inner_text() == str(len(rows))
    state = tab.page.request.get(tab.page.url, headers={"Accept": "application/json"}).json()
    assert (state["status"], state["created"], state["percent"]) == ("done", len(rows), None)
    run.refresh_from_db()
    assert (run.status, run.created) == ("done", len(rows))
    assert Incident.objects.filter(event_id_cnty__startswith=prefix).count() == len(rows)
