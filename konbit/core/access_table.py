"""DESIGN.md's "Who sees what", computed from the live policies: for each role (a
group) and each entity, what the role reads and what it may do. The
``access_table`` command prints it (docs/access.md is its output) and the
mission administrator's "Who sees what" page shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import EmptyResultSet

from konbit.core.policies import CRUD, Policy, all_policies


@dataclass
class RoleProbe:
    """A stand-in user holding exactly one role's permissions and belonging to no
    contingent: what the role may do as such (a commander's "own" is their own
    contingent's records)."""

    name: str
    perms: frozenset[str]
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False
    pk: Any = None
    id: Any = None

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return perm in self.perms


def role_probes() -> list[RoleProbe]:
    """One probe per role group, in the order the roles were created."""
    probes = []
    for group in Group.objects.order_by("id").prefetch_related("permissions__content_type"):
        perms = frozenset(
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
        )
        probes.append(RoleProbe(name=group.name, perms=perms))
    return probes


def _restricted(policy: Policy[Any], probe: RoleProbe) -> bool:
    """Whether the probe reads only part of the records (its scope filters)."""
    base = policy.base_queryset()
    try:
        return str(policy.scope(probe, base).query) != str(base.query)
    except EmptyResultSet:
        return True


def cell(policy: Policy[Any], probe: RoleProbe) -> str:
    """What ``probe`` may do with ``policy``'s entity: R (all), R own/rel (scoped),
    agg (aggregates only), then its writes and named actions, or — for nothing."""
    parts: list[str] = []
    if policy.part_visible(probe):
        read = "R"
        if _restricted(policy, probe):
            read += " " + (policy.read_label or "own")
        if policy.hidden_fields(probe):
            read += ", no sensitive"
        parts.append(read)
    writes = [verb for verb in CRUD if policy.allows(probe, verb)]
    if writes:
        # Scoped: refused for a contingent that is not the probe's (it has none).
        own = not policy.in_scope(probe, contingent="-", contingents=["-"])
        parts.append("/".join(writes) + (" own" if own else ""))
    actions = [name for name in policy.actions if policy.has(probe, policy.actions[name])]
    if "aggregate" in actions and not parts:
        parts.append("agg")
        actions.remove("aggregate")
    parts.extend(a for a in actions if a != "aggregate")
    return "; ".join(parts) or "—"


def access_table() -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The roles (columns) and, per entity, its cell for each role."""
    probes = role_probes()
    rows = []
    for policy in all_policies():
        meta = policy.model._meta
        label = f"{meta.app_label}.{meta.model_name}"
        rows.append((label, [cell(policy, probe) for probe in probes]))
    return [probe.name for probe in probes], rows


def as_markdown() -> str:
    roles, rows = access_table()
    lines = [
        "# Who sees what",
        "",
        "Generated from the entities' policies by `manage.py access_table`; do not edit.",
        "R = reads every record, R own = only their own contingent's (or their own),",
        "R rel = only what was released to the HNP, agg = aggregates only, — = nothing",
        "(every page and endpoint of it answers 404); then what the role may create,",
        "change, delete (own: within their own contingent) and the named actions.",
        "",
        "| entity | " + " | ".join(roles) + " |",
        "| --- | " + " | ".join("---" for _ in roles) + " |",
    ]
    lines += ["| " + label + " | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines) + "\n"
