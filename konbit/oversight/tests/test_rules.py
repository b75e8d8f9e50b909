"""The complaint's rules: reference codes, the status moves allowed and refused, the
append-only history, a child victim never minor, and the database's constraints."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from konbit.core.exceptions import DomainError, StaleVersion
from konbit.core.models import AuditEntry
from konbit.oversight import services
from konbit.oversight.models import (
    CODE_PATTERN,
    Complaint,
    PublicStatus,
    StatusChange,
    new_reference,
    normalize_reference,
)
from konbit.oversight.tests.factories import make_complaint, officer

pytestmark = pytest.mark.django_db


def test_reference_codes_are_unambiguous_random_and_unique(contingents: Any) -> None:
    codes = {new_reference() for _ in range(2000)}
    assert len(codes) == 2000  # random, no repeat in 2000 draws
    for code in codes:
        assert re.match(CODE_PATTERN, code), code
        assert not set(code[4:]) & set("01ILOUV")  # nothing to misread
    one, two = make_complaint(), make_complaint()
    assert one.reference != two.reference
    assert re.match(CODE_PATTERN, one.reference)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=two.pk).update(reference=one.reference)


def test_a_typed_code_is_read_in_its_written_form() -> None:
    assert normalize_reference(" crm 7k2p q9xm ") == "CRM-7K2P-Q9XM"
    assert normalize_reference("7K2PQ9XM") == "CRM-7K2P-Q9XM"
    assert normalize_reference("CRM-7K2P") == ""


def test_a_new_complaint_is_received_with_its_first_history_entry(contingents: Any) -> None:
    complaint = make_complaint(contingents["KEN"])
    assert complaint.status == "received"
    assert complaint.public_status == PublicStatus.RECEIVED
    entries = list(complaint.history.values_list("status", flat=True))
    assert entries == ["received"]
    assert AuditEntry.objects.filter(target_id=str(complaint.pk), domain="oversight").exists()


def test_the_status_moves_along_the_allowed_path(contingents: Any) -> None:
    complaint = make_complaint()
    actor = officer()
    referral = {
        "referred_to": "ohchr",
        "referred_to_whom": "OHCHR Haiti",
        "referred_reference": "X",
    }
    path = [("assessment", {}), ("referred", referral), ("substantiated", {})]
    for status, extra in path:
        services.complaint_change_status(
            actor=actor, complaint=complaint, status=status, version=complaint.version, **extra
        )
        complaint.refresh_from_db()
        assert complaint.status == status
    assert complaint.public_status == PublicStatus.CLOSED
    history = list(complaint.history.order_by("changed_at", "created_at"))
    assert [h.status for h in history] == ["received", "assessment", "referred", "substantiated"]
    assert history[2].referred_to_whom == "OHCHR Haiti"
    assert all(h.created_by == actor for h in history)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ([], "investigation"),  # received -> investigation skips the assessment
        ([], "substantiated"),
        (["assessment", "investigation"], "not_receivable"),
        ([], "received"),
        ([], "nonsense"),
    ],
)
def test_a_move_not_allowed_is_refused_and_writes_nothing(
    contingents: Any, start: list[str], to: str
) -> None:
    complaint = make_complaint()
    actor = officer()
    for status in start:
        services.complaint_change_status(
            actor=actor, complaint=complaint, status=status, version=complaint.version
        )
        complaint.refresh_from_db()
    before = (complaint.version, StatusChange.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as refused:
        services.complaint_change_status(
            actor=actor, complaint=complaint, status=to, version=complaint.version
        )
    assert "status" in refused.value.errors
    complaint.refresh_from_db()
    assert (complaint.version, StatusChange.objects.count(), AuditEntry.objects.count()) == before


def test_a_referral_names_to_whom_and_only_a_referral_does(contingents: Any) -> None:
    complaint = make_complaint()
    actor = officer()
    services.complaint_change_status(
        actor=actor, complaint=complaint, status="assessment", version=complaint.version
    )
    complaint.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.complaint_change_status(
            actor=actor, complaint=complaint, status="referred", version=complaint.version
        )
    assert set(refused.value.errors) == {"referred_to", "referred_to_whom"}
    with pytest.raises(DomainError) as refused:
        services.complaint_change_status(
            actor=actor,
            complaint=complaint,
            status="investigation",
            version=complaint.version,
            referred_to="tcc",
        )
    assert "referred_to" in refused.value.errors
    # The database keeps the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            complaint=complaint, status="referred", changed_at=timezone.now()
        )


def test_reopening_a_closed_complaint_is_a_new_entry_with_its_reason(contingents: Any) -> None:
    complaint = make_complaint()
    actor = officer()
    for status in ("assessment", "unsubstantiated"):
        services.complaint_change_status(
            actor=actor, complaint=complaint, status=status, version=complaint.version
        )
        complaint.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.complaint_change_status(
            actor=actor, complaint=complaint, status="assessment", version=complaint.version
        )
    assert "note" in refused.value.errors
    services.complaint_change_status(
        actor=actor,
        complaint=complaint,
        status="assessment",
        version=complaint.version,
        note="A new witness came forward.",
    )
    assert complaint.history.count() == 4  # nothing deleted, the correction appended


def test_dates_of_a_move_are_not_in_the_future_nor_before_the_last(contingents: Any) -> None:
    complaint = make_complaint()
    actor = officer()
    for when in (timezone.now() + dt.timedelta(days=2), complaint.received_at - dt.timedelta(1)):
        with pytest.raises(DomainError) as refused:
            services.complaint_change_status(
                actor=actor,
                complaint=complaint,
                status="assessment",
                version=complaint.version,
                changed_at=when,
            )
        assert "changed_at" in refused.value.errors


def test_a_stale_version_is_refused(contingents: Any) -> None:
    complaint = make_complaint()
    with pytest.raises(StaleVersion):
        services.complaint_change_status(
            actor=officer(), complaint=complaint, status="assessment", version=complaint.version + 1
        )
    assert complaint.history.count() == 1


def test_a_child_victim_makes_minor_misconduct_serious(contingents: Any) -> None:
    complaint = make_complaint(category="minor", nature="conduct", victim_age_group="child")
    assert complaint.category == "serious"
    sea = make_complaint(category="sea", nature="sea", victim_age_group="child")
    assert sea.category == "sea"  # SEA with a child victim stays SEA (serious by nature)
    # Changing the victim's age group on a minor complaint upgrades it too.
    minor = make_complaint(category="minor", nature="conduct")
    minor = services.complaint_update(
        actor=officer(), complaint=minor, data={"victim_age_group": "child"}, version=1
    )
    assert minor.category == "serious"
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=minor.pk).update(category="minor")


def test_sea_as_nature_is_an_sea_complaint(contingents: Any) -> None:
    complaint = make_complaint(category="serious", nature="sea")
    assert complaint.category == "sea"
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(category="minor")


def test_consent_needs_a_contact_and_what_happened_is_said(contingents: Any) -> None:
    count = Complaint.objects.count()
    with pytest.raises(DomainError) as refused:
        make_complaint(complainant_contact="", consent_to_contact=True)
    assert "complainant_contact" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        make_complaint(description="   ")
    assert "description" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        make_complaint(occurred_on=dt.date(2024, 10, 9))  # after it was received
    assert "occurred_on" in refused.value.errors
    assert Complaint.objects.count() == count


@pytest.mark.parametrize("who", ["mission_admin", "hq_staff", "analyst", "ken_commander"])
def test_no_role_but_oversight_writes_through_the_services(cast: dict[str, Any], who: str) -> None:
    complaint = make_complaint()
    with pytest.raises(PermissionDenied):
        make_complaint(actor=cast[who])
    with pytest.raises(PermissionDenied):
        services.complaint_change_status(
            actor=cast[who], complaint=complaint, status="assessment", version=1
        )
    assert Complaint.objects.count() == 1
