import pytest
from django.contrib.auth.models import Group, Permission

from konbit.accounts import roles
from konbit.accounts.services import role_permissions, roles_sync

pytestmark = pytest.mark.django_db


def test_each_role_group_holds_exactly_what_the_parts_grant():
    roles_sync()
    wanted = role_permissions()
    for role in roles.ROLES:
        group = Group.objects.get(name=role)
        held = {
            f"{app}.{code}"
            for app, code in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert held == wanted[role], role


def test_permissions_come_from_the_role(cast):
    assert cast["hq_staff"].has_perm("forces.change_mandate")
    assert not cast["analyst"].has_perm("forces.change_mandate")
    assert cast["analyst"].has_perm("forces.view_mandate")


def test_direct_user_permissions_grant_nothing(cast):
    analyst = cast["analyst"]
    analyst.user_permissions.add(Permission.objects.get(codename="change_mandate"))
    roles.forget_roles(analyst)
    assert not analyst.has_perm("forces.change_mandate")


def test_an_inactive_user_has_no_role_and_no_permission(cast):
    user = cast["hq_staff"]
    user.is_active = False
    roles.forget_roles(user)
    assert roles.roles_of(user) == frozenset()
    assert not user.has_perm("forces.view_mandate")
