"""The demo's 34th class: 747 enrolled, 739 graduated (526 men, 213 women), by API
and page; loading it again changes nothing."""

import io

import pytest

from konbit.accounts.services import system_user
from konbit.core.models import AuditEntry
from konbit.forces import demo as forces_demo
from konbit.training import demo
from konbit.training.models import Cohort, Enrolment, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    actor = system_user()
    forces_demo.load(actor=actor, out=io.StringIO())
    demo.load(actor=actor, out=io.StringIO())
    return Cohort.objects.get(name=demo.COHORT_NAME)


def test_the_34th_class_by_api(cast, api_as, loaded):
    row = api_as(cast["analyst"]).get(f"/api/v1/training-cohorts/{loaded.pk}/").json()
    assert row["enrolled"] == 747
    assert row["graduated"] == 739
    assert row["graduated_by_sex"] == {"female": 213, "male": 526}
    assert row["starts_on"] == "2024-08-27" and row["graduation_on"] == "2025-01-10"
    reasons = set(
        Enrolment.objects.filter(status="withdrawn").values_list("withdrawal_reason", flat=True)
    )
    assert reasons == {"dropped_out", "dismissed", "deceased"}


def test_the_34th_class_page(cast, client_as, loaded):
    page = client_as(cast["analyst"]).get(f"/training/cohorts/{loaded.pk}/").content.decode()
    assert "747" in page and "739" in page and "526" in page and "213" in page
    # The analyst reads figures, never a cadet.
    assert "Demo-Cadet" not in page


def test_demo_cadets_look_invented_and_loading_again_changes_nothing(loaded):
    trainees = Trainee.objects.all()
    assert trainees.count() == 747
    assert not trainees.exclude(registration_number__startswith="DEMO-").exists()
    assert not trainees.exclude(family_name__startswith="Demo-").exists()
    entries = AuditEntry.objects.count()
    out = io.StringIO()
    demo.load(actor=system_user(), out=out)
    assert "0 demo cadets created" in out.getvalue()
    assert AuditEntry.objects.count() == entries
    assert Trainee.objects.count() == 747
