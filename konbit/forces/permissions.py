"""Who may do what in forces (DESIGN.md, "Who sees what"; the forces issue, item 3).

Personal records (personnel, deployments) are read by HQ, oversight and a commander
for their own contingent (scoped in ``policies``); the HNP liaison and the analyst
see strength aggregates only, never a person.
"""

from konbit.accounts import roles

_READ_REFERENCE = [
    "forces.view_mandate",
    "forces.view_reportingobligation",
    "forces.view_country",
    "forces.view_contingent",
    "forces.view_unit",
    "forces.view_deploymentwave",
    "forces.view_rotation",
    "forces.view_strength",
]
_READ_PEOPLE = ["forces.view_personnel", "forces.view_deployment"]
_WRITE_REFERENCE = [
    "forces.add_mandate",
    "forces.change_mandate",
    "forces.delete_mandate",
    "forces.add_reportingobligation",
    "forces.change_reportingobligation",
    "forces.delete_reportingobligation",
    "forces.add_country",
    "forces.change_country",
    "forces.add_contingent",
    "forces.change_contingent",
    "forces.add_deploymentwave",
    "forces.change_deploymentwave",
    "forces.delete_deploymentwave",
    "forces.add_rotation",
    "forces.change_rotation",
    "forces.delete_rotation",
]
# A commander writes these for their own contingent only (see selectors).
_WRITE_OWN = [
    "forces.add_unit",
    "forces.change_unit",
    "forces.add_personnel",
    "forces.change_personnel",
    "forces.add_deployment",
    "forces.change_deployment",
    "forces.import_roster",
    "forces.export_roster",
]
# Acting across the mission rather than in one's own contingent (forces.policies).
_ANY_CONTINGENT = ["forces.any_contingent"]
_DELETE_PEOPLE = ["forces.delete_unit", "forces.delete_personnel", "forces.delete_deployment"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ_REFERENCE
    + _READ_PEOPLE
    + _WRITE_REFERENCE
    + _WRITE_OWN
    + _DELETE_PEOPLE
    + _ANY_CONTINGENT,
    roles.HQ_STAFF: _READ_REFERENCE
    + _READ_PEOPLE
    + _WRITE_REFERENCE
    + _WRITE_OWN
    + _DELETE_PEOPLE
    + _ANY_CONTINGENT,
    roles.CONTINGENT_COMMANDER: _READ_REFERENCE + _READ_PEOPLE + _WRITE_OWN,
    # The liaison changes every joint operation (operations.policies), not only
    # those of one contingent; they still read no person.
    roles.HNP_LIAISON: _READ_REFERENCE + _ANY_CONTINGENT,
    roles.OVERSIGHT_OFFICER: _READ_REFERENCE + _READ_PEOPLE + _ANY_CONTINGENT,
    roles.ANALYST: _READ_REFERENCE,
}
