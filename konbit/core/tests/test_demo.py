import io

import pytest
from django.core.management import call_command

from konbit.accounts.models import User
from konbit.core.models import AuditEntry
from konbit.forces.models import Contingent, Mandate

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    counts = (AuditEntry.objects.count(), User.objects.count(), Mandate.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (AuditEntry.objects.count(), User.objects.count(), Mandate.objects.count()) == counts
    assert Mandate.objects.get(resolution="2793 (2025)").authorized_ceiling == 5550
    assert Mandate.objects.get(resolution="2699 (2023)").authorized_ceiling is None
    assert Contingent.objects.get(is_lead_nation=True).country.iso3 == "KEN"
    assert (tmp_path / "demo-login.txt").stat().st_mode & 0o077 == 0
