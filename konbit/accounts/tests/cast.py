"""The fixed cast of the tests (STYLE.md), by name: each name's role and contingent.
``konbit/conftest.py`` makes the people; permission tests parametrize over ``CAST``."""

from __future__ import annotations

from konbit.accounts import roles

CAST_ROLES: dict[str, tuple[str | None, str | None]] = {
    # name: (role, contingent ISO3)
    "mission_admin": (roles.MISSION_ADMIN, None),
    "hq_staff": (roles.HQ_STAFF, None),
    "ken_commander": (roles.CONTINGENT_COMMANDER, "KEN"),
    "jam_commander": (roles.CONTINGENT_COMMANDER, "JAM"),
    "hnp_liaison": (roles.HNP_LIAISON, None),
    "oversight_officer": (roles.OVERSIGHT_OFFICER, None),
    "analyst": (roles.ANALYST, None),
    "anonymous": (None, None),
}
# Every name of the cast, the anonymous visitor last.
CAST = list(CAST_ROLES)
