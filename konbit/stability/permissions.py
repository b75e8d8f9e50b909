"""Who may do what in stability (DESIGN.md "Who sees what"; issue 14 item 4): every
signed-in role reads the results tree and the indicators; mission_admin and
hq_staff write them and import indicator files. The public reads published values
only, through ``/api/v1/public/indicators/`` (no role needed)."""

from konbit.accounts import roles

_MODELS = ["objective", "milestone", "milestonestatus", "indicator", "indicatorvalue"]
_READ = [f"stability.view_{m}" for m in _MODELS]
_WRITE = [f"stability.{verb}_{m}" for m in _MODELS for verb in ("add", "change", "delete")] + [
    "stability.import_indicatorvalue"
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ + _WRITE,
    roles.HQ_STAFF: _READ + _WRITE,
    roles.CONTINGENT_COMMANDER: list(_READ),
    roles.HNP_LIAISON: list(_READ),
    roles.OVERSIGHT_OFFICER: list(_READ),
    roles.ANALYST: list(_READ),
}
