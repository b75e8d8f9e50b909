"""Who may do what in oversight (DESIGN.md "Who sees what"): oversight officers only.

Nobody outside oversight reads a complaint, not even the mission administrator: every
other role is missing from this table, so it gets nothing (deny by default) and every
page and endpoint of the part answers 404. The public files and follows a complaint
without an account (``views.file``, ``views.follow``, ``api.PublicComplaint*``).
"""

from konbit.accounts import roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.OVERSIGHT_OFFICER: [
        "oversight.view_complaint",
        "oversight.add_complaint",
        "oversight.change_complaint",
        "oversight.view_statuschange",
        "oversight.add_statuschange",
    ],
}
