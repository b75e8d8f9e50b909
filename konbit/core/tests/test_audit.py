import pytest
from django.db import DatabaseError, connection, transaction

from konbit.core import audit
from konbit.core.exceptions import DomainError, StaleVersion
from konbit.core.models import AuditEntry
from konbit.core.services import record_create, record_delete, record_update, record_upsert
from konbit.forces.models import Mandate
from konbit.forces.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_audited_field_by_field(cast):
    admin = cast["mission_admin"]
    mandate = record_create(
        actor=admin,
        model=Mandate,
        data={"resolution": "9999 (2030)", "adopted_on": "2030-01-01", "starts_on": "2030-01-02"},
    )
    created = AuditEntry.objects.get(target_id=str(mandate.pk), action="create")
    assert created.actor == admin
    assert created.changes["resolution"] == [None, "9999 (2030)"]

    mandate = record_update(
        actor=admin, instance=mandate, data={"authorized_ceiling": 5550}, version=1
    )
    assert mandate.version == 2
    updated = AuditEntry.objects.get(target_id=str(mandate.pk), action="update")
    assert updated.changes == {"authorized_ceiling": [None, 5550]}

    record_delete(actor=admin, instance=mandate, version=2)
    deleted = AuditEntry.objects.get(target_id=str(mandate.pk), action="delete")
    assert deleted.changes["authorized_ceiling"] == [5550, None]
    assert not Mandate.objects.filter(pk=mandate.pk).exists()


def test_stale_version_is_refused_and_changes_nothing(cast):
    mandate = MandateFactory(title="before")
    record_update(actor=cast["hq_staff"], instance=mandate, data={"title": "first"}, version=1)
    entries = AuditEntry.objects.count()
    with pytest.raises(StaleVersion):
        record_update(actor=cast["hq_staff"], instance=mandate, data={"title": "second"}, version=1)
    mandate.refresh_from_db()
    assert (mandate.title, mandate.version) == ("first", 2)
    assert AuditEntry.objects.count() == entries


def test_missing_version_is_refused(cast):
    mandate = MandateFactory()
    with pytest.raises(DomainError) as refused:
        record_update(actor=cast["hq_staff"], instance=mandate, data={"title": "x"}, version=None)
    assert "version" in refused.value.errors


def test_invalid_data_names_the_field_and_writes_nothing(cast):
    with pytest.raises(DomainError) as refused:
        record_create(
            actor=cast["hq_staff"],
            model=Mandate,
            data={"resolution": "", "adopted_on": "2030-01-01", "starts_on": "2030-01-02"},
        )
    assert "resolution" in refused.value.errors
    assert not Mandate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_unchanged_update_writes_nothing(cast):
    mandate = MandateFactory(title="same")
    record_update(actor=cast["hq_staff"], instance=mandate, data={"title": "same"}, version=1)
    mandate.refresh_from_db()
    assert mandate.version == 1
    assert not AuditEntry.objects.exists()


def test_upsert_twice_is_a_no_op(cast):
    data = {"adopted_on": "2030-01-01", "starts_on": "2030-01-02", "title": "t"}
    _, first = record_upsert(
        actor=cast["hq_staff"], model=Mandate, lookup={"resolution": "1 (2030)"}, data=data
    )
    count = AuditEntry.objects.count()
    _, second = record_upsert(
        actor=cast["hq_staff"], model=Mandate, lookup={"resolution": "1 (2030)"}, data=data
    )
    assert (first, second) == ("created", "unchanged")
    assert AuditEntry.objects.count() == count


def test_audit_trail_is_append_only(cast):
    entry = audit.record(actor=cast["hq_staff"], action="other", domain="core")
    entry.detail = "tampered"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="tampered")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


def test_database_refuses_audit_updates(cast):
    entry = audit.record(actor=cast["hq_staff"], action="other", domain="core")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET detail = %s WHERE id = %s", ["tampered", entry.pk]
        )
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


def test_database_refuses_audit_deletes_on_both_engines(cast):
    entry = audit.record(actor=cast["hq_staff"], action="other", domain="core")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_trail_and_keeps_it_append_only(cast):
    """The flush between transactional tests may empty the trail; nothing else may."""
    from django.core.management import call_command

    audit.record(actor=cast["hq_staff"], action="other", domain="core")
    call_command("flush", "--noinput", verbosity=0)
    assert AuditEntry.objects.count() == 0
    from konbit.accounts.tests.factories import UserFactory

    entry = audit.record(actor=UserFactory(), action="other", domain="core")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
