"""Who may do what with seizures (DESIGN.md "Who sees what", refined by issue 13).

mission_admin, hq_staff: read and write every seizure, release to the HNP.
contingent_commander: record and change their own contingent's seizures, read the rest
(across the mission is ``forces.any_contingent``, which forces gives every other role).
hnp_liaison: read what was released to the HNP, confirm hand-overs addressed to it.
oversight_officer: read all. analyst: aggregates only (statistics).
The scoping itself is ``policies``'.
"""

from konbit.accounts import roles

_REFERENCE = ["seizures.view_calibre", "seizures.view_drugsubstance"]
_READ = [
    "seizures.view_seizure",
    "seizures.view_seizeditem",
    "seizures.view_custodyevent",
    "seizures.view_seizure_stats",
    *_REFERENCE,
]
_READ_ALL = [*_READ, "seizures.view_unreleased_seizure"]
_WRITE = [
    "seizures.add_seizure",
    "seizures.change_seizure",
    "seizures.add_seizeditem",
    "seizures.change_seizeditem",
    "seizures.add_custodyevent",
]
_HQ = [
    "seizures.release_seizure",
    "seizures.add_calibre",
    "seizures.change_calibre",
    "seizures.add_drugsubstance",
    "seizures.change_drugsubstance",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ_ALL + _WRITE + _HQ,
    roles.HQ_STAFF: _READ_ALL + _WRITE + _HQ,
    roles.CONTINGENT_COMMANDER: _READ_ALL + _WRITE,
    roles.HNP_LIAISON: [*_READ, "seizures.confirm_handover"],
    roles.OVERSIGHT_OFFICER: list(_READ_ALL),
    roles.ANALYST: ["seizures.view_seizure_stats"],
}
