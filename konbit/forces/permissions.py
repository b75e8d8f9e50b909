"""Who may do what in forces (DESIGN.md, "Who sees what"; refined by the forces issue)."""

from konbit.accounts import roles

_READ_REFERENCE = ["forces.view_mandate", "forces.view_country", "forces.view_contingent"]
_WRITE_REFERENCE = [
    "forces.add_mandate",
    "forces.change_mandate",
    "forces.delete_mandate",
    "forces.add_country",
    "forces.change_country",
    "forces.add_contingent",
    "forces.change_contingent",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ_REFERENCE + _WRITE_REFERENCE,
    roles.HQ_STAFF: _READ_REFERENCE + _WRITE_REFERENCE,
    roles.CONTINGENT_COMMANDER: _READ_REFERENCE,
    roles.HNP_LIAISON: _READ_REFERENCE,
    roles.OVERSIGHT_OFFICER: _READ_REFERENCE,
    roles.ANALYST: _READ_REFERENCE,
}
