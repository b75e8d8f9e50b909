"""The demo's strength figures come out of its deployment records (DOMAIN.md 2.3)."""

import datetime as dt
import io

import pytest

from konbit.accounts.services import system_user
from konbit.core.models import AuditAction, AuditEntry, ImportRun
from konbit.forces import demo
from konbit.forces.models import Deployment, DeploymentWave, Personnel
from konbit.forces.strength import strength_on, strength_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded():
    actor = system_user()
    demo.load(actor=actor, out=io.StringIO())
    return actor


def by_iso3(figures):
    return {row["iso3"]: row["count"] for row in figures["by_contingent"]}


def test_strength_on_4_january_2025_is_590(demo_loaded):
    figures = strength_on(dt.date(2025, 1, 4), demo_loaded)
    assert figures["total"] == 590
    assert by_iso3(figures) == {
        "KEN": 400,
        "GTM": 150,
        "JAM": 24,
        "SLV": 8,
        "BHS": 6,
        "BLZ": 2,
    }
    assert figures["authorized_ceiling"] is None
    assert figures["planning_figure"] == 2500
    assert sum(row["count"] for row in figures["by_sex"]) == 590
    assert sum(row["count"] for row in figures["by_unit"]) == 590
    assert sum(row["count"] for row in figures["by_specialty"]) == 590


def test_kenya_grows_by_217_then_144(demo_loaded):
    before = by_iso3(strength_on(dt.date(2025, 1, 17), demo_loaded))["KEN"]
    after = by_iso3(strength_on(dt.date(2025, 1, 18), demo_loaded))["KEN"]
    assert after - before == 217
    swat = by_iso3(strength_on(dt.date(2025, 2, 6), demo_loaded))["KEN"]
    assert swat - after == 144
    assert by_iso3(strength_on(dt.date(2024, 6, 25), demo_loaded)) == {"KEN": 200}
    assert strength_on(dt.date(2024, 6, 24), demo_loaded)["total"] == 0


def test_rotation_overlap_then_relief(demo_loaded):
    figures = strength_on(dt.date(2025, 12, 10), demo_loaded)
    assert by_iso3(figures)["KEN"] == 761 + 230
    assert figures["authorized_ceiling"] == 5550
    assert by_iso3(strength_on(dt.date(2025, 12, 15), demo_loaded))["KEN"] == 761 + 230 - 200


def test_bahamas_date_is_assumed_and_flagged(demo_loaded):
    wave = DeploymentWave.objects.get(contingent__country__iso3="BHS")
    assert wave.assumed_date is True
    assert wave.count_announced == 6
    assert not DeploymentWave.objects.exclude(contingent__country__iso3="BHS").filter(
        assumed_date=True
    )


def test_demo_people_look_invented(demo_loaded):
    assert Personnel.objects.exclude(service_number__startswith="DEMO-").count() == 0
    assert (
        Personnel.objects.filter(family_name__startswith="Demo-").count()
        == Personnel.objects.count()
    )
    swat = Personnel.objects.filter(unit__name="Lioness Commandos SWAT team")
    assert swat.count() == 44 and set(swat.values_list("sex", flat=True)) == {"F"}


def test_demo_is_one_import_and_idempotent(demo_loaded):
    imports = AuditEntry.objects.filter(action=AuditAction.IMPORT, domain="forces")
    assert imports.count() == 1
    assert ImportRun.objects.get(kind="forces_demo").created == Personnel.objects.count()
    counts = (AuditEntry.objects.count(), Personnel.objects.count(), Deployment.objects.count())
    demo.load(actor=demo_loaded, out=io.StringIO())
    assert (
        AuditEntry.objects.count(),
        Personnel.objects.count(),
        Deployment.objects.count(),
    ) == counts


def test_strength_series_matches_strength_on(demo_loaded, django_assert_max_num_queries):
    demo_loaded.has_perm("forces.view_strength")  # the permission cache, once a request
    with django_assert_max_num_queries(4):
        series = strength_series(dt.date(2024, 6, 1), dt.date(2025, 2, 28), 7, demo_loaded)
    for i, day in enumerate(series["dates"]):
        assert series["total"][i] == strength_on(dt.date.fromisoformat(day), demo_loaded)["total"]
    assert series["dates"][-1] == "2025-02-28"


def test_strength_on_is_a_constant_number_of_queries(demo_loaded, django_assert_num_queries):
    demo_loaded.has_perm("forces.view_strength")
    with django_assert_num_queries(2):
        strength_on(dt.date(2025, 1, 4), demo_loaded)
