"""Reading the gazetteer. It is reference data every signed-in role may read
(``policies.py``); these selectors are what pages, the API and other parts use."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When

from konbit.core.policies import policy_for
from konbit.core.tabular import normalize_text
from konbit.places.models import Arrondissement, CommunalSection, Commune, Department

PLACE_MODELS = (Department, Arrondissement, Commune, CommunalSection)


def gazetteer_readable(user: Any) -> bool:
    """Every signed-in role reads the gazetteer; a user without a role sees nothing
    (``places.policies``)."""
    return policy_for(Commune).part_visible(user)


def name_filter(q: str) -> Q:
    """Places whose name (any spelling) contains ``q``, accents and case ignored, or
    whose P-code starts with it: "cite soleil" finds "Cité Soleil"."""
    key = normalize_text(q)
    if not key:
        return Q()
    return (
        Q(name_norm__contains=key)
        | Q(alt_names_norm__contains=key)
        | Q(pcode__startswith=q.strip().upper())
    )


def departments_visible_to(user: Any) -> QuerySet[Department]:
    return policy_for(Department).visible(user)


def arrondissements_visible_to(user: Any) -> QuerySet[Arrondissement]:
    return policy_for(Arrondissement).visible(user)


def communes_visible_to(user: Any) -> QuerySet[Commune]:
    return policy_for(Commune).visible(user)


def sections_visible_to(user: Any) -> QuerySet[CommunalSection]:
    return policy_for(CommunalSection).visible(user)


def commune_name_of(field: str) -> Subquery:
    """The name of the commune whose P-code is in ``field``, as an annotation of a
    page of records (a lookup by primary key a row; None without a commune)."""
    return Subquery(Commune.objects.filter(pk=OuterRef(field)).values("name")[:1])


def commune_by_pcode(pcode: str) -> Commune | None:
    """The commune with this P-code (case and spaces forgiven), or None."""
    key = (pcode or "").strip().upper()
    if not key:
        return None
    return (
        Commune.objects.select_related("department", "arrondissement")
        .defer("department__geometry", "arrondissement__geometry")
        .filter(pk=key)
        .first()
    )


def communes_matching(q: str) -> QuerySet[Commune]:
    """Communes whose name contains ``q`` (accent- and case-insensitive) or whose
    P-code starts with it, exact names first."""
    queryset = Commune.objects.select_related("department", "arrondissement").defer(
        "geometry", "department__geometry", "arrondissement__geometry"
    )
    key = normalize_text(q)
    if not key:
        return queryset.none()
    exact = Case(When(name_norm=key, then=Value(0)), default=Value(1))
    return queryset.filter(name_filter(q)).order_by(exact, "pcode")


# --- ACLED-style names ----------------------------------------------------------------


@dataclass(frozen=True)
class _NameIndex:
    departments: dict[str, frozenset[str]]
    arrondissements: dict[str, frozenset[str]]
    # normalized commune name -> [(commune, arrondissement, department) P-codes]
    communes: dict[str, list[tuple[str, str, str]]]


_name_index: _NameIndex | None = None
_name_lock = threading.Lock()


def _keys(name_norm: str, alt_names_norm: str) -> list[str]:
    return [name_norm, *(alt for alt in alt_names_norm.split("|") if alt)]


def _by_name(rows: Any) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for pcode, name_norm, alt_names_norm in rows:
        for key in _keys(name_norm, alt_names_norm):
            found.setdefault(key, set()).add(pcode)
    return {key: frozenset(pcodes) for key, pcodes in found.items()}


def _names() -> _NameIndex:
    # Reference data read once per process: an importer asks 100,000 times.
    global _name_index
    if _name_index is None:
        with _name_lock:
            if _name_index is None:
                communes: dict[str, list[tuple[str, str, str]]] = {}
                for row in Commune.objects.values_list(
                    "pcode", "name_norm", "alt_names_norm", "arrondissement_id", "department_id"
                ):
                    for key in _keys(row[1], row[2]):
                        communes.setdefault(key, []).append((row[0], row[3], row[4]))
                index = _NameIndex(
                    departments=_by_name(
                        Department.objects.values_list("pcode", "name_norm", "alt_names_norm")
                    ),
                    arrondissements=_by_name(
                        Arrondissement.objects.values_list("pcode", "name_norm", "alt_names_norm")
                    ),
                    communes=communes,
                )
                if not communes:
                    return index  # an empty (flushed) gazetteer is not kept
                _name_index = index
    return _name_index


def forget_names() -> None:
    """Drop the cached name index (after the gazetteer changed, e.g. in a test)."""
    global _name_index
    with _name_lock:
        _name_index = None


def commune_for_names(
    admin1: str | None = None, admin2: str | None = None, admin3: str | None = None
) -> str | None:
    """The P-code of the commune named ``admin3``, ACLED-style: ``admin1`` is the
    department, ``admin2`` the arrondissement, ``admin3`` the commune, compared without
    accents, case or punctuation ("Cite Soleil" = "Cité Soleil"; ACLED's arrondissement
    spellings such as "Archaie" are known). Parents given must agree with the commune;
    None when a name is unknown, the parents contradict it, or no commune is named.
    """
    key = normalize_text(admin3 or "")
    if not key:
        return None
    index = _names()
    candidates = index.communes.get(key, [])
    if admin1 and normalize_text(admin1):
        departments = index.departments.get(normalize_text(admin1), frozenset())
        candidates = [c for c in candidates if c[2] in departments]
    if admin2 and normalize_text(admin2):
        arrondissements = index.arrondissements.get(normalize_text(admin2), frozenset())
        candidates = [c for c in candidates if c[1] in arrondissements]
    pcodes = {c[0] for c in candidates}
    return pcodes.pop() if len(pcodes) == 1 else None
