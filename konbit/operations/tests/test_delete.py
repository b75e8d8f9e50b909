"""Deleting incidents and joint operations through the API (issue 10, item 5): the
roles that hold the permission may, with each record's rules; everyone else changes
nothing."""

from __future__ import annotations

from typing import Any

import pytest

from konbit.accounts.tests.cast import CAST
from konbit.core.models import AuditEntry
from konbit.operations.models import Incident, JointOperation, Origin
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory

pytestmark = pytest.mark.django_db

# 404 where the role does not see the record, 403 where it sees but may not delete.
DELETE_REPORT = {
    "mission_admin": 204,
    "hq_staff": 204,
    "ken_commander": 403,
    "jam_commander": 403,
    "hnp_liaison": 404,
    "oversight_officer": 403,
    "analyst": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize("who", CAST)
def test_deleting_a_mission_report(
    api_as: Any, cast: dict[str, Any], contingents: Any, who: str
) -> None:
    incident = IncidentFactory(reporting_contingent=contingents["KEN"])
    entries = AuditEntry.objects.count()
    response = api_as(cast[who]).delete(f"/api/v1/incidents/{incident.pk}/?version=1")
    assert response.status_code == DELETE_REPORT[who], response.content
    deleted = DELETE_REPORT[who] == 204
    assert Incident.objects.filter(pk=incident.pk).exists() is not deleted
    assert AuditEntry.objects.count() == entries + (1 if deleted else 0)
    if deleted:
        entry = AuditEntry.objects.get(target_id=str(incident.pk), action="delete")
        assert entry.changes["actor1"] == ["Gran Grif", None]


def test_a_stale_version_deletes_nothing(api_as: Any, cast: dict[str, Any]) -> None:
    incident = IncidentFactory(version=3)
    response = api_as(cast["hq_staff"]).delete(f"/api/v1/incidents/{incident.pk}/?version=2")
    assert response.status_code == 409
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_an_acled_event_is_not_deleted_by_hand(api_as: Any, cast: dict[str, Any]) -> None:
    event = IncidentFactory(origin=Origin.ACLED, source_key="HTI1234")
    response = api_as(cast["hq_staff"]).delete(f"/api/v1/incidents/{event.pk}/?version=1")
    assert response.status_code == 400
    assert "import" in response.json()["detail"]
    assert Incident.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("who", CAST)
def test_deleting_a_joint_operation(api_as: Any, cast: dict[str, Any], who: str) -> None:
    operation = JointOperationFactory()
    response = api_as(cast[who]).delete(f"/api/v1/operations/{operation.pk}/?version=1")
    expected = {"mission_admin": 204, "hq_staff": 204, "anonymous": 401}.get(who, 403)
    assert response.status_code == expected, response.content
    assert JointOperation.objects.filter(pk=operation.pk).exists() is (expected != 204)


def test_an_operation_with_incidents_keeps_its_history(api_as: Any, cast: dict[str, Any]) -> None:
    operation = JointOperationFactory()
    IncidentFactory(operation=operation)
    response = api_as(cast["hq_staff"]).delete(f"/api/v1/operations/{operation.pk}/?version=1")
    assert response.status_code == 400
    assert JointOperation.objects.filter(pk=operation.pk).exists()
