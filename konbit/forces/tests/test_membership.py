"""The contingent a user belongs to: kept by forces, read through one accessor, set
through accounts' user creation without accounts knowing forces."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from konbit.accounts import affiliations
from konbit.accounts.models import User
from konbit.accounts.services import user_create
from konbit.accounts.tests.factories import UserFactory
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditEntry
from konbit.forces.membership import contingent_code_of, contingent_id_of
from konbit.forces.models import ContingentMembership
from konbit.forces.services import membership_set

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"


def test_the_accessor_reads_once_a_request(cast, contingents, django_assert_num_queries):
    commander = User.objects.get(username="ken_commander")  # a fresh object: nothing kept
    with django_assert_num_queries(1):
        assert contingent_id_of(commander) == contingents["KEN"].pk
        assert contingent_id_of(commander) == contingents["KEN"].pk
    analyst = User.objects.get(username="analyst")
    with django_assert_num_queries(1):
        assert contingent_id_of(analyst) is None
        assert contingent_id_of(analyst) is None
    with django_assert_num_queries(0):
        assert contingent_id_of(None) is None
        assert contingent_id_of(cast["anonymous"]) is None


def test_the_code_answers_the_accessor_too(cast, django_assert_num_queries):
    commander = User.objects.get(username="jam_commander")
    with django_assert_num_queries(1):
        assert contingent_code_of(commander) == "JAM"
        assert contingent_id_of(commander) is not None
    assert contingent_code_of(User.objects.get(username="hq_staff")) is None


def test_membership_set_is_audited_and_forgets_what_was_kept(cast, contingents):
    admin, user = cast["mission_admin"], UserFactory(username="moved")
    assert contingent_id_of(user) is None

    membership = membership_set(actor=admin, user=user, contingent=contingents["KEN"])
    assert contingent_id_of(user) == contingents["KEN"].pk
    created = AuditEntry.objects.get(target_id=str(membership.pk), action="create")
    assert created.domain == "forces"
    assert created.actor == admin
    assert created.changes["contingent"] == [None, str(contingents["KEN"].pk)]

    membership_set(actor=admin, user=user, contingent=contingents["JAM"])
    assert contingent_id_of(user) == contingents["JAM"].pk
    updated = AuditEntry.objects.get(target_id=str(membership.pk), action="update")
    assert updated.changes == {
        "contingent": [str(contingents["KEN"].pk), str(contingents["JAM"].pk)]
    }

    entries = AuditEntry.objects.count()
    membership_set(actor=admin, user=user, contingent=contingents["JAM"])
    assert AuditEntry.objects.count() == entries  # nothing changed, nothing written

    membership_set(actor=admin, user=user, contingent=None)
    assert contingent_id_of(user) is None
    assert not ContingentMembership.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(target_id=str(membership.pk), action="delete").exists()


def test_forces_registers_the_contingent_with_accounts():
    contingent = affiliations.get("contingent")
    assert contingent is not None
    assert "contingent_commander" in contingent.required_for
    assert [a.name for a in affiliations.registered()] == ["contingent"]


def test_user_create_completes_a_commander_with_their_contingent(cast, contingents):
    user = user_create(
        actor=cast["mission_admin"],
        username="otieno",
        password=PASSWORD,
        role="contingent_commander",
        affiliations={"contingent": " ken "},
    )
    assert contingent_id_of(User.objects.get(pk=user.pk)) == contingents["KEN"].pk
    membership = ContingentMembership.objects.get(user=user)
    assert membership.created_by == cast["mission_admin"]
    assert AuditEntry.objects.filter(target_id=str(membership.pk), action="create").exists()


@pytest.mark.parametrize(
    ("role", "given", "field", "message"),
    [
        ("contingent_commander", {}, "contingent", "must belong to a contingent"),
        ("contingent_commander", {"contingent": ""}, "contingent", "must belong to a contingent"),
        ("analyst", {"contingent": "FRA"}, "contingent", "no contingent for country FRA"),
        ("analyst", {"battalion": "X"}, "battalion", "do not belong to a battalion"),
    ],
)
def test_user_create_refuses_a_missing_or_unknown_affiliation(
    cast, contingents, role, given, field, message
):
    users, entries = User.objects.count(), AuditEntry.objects.count()
    with pytest.raises(DomainError, match=message) as refused:
        user_create(
            actor=cast["mission_admin"],
            username="x",
            password=PASSWORD,
            role=role,
            affiliations=given,
        )
    assert list(refused.value.errors) == [field]
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, entries)
    assert not ContingentMembership.objects.filter(user__username="x").exists()


def test_a_user_of_any_role_may_belong_to_a_contingent(cast, contingents):
    user = user_create(
        actor=cast["mission_admin"],
        username="liaison2",
        password=PASSWORD,
        role="hnp_liaison",
        affiliations={"contingent": "JAM"},
    )
    assert contingent_code_of(user) == "JAM"


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_users_contingents_over_and_back(contingents):
    """forces 0003 copies accounts_user.contingent_id into the membership table before
    accounts 0004 drops the column, and copies it back when both are reversed."""
    before = [
        ("accounts", "0002_user_contingent_and_groups"),
        ("forces", "0002_units_personnel_deployments_obligations"),
    ]
    after = [("accounts", "0004_remove_user_contingent"), ("forces", "0003_contingent_membership")]
    kenya, jamaica = contingents["KEN"].pk, contingents["JAM"].pk
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        OldUser = old.get_model("accounts", "User")
        OldUser.objects.create(username="kamau", password="!", contingent_id=kenya)
        OldUser.objects.create(username="brown", password="!", contingent_id=jamaica)
        OldUser.objects.create(username="hq", password="!")

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        Membership = new.get_model("forces", "ContingentMembership")
        assert dict(Membership.objects.values_list("user__username", "contingent_id")) == {
            "kamau": kenya,
            "brown": jamaica,
        }

        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        assert dict(
            old.get_model("accounts", "User").objects.values_list("username", "contingent_id")
        ) == {"kamau": kenya, "brown": jamaica, "hq": None}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
