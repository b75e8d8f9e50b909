"""The forces pages, tried by the whole cast."""

import io

import pytest
from django.utils.html import escape

from konbit.accounts.services import system_user
from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditAction, AuditEntry, ImportRun
from konbit.forces import demo
from konbit.forces.choosers import PERSON
from konbit.forces.models import Personnel
from konbit.forces.tests.factories import DeploymentFactory, PersonnelFactory, UnitFactory
from konbit.forces.views.kinds import ALL

pytestmark = pytest.mark.django_db

NO_PEOPLE = {"hnp_liaison", "analyst"}


@pytest.fixture
def kenyan(contingents):
    unit = UnitFactory(contingent=contingents["KEN"], name="Rapid Deployment Unit")
    person = PersonnelFactory(contingent=contingents["KEN"], unit=unit, family_name="Kenyan")
    DeploymentFactory(person=person)
    return person


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("pages", ALL, ids=[p.slug for p in ALL])
def test_list_pages(cast, client_as, kenyan, pages, who):
    response = client_as(cast[who]).get(f"/forces/{pages.slug}/")
    if who == "anonymous":
        assert response.status_code == 302
        return
    people = pages.slug in ("personnel", "deployments")
    assert response.status_code == (404 if people and who in NO_PEOPLE else 200)
    if pages.slug == "personnel" and response.status_code == 200:
        assert ("Kenyan" in response.content.decode()) == (who != "jam_commander")


@pytest.mark.parametrize("who", CAST)
def test_person_pages_of_a_kenyan_officer(cast, client_as, kenyan, who):
    browser = client_as(cast[who])
    detail = browser.get(f"/forces/personnel/{kenyan.pk}/")
    edit = browser.get(f"/forces/personnel/{kenyan.pk}/edit/")
    if who == "anonymous":
        assert (detail.status_code, edit.status_code) == (302, 302)
        return
    readers = {"mission_admin", "hq_staff", "ken_commander", "oversight_officer"}
    writers = {"mission_admin", "hq_staff", "ken_commander"}
    assert detail.status_code == (200 if who in readers else 404)
    assert edit.status_code == (200 if who in writers else 403 if who in readers else 404)
    # Both the detail page and the edit form show the person: each read is audited.
    reads = AuditEntry.objects.filter(action=AuditAction.READ, target_id=str(kenyan.pk))
    assert reads.count() == (2 if who in writers else 1 if who in readers else 0)
    posted = browser.post(
        f"/forces/personnel/{kenyan.pk}/edit/", _person_form(kenyan, rank="Inspector")
    )
    kenyan.refresh_from_db()
    if who in writers:
        assert posted.status_code == 302 and kenyan.rank == "Inspector"
    else:
        assert posted.status_code in (403, 404) and kenyan.rank == "Constable"


def _person_form(person, **changes):
    data = {
        "contingent": person.contingent_id,
        "service_number": person.service_number,
        "rank": person.rank,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth.isoformat(),
        "specialty": person.specialty,
        "languages": person.languages,
        "unit": person.unit_id or "",
        "hr_screening": person.hr_screening,
        "medical_clearance": person.medical_clearance,
        "predeployment_training": person.predeployment_training,
        "status": person.status,
        "version": person.version,
    }
    data.update(changes)
    return data


def test_stale_edit_page_shows_a_clear_message(cast, client_as, kenyan):
    browser = client_as(cast["hq_staff"])
    form = _person_form(kenyan, rank="Sergeant")
    assert browser.post(f"/forces/personnel/{kenyan.pk}/edit/", form).status_code == 302
    stale = browser.post(f"/forces/personnel/{kenyan.pk}/edit/", {**form, "rank": "Corporal"})
    assert stale.status_code == 409
    assert "Someone else changed this record" in stale.content.decode()
    kenyan.refresh_from_db()
    assert kenyan.rank == "Sergeant"


def test_field_errors_are_shown(cast, client_as, kenyan):
    browser = client_as(cast["hq_staff"])
    response = browser.post(
        f"/forces/personnel/{kenyan.pk}/edit/", _person_form(kenyan, languages="xx, klingon")
    )
    assert response.status_code == 400
    assert "ISO 639" in response.content.decode()


def test_create_person_page(cast, client_as, contingents):
    browser = client_as(cast["ken_commander"])
    assert browser.get("/forces/personnel/new/").status_code == 200
    person = Personnel(
        contingent=contingents["KEN"],
        service_number="KE-77",
        rank="Constable",
        given_name="Invented",
        family_name="Newperson",
        sex="F",
        date_of_birth=PersonnelFactory.date_of_birth,
    )
    data = _person_form(person)
    data.pop("version")
    assert browser.post("/forces/personnel/new/", data).status_code == 302
    assert Personnel.objects.filter(service_number="KE-77").exists()
    refused = client_as(cast["jam_commander"]).post("/forces/personnel/new/", data)
    assert refused.status_code == 400
    assert Personnel.objects.filter(service_number="KE-77").count() == 1


def test_list_page_search_and_htmx_partial(cast, client_as, kenyan, contingents):
    PersonnelFactory(contingent=contingents["JAM"], family_name="Jamaican")
    browser = client_as(cast["mission_admin"])
    page = browser.get("/forces/personnel/?q=kenyan", HTTP_HX_REQUEST="true").content.decode()
    assert "Kenyan" in page and "Jamaican" not in page and "<html" not in page
    assert "Jamaican" in browser.get("/forces/personnel/?contingent=JAM").content.decode()


def test_list_page_query_count_is_constant(
    cast, client_as, contingents, django_assert_max_num_queries
):
    browser = client_as(cast["hq_staff"])
    for _ in range(3):
        DeploymentFactory(person__contingent=contingents["KEN"])
    browser.get("/forces/personnel/")
    with django_assert_max_num_queries(20) as few:
        browser.get("/forces/personnel/")
    for _ in range(30):
        DeploymentFactory(person__contingent=contingents["JAM"])
    for path in ("/forces/personnel/", "/forces/deployments/"):
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert browser.get(path).status_code == 200


def test_strength_page_and_panel_from_the_demo(cast, client_as):
    demo.load(actor=system_user(), out=io.StringIO())
    browser = client_as(cast["hnp_liaison"])
    page = browser.get("/forces/strength/?date=2025-01-04").content.decode()
    assert '<p class="figure">590</p>' in page
    assert "Guatemala" in page and "strength-chart" in page
    assert browser.get("/forces/strength/?date=4/1/2025").status_code == 400
    home = browser.get("/").content.decode()
    assert "Strength today" in home


def test_strength_page_refuses_anonymous(client):
    assert client.get("/forces/strength/").status_code == 302


def test_roster_upload_preview_confirm(cast, client_as, contingents, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    UnitFactory(contingent=contingents["KEN"], name="Rapid Deployment Unit")
    browser = client_as(cast["ken_commander"])
    assert browser.get("/forces/roster/").status_code == 200
    assert browser.get("/imports/forces_roster/template.xlsx").status_code == 200
    csv = (
        "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit\n"
        "KE-1,Constable,Alfa,Demo,F,1990-01-01,medical,rapid deployment unit\n"
        "KE-2,Constable,Bravo,Demo,X,1990-01-01,medical,\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "roster.csv"
    response = browser.post(
        "/forces/roster/", {"contingent": contingents["KEN"].pk, "file": upload}
    )
    assert response.status_code == 302
    preview = browser.get(response["Location"]).content.decode()
    assert "must be F or M" in preview and "Import the 1 valid row" in preview
    assert Personnel.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == "pending" and run.upload
    # Confirmed whole, it is refused: nothing written, and its counts say so.
    assert browser.post(f"/imports/{run.pk}/confirm/", {}).status_code == 302
    assert Personnel.objects.count() == 0
    run.refresh_from_db()
    assert (run.status, run.created, run.refused) == ("refused", 0, 1)
    # Its valid rows are imported from the stored file: no new upload.
    assert "Import the 1 valid row" in browser.get(f"/imports/{run.pk}/").content.decode()
    browser.post(f"/imports/{run.pk}/confirm/", {"skip_invalid": "on"})
    run.refresh_from_db()
    assert (run.status, run.created, run.refused) == ("done", 1, 1) and not run.upload
    assert list(Personnel.objects.values_list("service_number", flat=True)) == ["KE-1"]


def test_roster_confirm_with_skip_invalid(cast, client_as, contingents, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    browser = client_as(cast["hq_staff"])
    csv = (
        "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit\n"
        "JM-1,Captain,Alfa,Demo,F,1990-01-01,staff officer,\n"
        "JM-2,Captain,Bravo,Demo,X,1990-01-01,staff officer,\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "roster.csv"
    response = browser.post(
        "/forces/roster/", {"contingent": contingents["JAM"].pk, "file": upload}
    )
    run = ImportRun.objects.get()
    assert response["Location"] == f"/imports/{run.pk}/"
    # Someone else may not confirm or cancel it.
    other = client_as(cast["mission_admin"])
    other.post(f"/imports/{run.pk}/confirm/", {"skip_invalid": "on"})
    other.post(f"/imports/{run.pk}/cancel/")
    run.refresh_from_db()
    assert run.status == "pending" and Personnel.objects.count() == 0
    browser.post(f"/imports/{run.pk}/confirm/", {"skip_invalid": "on"})
    assert list(Personnel.objects.values_list("service_number", flat=True)) == ["JM-1"]


def test_commander_cannot_upload_for_another_contingent(cast, client_as, contingents):
    upload = io.BytesIO(b"service_number\n1\n")
    upload.name = "roster.csv"
    response = client_as(cast["jam_commander"]).post(
        "/forces/roster/", {"contingent": contingents["KEN"].pk, "file": upload}
    )
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_exporting_the_kenyan_roster(cast, client_as, kenyan, contingents, who):
    response = client_as(cast[who]).get(f"/forces/contingents/{contingents['KEN'].pk}/roster.csv")
    allowed = {"mission_admin", "hq_staff", "ken_commander"}
    if who == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if who in allowed else 404)
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert exports.count() == (1 if who in allowed else 0)
    if who in allowed:
        assert kenyan.service_number in response.content.decode()


def test_unit_filter_offers_visible_units_and_deployment_form_is_prefilled(cast, client_as, kenyan):
    browser = client_as(cast["ken_commander"])
    page = browser.get(f"/forces/personnel/?unit={kenyan.unit_id}").content.decode()
    assert "Kenyan" in page and "Rapid Deployment Unit" in page
    form = browser.get(f"/forces/deployments/new/?person={kenyan.pk}").content.decode()
    # The person is chosen by name (core.choosers), the link's id shown as the name.
    assert f'value="{escape(PERSON.label(kenyan))}"' in form
    assert 'hx-get="/choose/person/?field=person"' in form
    # Showing the person is a read of them.
    assert AuditEntry.objects.filter(action=AuditAction.READ, target_id=str(kenyan.pk)).exists()


@pytest.mark.parametrize("pages", ALL, ids=[p.slug for p in ALL])
def test_every_detail_create_and_edit_page_renders(cast, client_as, pages):
    demo.load(actor=system_user(), out=io.StringIO())
    browser = client_as(cast["mission_admin"])
    record = pages.policy.visible(cast["mission_admin"]).first()
    assert browser.get(f"/forces/{pages.slug}/{record.pk}/").status_code == 200
    edit = browser.get(f"/forces/{pages.slug}/{record.pk}/edit/")
    assert edit.status_code == 200
    assert f'name="version" value="{record.version}"' in edit.content.decode()
    assert browser.get(f"/forces/{pages.slug}/new/").status_code == 200
    analyst = client_as(cast["analyst"]).get(f"/forces/{pages.slug}/{record.pk}/edit/")
    assert analyst.status_code in (403, 404)


def test_contingent_page_offers_the_roster_export_to_its_commander(cast, client_as, contingents):
    kenya, jamaica = contingents["KEN"], contingents["JAM"]
    browser = client_as(cast["ken_commander"])
    assert "roster.xlsx" in browser.get(f"/forces/contingents/{kenya.pk}/").content.decode()
    assert "roster.xlsx" not in browser.get(f"/forces/contingents/{jamaica.pk}/").content.decode()


def test_create_pages_of_reference_records(cast, client_as, contingents):
    from konbit.forces.models import Contingent, ReportingObligation, Unit
    from konbit.forces.tests.factories import MandateFactory

    browser = client_as(cast["hq_staff"])
    created = browser.post("/forces/contingents/new/", {"iso3": "GTM", "name": "Guatemala"})
    assert created.status_code == 302
    assert Contingent.objects.get(country__iso3="GTM").country.name == "Guatemala"
    bad = browser.post("/forces/contingents/new/", {"iso3": "QQQ", "name": "Nowhere"})
    assert bad.status_code == 400 and "ISO 3166-1" in bad.content.decode()
    mandate = MandateFactory()
    obligation = {"mandate": mandate.pk, "title": "Quarterly report", "reporting_party":
                  "lead_nation", "addressee": "security_council", "trigger": "periodic",
                  "interval_days": 90, "content_sections": "personnel\nequipment\n"}  # fmt: skip
    assert browser.post("/forces/obligations/new/", obligation).status_code == 302
    assert ReportingObligation.objects.get().content_sections == ["personnel", "equipment"]
    commander = client_as(cast["ken_commander"])
    unit = {"contingent": contingents["KEN"].pk, "name": "Border Patrol Unit",
            "unit_type": "border_patrol"}  # fmt: skip
    assert commander.post("/forces/units/new/", unit).status_code == 302
    other = {**unit, "contingent": contingents["JAM"].pk}
    assert commander.post("/forces/units/new/", other).status_code == 400
    assert Unit.objects.count() == 1


def test_a_contingents_country_is_chosen_by_name(cast, client_as, contingents):
    """Not a typed ISO code: the country's name (or the list's label, or the code)."""
    from konbit.forces.models import Contingent

    browser = client_as(cast["hq_staff"])
    page = browser.get("/forces/contingents/new/").content.decode()
    assert '<option value="Guatemala (GTM)">' in page
    created = browser.post("/forces/contingents/new/", {"iso3": "guatemala", "name": "G"})
    assert created.status_code == 302 and Contingent.objects.filter(country__iso3="GTM").exists()
    labelled = browser.post("/forces/contingents/new/", {"iso3": "Belize (BLZ)", "name": "B"})
    assert labelled.status_code == 302 and Contingent.objects.filter(country__iso3="BLZ").exists()
    bad = browser.post("/forces/contingents/new/", {"iso3": "Narnia", "name": "N"})
    assert bad.status_code == 400 and "No country is named “Narnia”" in bad.content.decode()
