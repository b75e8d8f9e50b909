import io

import pytest
from django.core.management import CommandError, call_command

from konbit.accounts.models import User
from konbit.core.models import AuditEntry
from konbit.forces.membership import contingent_id_of

pytestmark = pytest.mark.django_db

GOOD = "a long enough passphrase\n"


def _adduser(*args, stdin=GOOD):
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    out = io.StringIO()
    try:
        call_command("adduser", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def test_adduser_creates_a_user_with_a_role_and_contingent(contingents):
    out = _adduser("kamau", "--role", "contingent_commander", "--contingent", "ken")
    user = User.objects.get(username="kamau")
    assert "Created kamau" in out
    assert contingent_id_of(user) == contingents["KEN"].pk
    assert list(user.groups.values_list("name", flat=True)) == ["contingent_commander"]
    assert user.check_password("a long enough passphrase")
    entry = AuditEntry.objects.get(target_id=str(user.pk))
    assert entry.actor_username == "system"
    assert "password" not in entry.changes


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["x", "--role", "general"], GOOD, "Unknown role general"),
        (["x", "--role", "contingent_commander"], GOOD, "must belong to a contingent"),
        (["x", "--role", "analyst", "--contingent", "FRA"], GOOD, "no contingent for country FRA"),
        (["x", "--role", "analyst"], "short\n", "too short"),
        (["x", "--role", "analyst"], "", "standard input"),
        (["x", "--role", "analyst", "--as", "ghost"], GOOD, "no active user named ghost"),
    ],
)
def test_adduser_refuses_bad_input_and_writes_nothing(contingents, args, stdin, message):
    with pytest.raises(CommandError, match=message):
        _adduser(*args, stdin=stdin)
    assert not User.objects.filter(username="x").exists()


def test_adduser_refuses_a_duplicate(contingents):
    _adduser("kamau", "--role", "analyst")
    with pytest.raises(CommandError, match="already exists"):
        _adduser("KAMAU", "--role", "analyst")
