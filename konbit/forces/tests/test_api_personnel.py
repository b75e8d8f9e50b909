"""Personnel and deployments over the API, tried by the whole cast (issue 3, item 3)."""

import pytest

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditAction, AuditEntry
from konbit.forces.models import Deployment, Personnel
from konbit.forces.tests.factories import DeploymentFactory, PersonnelFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(contingents):
    return {
        "KEN": PersonnelFactory(contingent=contingents["KEN"], family_name="Kenyan"),
        "JAM": PersonnelFactory(contingent=contingents["JAM"], family_name="Jamaican"),
    }


LIST_EXPECTED = {
    "mission_admin": (200, {"Kenyan", "Jamaican"}),
    "hq_staff": (200, {"Kenyan", "Jamaican"}),
    "ken_commander": (200, {"Kenyan"}),
    "jam_commander": (200, {"Jamaican"}),
    "hnp_liaison": (404, None),
    "oversight_officer": (200, {"Kenyan", "Jamaican"}),
    "analyst": (404, None),
    "anonymous": (401, None),
}


@pytest.mark.parametrize("who", CAST)
def test_personnel_list(cast, api_as, people, who):
    status, names = LIST_EXPECTED[who]
    response = api_as(cast[who]).get("/api/v1/personnel/")
    assert response.status_code == status
    if names is not None:
        assert {row["family_name"] for row in response.json()["results"]} == names


READ_KENYAN = {
    "mission_admin": 200,
    "hq_staff": 200,
    "ken_commander": 200,
    "jam_commander": 404,
    "hnp_liaison": 404,
    "oversight_officer": 200,
    "analyst": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_reading_a_kenyan_officer(cast, api_as, people, who):
    kenyan = people["KEN"]
    response = api_as(cast[who]).get(f"/api/v1/personnel/{kenyan.pk}/")
    assert response.status_code == READ_KENYAN[who]
    reads = AuditEntry.objects.filter(action=AuditAction.READ, target_id=str(kenyan.pk))
    if READ_KENYAN[who] == 200:
        assert response.json()["service_number"] == kenyan.service_number
        assert list(reads.values_list("actor_username", flat=True)) == [who]
    else:
        assert not reads.exists()


EDIT_KENYAN = {
    "mission_admin": 200,
    "hq_staff": 200,
    "ken_commander": 200,
    "jam_commander": 404,
    "hnp_liaison": 404,
    "oversight_officer": 403,
    "analyst": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_editing_a_kenyan_officer(cast, api_as, people, who):
    kenyan = people["KEN"]
    response = api_as(cast[who]).patch(
        f"/api/v1/personnel/{kenyan.pk}/", {"rank": "Sergeant", "version": 1}, format="json"
    )
    assert response.status_code == EDIT_KENYAN[who]
    kenyan.refresh_from_db()
    if EDIT_KENYAN[who] == 200:
        assert (kenyan.rank, kenyan.version) == ("Sergeant", 2)
        entry = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(kenyan.pk))
        assert entry.actor_username == who and entry.changes["rank"] == ["Constable", "Sergeant"]
    else:
        assert (kenyan.rank, kenyan.version) == ("Constable", 1)
        assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


CREATE_KENYAN = {
    "mission_admin": 201,
    "hq_staff": 201,
    "ken_commander": 201,
    "jam_commander": 400,
    "hnp_liaison": 404,
    "oversight_officer": 403,
    "analyst": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_creating_a_kenyan_officer(cast, api_as, contingents, who):
    body = {
        "contingent": str(contingents["KEN"].pk),
        "service_number": "KE-1",
        "rank": "Constable",
        "given_name": "Invented",
        "family_name": "Person",
        "sex": "F",
        "date_of_birth": "1991-02-03",
        "languages": "en, sw",
    }
    response = api_as(cast[who]).post("/api/v1/personnel/", body, format="json")
    assert response.status_code == CREATE_KENYAN[who], response.content
    assert Personnel.objects.filter(service_number="KE-1").exists() == (CREATE_KENYAN[who] == 201)
    if who == "jam_commander":
        assert response.json()["errors"]["contingent"]


DELETE_KENYAN = {
    "mission_admin": 204,
    "hq_staff": 204,
    "ken_commander": 403,
    "jam_commander": 404,
    "hnp_liaison": 404,
    "oversight_officer": 403,
    "analyst": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_deleting_a_kenyan_officer(cast, api_as, people, who):
    kenyan = people["KEN"]
    response = api_as(cast[who]).delete(f"/api/v1/personnel/{kenyan.pk}/?version=1")
    assert response.status_code == DELETE_KENYAN[who]
    assert Personnel.objects.filter(pk=kenyan.pk).exists() == (DELETE_KENYAN[who] != 204)


def test_duplicate_service_number_is_refused(cast, api_as, people):
    body = {
        "contingent": str(people["KEN"].contingent_id),
        "service_number": people["KEN"].service_number,
        "rank": "Constable",
        "given_name": "A",
        "family_name": "B",
        "sex": "M",
        "date_of_birth": "1990-01-01",
    }
    response = api_as(cast["hq_staff"]).post("/api/v1/personnel/", body, format="json")
    assert response.status_code == 400
    assert Personnel.objects.count() == 2


def test_unit_of_another_contingent_is_refused(cast, api_as, people, contingents):
    jamaican_unit = UnitFactory(contingent=contingents["JAM"])
    response = api_as(cast["hq_staff"]).patch(
        f"/api/v1/personnel/{people['KEN'].pk}/",
        {"unit": str(jamaican_unit.pk), "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["unit"]


def test_stale_edit_is_409_and_changes_nothing(cast, api_as, people):
    kenyan = people["KEN"]
    client = api_as(cast["hq_staff"])
    assert (
        client.patch(
            f"/api/v1/personnel/{kenyan.pk}/", {"rank": "Corporal", "version": 1}, format="json"
        ).status_code
        == 200
    )
    stale = client.patch(
        f"/api/v1/personnel/{kenyan.pk}/", {"rank": "Inspector", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["errors"]["version"]
    kenyan.refresh_from_db()
    assert (kenyan.rank, kenyan.version) == ("Corporal", 2)


def test_audit_trail_shows_who_read_and_who_changed_a_person(cast, api_as, people):
    kenyan = people["KEN"]
    api_as(cast["oversight_officer"]).get(f"/api/v1/personnel/{kenyan.pk}/")
    api_as(cast["ken_commander"]).patch(
        f"/api/v1/personnel/{kenyan.pk}/", {"status": "injured", "version": 1}, format="json"
    )
    trail = api_as(cast["mission_admin"]).get(f"/api/v1/audit/?target={kenyan.pk}").json()
    seen = {(row["actor"], row["action"]) for row in trail["results"]}
    assert {("oversight_officer", "read"), ("ken_commander", "update")} <= seen


@pytest.mark.parametrize("path", ["/api/v1/personnel/", "/api/v1/deployments/"])
def test_list_query_count_is_constant(
    cast, api_as, contingents, path, django_assert_max_num_queries
):
    client = api_as(cast["hq_staff"])
    unit = UnitFactory(contingent=contingents["KEN"])
    for _ in range(3):
        DeploymentFactory(person__contingent=contingents["KEN"], person__unit=unit)
    client.get(path)  # warm the permission cache of the session
    with django_assert_max_num_queries(8) as few:
        assert client.get(path + "?page_size=500").status_code == 200
    for _ in range(40):
        DeploymentFactory(person__contingent=contingents["JAM"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(path + "?page_size=500")
    assert response.json()["count"] == 43


def test_personnel_filters_and_search(cast, api_as, people, contingents):
    client = api_as(cast["mission_admin"])
    assert client.get("/api/v1/personnel/?contingent=jam").json()["count"] == 1
    assert client.get("/api/v1/personnel/?q=kenyan").json()["count"] == 1
    number = people["JAM"].service_number
    assert client.get(f"/api/v1/personnel/?q={number}").json()["results"][0]["family_name"] == (
        "Jamaican"
    )
    assert client.get("/api/v1/personnel/?sex=F").json()["count"] == 0


DEPLOYMENT_READ = {
    "mission_admin": 200,
    "hq_staff": 200,
    "ken_commander": 200,
    "jam_commander": 404,
    "hnp_liaison": 404,
    "oversight_officer": 200,
    "analyst": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_deployment_of_a_kenyan_officer(cast, api_as, people, who):
    deployment = DeploymentFactory(person=people["KEN"])
    client = api_as(cast[who])
    assert client.get(f"/api/v1/deployments/{deployment.pk}/").status_code == (DEPLOYMENT_READ[who])
    response = client.patch(
        f"/api/v1/deployments/{deployment.pk}/",
        {"actual_end": "2025-06-30", "end_reason": "end_of_tour", "version": 1},
        format="json",
    )
    writers = {"mission_admin", "hq_staff", "ken_commander"}
    expected = 200 if who in writers else (403 if who == "oversight_officer" else None)
    assert response.status_code == (expected or DEPLOYMENT_READ[who])
    deployment.refresh_from_db()
    assert (deployment.actual_end is not None) == (who in writers)


def test_commander_cannot_deploy_another_contingents_officer(cast, api_as, people):
    response = api_as(cast["jam_commander"]).post(
        "/api/v1/deployments/",
        {"person": str(people["KEN"].pk), "arrival_date": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()["errors"]
    assert not Deployment.objects.exists()


def test_deployments_may_not_overlap(cast, api_as, people):
    DeploymentFactory(person=people["KEN"], arrival_date="2024-06-25")
    response = api_as(cast["hq_staff"]).post(
        "/api/v1/deployments/",
        {"person": str(people["KEN"].pk), "arrival_date": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert Deployment.objects.count() == 1
