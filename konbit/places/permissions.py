"""Who may do what in places: the gazetteer is reference data that every role reads
and nobody edits (it changes only with a migration)."""

from konbit.accounts import roles

_READ = [
    "places.view_department",
    "places.view_arrondissement",
    "places.view_commune",
    "places.view_communalsection",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {role: list(_READ) for role in roles.ROLES}
