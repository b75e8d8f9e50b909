"""Who may do what in actors (DESIGN.md "Who sees what", refined by issue 12).

mission_admin, hq_staff: read and write everything, release to the HNP, resolve
actor names. contingent_commander: reads. hnp_liaison: reads what was released to
the HNP (scoping in ``selectors``). analyst: aggregates only (incident counts by
group, never a person): the ``view_aggregates`` permission and no view permission on
records. oversight_officer: nothing of this part.
"""

from konbit.accounts import roles

_MODELS = (
    "armedgroup",
    "groupalias",
    "strengthestimate",
    "statuschange",
    "designation",
    "person",
    "personalias",
    "relation",
    "territory",
    "actorname",
)
_READ = [f"actors.view_{m}" for m in _MODELS]
# Actor names are made by the resolver from the incidents: people only decide on them.
_WRITE = [
    f"actors.{verb}_{m}"
    for m in _MODELS
    if m != "actorname"
    for verb in ("add", "change", "delete")
] + ["actors.change_actorname"]
_HQ = ["actors.release_armedgroup", "actors.release_person", "actors.resolve_actorname"]
_AGGREGATES = ["actors.view_aggregates"]
_UNRELEASED = ["actors.view_unreleased"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MISSION_ADMIN: _READ + _UNRELEASED + _WRITE + _HQ + _AGGREGATES,
    roles.HQ_STAFF: _READ + _UNRELEASED + _WRITE + _HQ + _AGGREGATES,
    roles.CONTINGENT_COMMANDER: _READ + _UNRELEASED + _AGGREGATES,
    roles.HNP_LIAISON: [
        "actors.view_armedgroup",
        "actors.view_groupalias",
        "actors.view_strengthestimate",
        "actors.view_statuschange",
        "actors.view_designation",
        "actors.view_person",
        "actors.view_personalias",
        "actors.view_relation",
        "actors.view_territory",
    ],
    roles.ANALYST: list(_AGGREGATES),
}
