from __future__ import annotations

from typing import Any

import pytest

from konbit.core.exceptions import DomainError, StaleVersion
from konbit.core.models import AuditEntry
from konbit.core.policies import policy_for
from konbit.operations import selectors, services
from konbit.operations.models import Incident, JointOperation, Origin
from konbit.operations.tests.factories import IncidentFactory, JointOperationFactory

REPORT = {
    "event_date": "2025-03-25",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Gran Grif",
    "latitude": 19.15,
    "longitude": -72.61,
    "location": "Pont-Sondé",
}


def test_commander_reports_for_own_contingent(cast: dict[str, Any], contingents: Any) -> None:
    incident = services.incident_create(actor=cast["ken_commander"], data=dict(REPORT))
    assert incident.reporting_contingent == contingents["KEN"]
    assert incident.origin == Origin.MISSION and incident.source_key.startswith("mission:")
    assert incident.commune_pcode.startswith("HT05")
    with pytest.raises(DomainError):
        services.incident_create(
            actor=cast["ken_commander"], data={**REPORT, "reporting_contingent": contingents["JAM"]}
        )
    assert policy_for(Incident).can_change(cast["ken_commander"], incident)
    assert not policy_for(Incident).can_change(cast["jam_commander"], incident)


def test_acled_fields_of_acled_event_are_read_only(cast: dict[str, Any]) -> None:
    incident = IncidentFactory(origin=Origin.ACLED, event_id_cnty="HTI1", source_key="HTI1")
    with pytest.raises(DomainError) as info:
        services.incident_update(
            actor=cast["hq_staff"], incident=incident, data={"fatalities": 9}, version=1
        )
    assert "fatalities" in info.value.errors
    updated = services.incident_update(
        actor=cast["hq_staff"], incident=incident, data={"category": "MASSACRE"}, version=1
    )
    assert updated.category == "MASSACRE" and updated.version == 2
    with pytest.raises(StaleVersion):
        services.incident_update(
            actor=cast["hq_staff"], incident=incident, data={"category": "KILLING"}, version=1
        )


def test_release_to_hnp_is_audited_and_hq_only(cast: dict[str, Any]) -> None:
    incident = IncidentFactory()
    hnp = cast["hnp_liaison"]
    assert not selectors.incidents_visible_to(hnp).filter(pk=incident.pk).exists()
    with pytest.raises(DomainError):
        services.incident_release_to_hnp(actor=cast["ken_commander"], incident=incident, version=1)
    services.incident_release_to_hnp(actor=cast["hq_staff"], incident=incident, version=1)
    incident.refresh_from_db()
    assert incident.released_to_hnp and incident.released_by == cast["hq_staff"]
    assert AuditEntry.objects.filter(action="release", target_id=str(incident.pk)).count() == 1
    assert selectors.incidents_visible_to(hnp).filter(pk=incident.pk).exists()


def test_sensitive_visibility(cast: dict[str, Any]) -> None:
    expected = {
        "mission_admin": True,
        "hq_staff": True,
        "ken_commander": True,
        "jam_commander": True,
        "hnp_liaison": False,
        "oversight_officer": True,
        "analyst": False,
    }
    for name, sees in expected.items():
        assert (not policy_for(Incident).hidden_fields(cast[name])) is sees, name


def test_operation_scope(cast: dict[str, Any], contingents: Any) -> None:
    with pytest.raises(DomainError):
        services.operation_create(
            actor=cast["ken_commander"],
            data={"name": "Op", "starts_on": "2025-02-20", "contingents": [contingents["JAM"]]},
        )
    operation = services.operation_create(
        actor=cast["ken_commander"],
        data={"name": "Op", "starts_on": "2025-02-20", "contingents": [contingents["KEN"]]},
    )
    assert policy_for(JointOperation).can_change(cast["ken_commander"], operation)
    assert not policy_for(JointOperation).can_change(cast["jam_commander"], operation)
    assert policy_for(JointOperation).can_change(cast["hnp_liaison"], operation)
    assert not policy_for(JointOperation).can_change(cast["analyst"], JointOperationFactory())


def test_reporting_unit_belongs_to_contingent(cast: dict[str, Any], contingents: Any) -> None:
    from konbit.forces.tests.factories import UnitFactory

    ken_unit = UnitFactory(contingent=contingents["KEN"], name="Rapid Deployment Unit")
    jam_unit = UnitFactory(contingent=contingents["JAM"])
    incident = services.incident_create(
        actor=cast["hq_staff"], data={**REPORT, "reporting_unit": ken_unit}
    )
    assert incident.reporting_contingent == contingents["KEN"]
    with pytest.raises(DomainError) as info:
        services.incident_create(
            actor=cast["hq_staff"],
            data={**REPORT, "reporting_unit": jam_unit, "reporting_contingent": contingents["KEN"]},
        )
    assert "reporting_unit" in info.value.errors
    with pytest.raises(DomainError):
        services.incident_create(
            actor=cast["ken_commander"], data={**REPORT, "reporting_unit": jam_unit}
        )
