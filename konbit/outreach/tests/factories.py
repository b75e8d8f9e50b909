"""Outreach records for tests, made through the services (audited as in use)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from konbit.accounts.services import system_user
from konbit.outreach import services
from konbit.outreach.models import Activity, Referral
from konbit.places.models import Commune


def make_activity(contingent: Any, actor: Any = None, **data: Any) -> Activity:
    topics = data.pop("topics", ["child_protection", "education"])
    fields = {
        "kind": "school_visit",
        "held_on": dt.date(2024, 10, 2),
        "commune": Commune.objects.get(pcode=data.pop("pcode", "HT0112")),
        "venue": "Test school (demo)",
        "contingent": contingent,
        "partners": "UNICEF (demo)",
        "girls": 10,
        "boys": 12,
        "women": 3,
        "men": 2,
        **data,
    }
    return services.activity_create(
        actor=actor or system_user(),
        data=fields,
        topics=topics,
    )


def make_referral(contingent: Any) -> Referral:
    activity = make_activity(contingent)
    concern = services.concern_refer(
        actor=system_user(),
        activity=activity,
        category="child_safety",
        account="Test account: a child of about ten at risk (invented).",
    )
    return Referral.objects.get(reference=concern.referral_reference)


SAMPLES = {
    Activity: lambda contingents: make_activity(contingents["KEN"]),
    Referral: lambda contingents: make_referral(contingents["KEN"]),
}
