"""How a part plugs into the shared layout: its navigation entries, its panels on
the front page and its demo data. A part's AppConfig defines ``nav(user)`` and
``panels(request)`` (and may name its menu group with ``nav_label``, else its
``verbose_name``); its ``demo.py`` defines ``load(*, actor, out)``."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class NavGroup:
    """One part's entries in the menu, under the part's name."""

    label: str | Promise
    items: list[NavItem]

    @property
    def order(self) -> int:
        return min(item.order for item in self.items)


@dataclass(frozen=True)
class Panel:
    """A box on the front page, rendered from ``template`` with ``context``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class ActionItem:
    """Something waiting for the user (an import to confirm, a report to approve)."""

    label: str | Promise
    url: str
    count: int


def konbit_apps() -> Iterator[AppConfig]:
    """Konbit's parts, in INSTALLED_APPS order (foundation first)."""
    for config in apps.get_app_configs():
        if config.name.startswith("konbit."):
            yield config


def nav_groups_for(user: Any) -> list[NavGroup]:
    """The menu grouped by part (a flat list of 16 entries is hard to scan on a
    phone), the groups in the order of their first entry."""
    groups: list[NavGroup] = []
    if not user.is_authenticated:
        return groups
    for config in konbit_apps():
        nav: Callable[[Any], list[NavItem]] | None = getattr(config, "nav", None)
        items = nav(user) if nav is not None else []
        if items:
            label = getattr(config, "nav_label", config.verbose_name)
            groups.append(NavGroup(label, sorted(items, key=lambda item: item.order)))
    return sorted(groups, key=lambda group: group.order)


def panels_for(request: Any) -> list[Panel]:
    panels: list[Panel] = []
    for config in konbit_apps():
        make: Callable[[Any], list[Panel]] | None = getattr(config, "panels", None)
        if make is not None:
            panels.extend(make(request))
    return sorted(panels, key=lambda panel: panel.order)


def actions_for(user: Any) -> list[ActionItem]:
    """What awaits the user's action, gathered from every part's ``actions(user)``."""
    items: list[ActionItem] = []
    for config in konbit_apps():
        make: Callable[[Any], list[ActionItem]] | None = getattr(config, "actions", None)
        if make is not None:
            items.extend(item for item in make(user) if item.count)
    return items


def next_steps_for(user: Any) -> list[NavItem]:
    """What the user may do next, from every part's ``next_steps(user)`` (links its
    policies allow: record an incident, add a person, import a file...), for the front
    page, so that no role meets an empty page."""
    items: list[NavItem] = []
    if not user.is_authenticated:
        return items
    for config in konbit_apps():
        make: Callable[[Any], list[NavItem]] | None = getattr(config, "next_steps", None)
        if make is not None:
            items.extend(make(user))
    return sorted(items, key=lambda item: item.order)


def part_module(config: AppConfig, name: str) -> ModuleType | None:
    """``<app>.<name>`` if the part has that module, else None."""
    try:
        return importlib.import_module(f"{config.name}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.{name}":
            raise
        return None


def part_hooks(name: str) -> Iterator[Callable[..., Any]]:
    """Every part's AppConfig method called ``name``: how one part tells the others
    that something happened without importing them (parts form no cycle), e.g.
    operations' ACLED import calls ``incidents_imported(actor=...)``."""
    for config in konbit_apps():
        hook: Callable[..., Any] | None = getattr(config, name, None)
        if hook is not None:
            yield hook
