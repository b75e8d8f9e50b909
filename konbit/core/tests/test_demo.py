import io

import pytest
from django.core.management import CommandError, call_command

from konbit.accounts.models import User
from konbit.core.models import AuditEntry
from konbit.forces.membership import contingent_id_of
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
    # The demo's commanders belong to their contingents (kept by forces).
    for username, iso3 in (("ken.commander", "KEN"), ("jam.commander", "JAM")):
        user = User.objects.get(username=username)
        assert contingent_id_of(user) == Contingent.objects.get(country__iso3=iso3).pk
    assert contingent_id_of(User.objects.get(username="hq")) is None
    assert (tmp_path / "demo-login.txt").stat().st_mode & 0o077 == 0


def test_load_demo_is_refused_in_production(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert Mandate.objects.count() == 0
    assert not (tmp_path / "demo-login.txt").exists()


def test_forced_load_in_production_creates_no_user_with_the_shared_password(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PRODUCTION = True
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert Mandate.objects.filter(resolution="2793 (2025)").exists()
    assert not User.objects.filter(username__in=["admin", "hq", "analyst"]).exists()
    assert not (tmp_path / "demo-login.txt").exists()
    assert "no demo user in production" in out.getvalue()
