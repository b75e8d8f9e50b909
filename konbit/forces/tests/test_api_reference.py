"""Contingents, units, waves, rotations, obligations and the strength over the API."""

import datetime as dt
import io

import pytest

from konbit.accounts.services import system_user
from konbit.accounts.tests.cast import CAST
from konbit.forces import demo
from konbit.forces.models import Contingent, ReportingObligation, Unit
from konbit.forces.tests.factories import MandateFactory, UnitFactory, WaveFactory

pytestmark = pytest.mark.django_db

HQ = {"mission_admin", "hq_staff"}

READ_PATHS = [
    "/api/v1/contingents/",
    "/api/v1/units/",
    "/api/v1/deployment-waves/",
    "/api/v1/rotations/",
    "/api/v1/reporting-obligations/",
    "/api/v1/mandates/",
    "/api/v1/strength/",
    "/api/v1/strength/series/?start=2024-06-01&end=2024-12-31",
]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("path", READ_PATHS)
def test_every_role_reads_the_aggregates_and_reference(cast, api_as, path, who):
    response = api_as(cast[who]).get(path)
    assert response.status_code == (401 if who == "anonymous" else 200)


@pytest.mark.parametrize("who", CAST)
def test_creating_a_contingent(cast, api_as, who):
    response = api_as(cast[who]).post(
        "/api/v1/contingents/", {"iso3": "GTM", "name": "Guatemala contingent"}, format="json"
    )
    expected = 201 if who in HQ else (401 if who == "anonymous" else 403)
    assert response.status_code == expected
    assert Contingent.objects.filter(country__iso3="GTM").exists() == (expected == 201)


def test_contingent_needs_an_iso_3166_country(cast, api_as):
    client = api_as(cast["hq_staff"])
    response = client.post("/api/v1/contingents/", {"iso3": "ZZZ", "name": "Z"}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["iso3"]
    again = client.post("/api/v1/contingents/", {"iso3": "KEN", "name": "K"}, format="json")
    assert again.status_code == 400 and again.json()["errors"]["iso3"]


def test_commander_records_the_contingent_commander_name(cast, api_as, contingents):
    kenya = contingents["KEN"]
    response = api_as(cast["hq_staff"]).patch(
        f"/api/v1/contingents/{kenya.pk}/",
        {"commander": "Invented Name, Senior Superintendent", "version": 1},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["commander"].startswith("Invented Name")


UNIT_EDIT = {
    "mission_admin": 200,
    "hq_staff": 200,
    "ken_commander": 200,
    "jam_commander": 403,
    "hnp_liaison": 403,
    "oversight_officer": 403,
    "analyst": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_editing_a_kenyan_unit(cast, api_as, contingents, who):
    unit = UnitFactory(contingent=contingents["KEN"], name="Rapid Deployment Unit")
    response = api_as(cast[who]).patch(
        f"/api/v1/units/{unit.pk}/", {"description": "changed", "version": 1}, format="json"
    )
    assert response.status_code == UNIT_EDIT[who]
    unit.refresh_from_db()
    assert (unit.description == "changed") == (UNIT_EDIT[who] == 200)


def test_commander_cannot_create_a_unit_in_another_contingent(cast, api_as, contingents):
    response = api_as(cast["ken_commander"]).post(
        "/api/v1/units/",
        {"contingent": str(contingents["JAM"].pk), "name": "X", "unit_type": "other"},
        format="json",
    )
    assert response.status_code == 400
    assert not Unit.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_creating_a_wave(cast, api_as, contingents, who):
    body = {"contingent": str(contingents["KEN"].pk), "arrival_date": "2025-01-18",
            "count_announced": 217}  # fmt: skip
    response = api_as(cast[who]).post("/api/v1/deployment-waves/", body, format="json")
    expected = 201 if who in HQ else (401 if who == "anonymous" else 403)
    assert response.status_code == expected


def test_rotation_relieves_an_earlier_wave_of_the_same_contingent(cast, api_as, contingents):
    old = WaveFactory(contingent=contingents["KEN"], arrival_date=dt.date(2024, 6, 25))
    new = WaveFactory(contingent=contingents["KEN"], arrival_date=dt.date(2025, 12, 8))
    other = WaveFactory(contingent=contingents["JAM"], arrival_date=dt.date(2024, 9, 12))
    client = api_as(cast["hq_staff"])
    body = {"incoming_wave": str(new.pk), "outgoing_wave": str(other.pk),
            "overlap_start": "2025-12-08", "overlap_end": "2025-12-15"}  # fmt: skip
    assert client.post("/api/v1/rotations/", body, format="json").status_code == 400
    body["outgoing_wave"] = str(old.pk)
    assert client.post("/api/v1/rotations/", body, format="json").status_code == 201


def test_periodic_obligation_needs_its_interval(cast, api_as):
    mandate = MandateFactory()
    body = {"mandate": str(mandate.pk), "title": "Quarterly", "reporting_party": "lead_nation",
            "addressee": "security_council", "trigger": "periodic"}  # fmt: skip
    client = api_as(cast["hq_staff"])
    assert client.post("/api/v1/reporting-obligations/", body, format="json").status_code == 400
    body["interval_days"] = 90
    body["content_sections"] = ["personnel deployed"]
    assert client.post("/api/v1/reporting-obligations/", body, format="json").status_code == 201
    assert ReportingObligation.objects.get().content_sections == ["personnel deployed"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/contingents/",
        "/api/v1/units/",
        "/api/v1/deployment-waves/",
        "/api/v1/reporting-obligations/",
        "/api/v1/rotations/",
    ],
)
def test_reference_lists_run_a_constant_number_of_queries(
    cast, api_as, contingents, path, django_assert_max_num_queries
):
    actor = system_user()
    demo.load(actor=actor, out=io.StringIO())
    client = api_as(cast["analyst"])
    client.get(path)
    with django_assert_max_num_queries(6):
        assert client.get(path + "?page_size=1").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(path + "?page_size=500").status_code == 200


def test_strength_over_the_api_from_the_demo(cast, api_as):
    demo.load(actor=system_user(), out=io.StringIO())
    client = api_as(cast["hnp_liaison"])
    body = client.get("/api/v1/strength/?date=2025-01-04").json()
    assert set(body) == {
        "date",
        "total",
        "authorized_ceiling",
        "planning_figure",
        "by_contingent",
        "by_unit",
        "by_sex",
        "by_specialty",
    }
    assert body["total"] == 590 and body["date"] == "2025-01-04"
    assert {row["iso3"]: row["count"] for row in body["by_contingent"]} == {
        "KEN": 400, "GTM": 150, "JAM": 24, "SLV": 8, "BHS": 6, "BLZ": 2,
    }  # fmt: skip
    assert body["by_contingent"][0] == {"iso3": "KEN", "name": "Kenya", "count": 400}
    assert body["authorized_ceiling"] is None and body["planning_figure"] == 2500
    later = client.get("/api/v1/strength/?date=2025-10-15").json()
    assert later["authorized_ceiling"] == 5550
    jump = client.get("/api/v1/strength/?date=2025-01-18").json()
    assert jump["total"] - body["total"] == 217


@pytest.mark.parametrize("bad", ["2025-13-01", "04/01/2025", "yesterday"])
def test_strength_bad_date_is_400_with_the_field(cast, api_as, bad):
    response = api_as(cast["analyst"]).get(f"/api/v1/strength/?date={bad}")
    assert response.status_code == 400
    assert response.json()["errors"]["date"]


def test_strength_defaults_to_today(cast, api_as):
    body = api_as(cast["analyst"]).get("/api/v1/strength/").json()
    assert body["date"] == dt.date.today().isoformat()


@pytest.mark.parametrize(
    "query,field",
    [("start=2025-02-01&end=2025-01-01", "end"), ("step=0", "step"), ("step=x", "step"),
     ("start=2000-01-01&step=1", "step"), ("end=nope", "end")],
)  # fmt: skip
def test_strength_series_bad_parameters(cast, api_as, query, field):
    response = api_as(cast["analyst"]).get(f"/api/v1/strength/series/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][field]


def _mandate_body():
    return {"resolution": "9999 (2030)", "adopted_on": "2030-01-01", "starts_on": "2030-01-02"}


def _obligation_body():
    return {"mandate": str(MandateFactory().pk), "title": "Urgent measures",
            "reporting_party": "mss_leadership", "addressee": "security_council",
            "trigger": "event", "event": "An arrest"}  # fmt: skip


def _rotation_body(contingents):
    old = WaveFactory(contingent=contingents["KEN"], arrival_date=dt.date(2024, 6, 25))
    new = WaveFactory(contingent=contingents["KEN"], arrival_date=dt.date(2025, 12, 8))
    return {"incoming_wave": str(new.pk), "outgoing_wave": str(old.pk),
            "overlap_start": "2025-12-08", "overlap_end": "2025-12-15"}  # fmt: skip


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("kind", ["mandates", "reporting-obligations", "rotations"])
def test_hq_writes_the_reference_records(cast, api_as, contingents, kind, who):
    from konbit.forces.models import Mandate, Rotation

    body = {
        "mandates": _mandate_body,
        "reporting-obligations": _obligation_body,
        "rotations": lambda: _rotation_body(contingents),
    }[kind]()
    counts = (
        Mandate.objects.count(),
        ReportingObligation.objects.count(),
        Rotation.objects.count(),
    )
    response = api_as(cast[who]).post(f"/api/v1/{kind}/", body, format="json")
    expected = 201 if who in HQ else (401 if who == "anonymous" else 403)
    assert response.status_code == expected, response.content
    after = (Mandate.objects.count(), ReportingObligation.objects.count(), Rotation.objects.count())
    assert (after != counts) == (expected == 201)
