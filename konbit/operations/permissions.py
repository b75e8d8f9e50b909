"""Who may do what in operations (DESIGN.md "Who sees what", refined by issue 4).

mission_admin, hq_staff: everything. contingent_commander: writes the incidents their
contingent reports and the operations it takes part in, reads the rest.
hnp_liaison: writes joint operations, reads ACLED incidents and those released to the
HNP (scoping in ``policies``), no sensitive field. oversight_officer: reads all.
analyst: reads all without the sensitive fields.
"""

from konbit.accounts import roles

_READ = ["operations.view_incident", "operations.view_jointoperation"]
# The mission's own incidents before they are released to the HNP.
_UNRELEASED = ["operations.view_mission_incident"]
_WRITE_INCIDENTS = ["operations.add_incident", "operations.change_incident"]
_WRITE_OPERATIONS = ["operations.add_jointoperation", "operations.change_jointoperation"]
_SENSITIVE = ["operations.view_sensitive_incident"]
_HQ = [
    "operations.delete_incident",
    "operations.delete_jointoperation",
    "operations.release_incident",
    "operations.import_acled",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ
    + _UNRELEASED
    + _WRITE_INCIDENTS
    + _WRITE_OPERATIONS
    + _SENSITIVE
    + _HQ,
    roles.HQ_STAFF: _READ + _UNRELEASED + _WRITE_INCIDENTS + _WRITE_OPERATIONS + _SENSITIVE + _HQ,
    roles.CONTINGENT_COMMANDER: _READ
    + _UNRELEASED
    + _WRITE_INCIDENTS
    + _WRITE_OPERATIONS
    + _SENSITIVE,
    # Public (ACLED) and released incidents only, no sensitive field.
    roles.HNP_LIAISON: _READ + _WRITE_OPERATIONS,
    roles.OVERSIGHT_OFFICER: _READ + _UNRELEASED + _SENSITIVE,
    # Never a sensitive field (deny by default: the analyst holds no such permission).
    roles.ANALYST: _READ + _UNRELEASED,
}
