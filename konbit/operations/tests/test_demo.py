from __future__ import annotations

import io

import pytest

from konbit.accounts.services import system_user
from konbit.core.models import AuditEntry, ImportRun
from konbit.forces import demo as forces_demo
from konbit.operations import demo
from konbit.operations.models import Incident, JointOperation


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent() -> None:
    actor = system_user()
    forces_demo.load(actor=actor, out=io.StringIO())
    demo.load(actor=actor, out=io.StringIO())
    assert Incident.objects.filter(origin="acled").count() == 22
    assert Incident.objects.filter(origin="mission").count() == len(demo.INCIDENTS)
    assert JointOperation.objects.count() == len(demo.OPERATIONS)
    savien = Incident.objects.get(location="Ségur-Savien")
    assert savien.operation.name.startswith("Operation Savien")
    assert savien.reporting_unit is not None and savien.commune_pcode.startswith("HT05")
    assert Incident.objects.get(location="Delmas").commune_pcode == "HT0112"
    assert JointOperation.objects.get(name__contains="Sep 2024").communes.count() == 2
    counts = (Incident.objects.count(), ImportRun.objects.count(), AuditEntry.objects.count())
    demo.load(actor=actor, out=io.StringIO())
    assert (
        Incident.objects.count(),
        ImportRun.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
