"""Who may do what in outreach (DESIGN.md "Who sees what", issue 14 item 4).

mission_admin, hq_staff: every activity, across the mission. contingent_commander:
their own contingent's activities (read and write). hnp_liaison, analyst: read.
oversight_officer: nothing of the activities, but the referrals made to oversight,
which only they and the mission administrator read, and whose receipt they
confirm. The scoping is ``policies``'.
"""

from konbit.accounts import roles

_READ = ["outreach.view_activity", "outreach.view_concern"]
# Reading every contingent's activities; without it, one's own contingent's only.
_ALL = ["outreach.view_all_activities"]
_WRITE = [
    "outreach.add_activity",
    "outreach.change_activity",
    "outreach.add_concern",
    "outreach.refer_concern",
]
_HQ = ["outreach.delete_activity"]
_REFERRALS = ["outreach.view_referral", "outreach.receive_referral"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ + _ALL + _WRITE + _HQ + _REFERRALS,
    roles.HQ_STAFF: _READ + _ALL + _WRITE + _HQ,
    roles.CONTINGENT_COMMANDER: _READ + _WRITE,
    roles.HNP_LIAISON: _READ + _ALL,
    roles.OVERSIGHT_OFFICER: list(_REFERRALS),
    roles.ANALYST: _READ + _ALL,
}
