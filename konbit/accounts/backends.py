"""Permissions come from roles only: a user's permissions are those of their role
groups, read from a per-process map instead of two queries a request."""

from __future__ import annotations

import threading
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group

from konbit.accounts.roles import roles_of

_lock = threading.Lock()
_role_permissions: dict[str, frozenset[str]] | None = None


def _permissions_by_role() -> dict[str, frozenset[str]]:
    global _role_permissions
    if _role_permissions is None:
        with _lock:
            if _role_permissions is None:
                table: dict[str, set[str]] = {}
                rows = Group.objects.values_list(
                    "name", "permissions__content_type__app_label", "permissions__codename"
                )
                for name, app_label, codename in rows:
                    perms = table.setdefault(name, set())
                    if codename:
                        perms.add(f"{app_label}.{codename}")
                _role_permissions = {name: frozenset(perms) for name, perms in table.items()}
    return _role_permissions


def forget_role_permissions() -> None:
    """Called when the roles' permissions change (``roles_sync``)."""
    global _role_permissions
    with _lock:
        _role_permissions = None


class RoleBackend(ModelBackend):
    """Django's model backend for passwords; role groups for permissions. Direct
    per-user permissions are not used in Konbit: access is by role."""

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        table = _permissions_by_role()
        perms: set[str] = set()
        for role in roles_of(user_obj):
            perms |= table.get(role, frozenset())
        return perms

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_konbit_perm_cache"):
            user_obj._konbit_perm_cache = self.get_group_permissions(user_obj)
        return set(user_obj._konbit_perm_cache)
