"""Oversight records for tests, made through the services (audited as in use)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group

from konbit.accounts import roles
from konbit.accounts.models import User
from konbit.oversight import services
from konbit.oversight.models import Complaint
from konbit.places.models import Commune


def officer() -> User:
    """An oversight officer to write with (the system user is a mission
    administrator, who may not touch a complaint)."""
    user, created = User.objects.get_or_create(username="test-oversight-writer")
    if created:
        user.groups.add(Group.objects.get(name=roles.OVERSIGHT_OFFICER))
    return user


def make_complaint(contingent: Any = None, actor: Any = None, **data: Any) -> Complaint:
    fields = {
        "received_at": dt.datetime(2024, 10, 3, 14, 0, tzinfo=dt.UTC),
        "channel": "hotline",
        "category": "serious",
        "nature": "use_of_force",
        "occurred_on": dt.date(2024, 10, 1),
        "commune": Commune.objects.get(pcode=data.pop("pcode", "HT0112")),
        "place": "Test market (invented)",
        "contingent": contingent,
        "description": "Test complaint: a person was pushed at a checkpoint (invented).",
        "complainant_name": "TEST complainant",
        "complainant_contact": "+509 0000 0000",
        "consent_to_contact": True,
        **data,
    }
    return services.complaint_create(actor=actor or officer(), data=fields)


SAMPLES = {
    Complaint: lambda contingents: make_complaint(contingents["KEN"]),
}
