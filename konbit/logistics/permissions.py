"""Who may do what in logistics (DESIGN.md "Who sees what": mission_admin W, hq_staff
W, contingent_commander W own, analyst aggregates only, hnp_liaison and
oversight_officer nothing).

A commander reads and writes their own contingent's assets, log and jobs; the
mission administrator and HQ every contingent's (``forces.any_contingent``, which
forces gives them). The analyst reads the availability figures only, never an
asset. The scoping is ``policies``'.
"""

from konbit.accounts import roles

_READ = [
    "logistics.view_asset",
    "logistics.view_statusentry",
    "logistics.view_maintenancejob",
    "logistics.view_availability",
]
_WRITE = [
    "logistics.add_asset",
    "logistics.change_asset",
    "logistics.import_asset",
    "logistics.add_statusentry",
    "logistics.add_maintenancejob",
    "logistics.change_maintenancejob",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ + _WRITE,
    roles.HQ_STAFF: _READ + _WRITE,
    roles.CONTINGENT_COMMANDER: _READ + _WRITE,
    roles.ANALYST: ["logistics.view_availability"],
}
