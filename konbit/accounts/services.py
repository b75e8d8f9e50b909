"""Writes about users: creating them, their roles, tokens and second factors."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from konbit.accounts import affiliations, roles
from konbit.accounts.backends import forget_role_permissions
from konbit.accounts.models import ApiToken, User
from konbit.core import audit
from konbit.core.exceptions import DomainError
from konbit.core.models import AuditAction
from konbit.core.parts import konbit_apps, part_module

SYSTEM_USERNAME = "system"

logger = logging.getLogger(__name__)


def role_permissions() -> dict[str, set[str]]:
    """Each role's permissions ("app_label.codename"), gathered from every part's
    ``permissions.ROLE_PERMISSIONS``."""
    grants: dict[str, set[str]] = {role: set() for role in roles.ROLES}
    for config in konbit_apps():
        module = part_module(config, "permissions")
        if module is None:
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            grants[role].update(perms)
    return grants


def roles_sync() -> None:
    """Make each role's group hold exactly the permissions the parts grant it.

    Idempotent; runs after every migrate. Permissions not yet created are skipped
    (they are granted on the next run, once their app has migrated).
    """
    wanted = role_permissions()
    all_codes = {code for codes in wanted.values() for code in codes}
    by_code = {
        f"{perm.content_type.app_label}.{perm.codename}": perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in={code.split(".", 1)[1] for code in all_codes}
        )
    }
    for role, codes in wanted.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([by_code[code] for code in codes if code in by_code])
    forget_role_permissions()


def system_user() -> User:
    """The actor of management commands run without ``--as``. It cannot sign in."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "Konbit", "last_name": "system"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=roles.MISSION_ADMIN)[0])
    return user


def _check_role(role: str) -> None:
    if role not in roles.ROLES:
        raise DomainError(
            _("Unknown role %(role)s. Choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(roles.ROLES)},
            errors={"role": [_("Unknown role.")]},
        )


def _affiliations_found(
    role: str, codes: Mapping[str, str]
) -> list[tuple[affiliations.Affiliation, Any]]:
    """Each affiliation ``codes`` name with its record, found by the part that keeps
    it; refused when one is unknown or when ``role`` needs one that is not given."""
    found: dict[str, tuple[affiliations.Affiliation, Any]] = {}
    for name, code in codes.items():
        affiliation = affiliations.get(name)
        if affiliation is None:
            raise DomainError(
                _("Users do not belong to a %(name)s here.") % {"name": name},
                errors={name: [_("Unknown field.")]},
            )
        if code:
            found[name] = (affiliation, affiliation.find(code))
    for affiliation in affiliations.registered():
        if role in affiliation.required_for and affiliation.name not in found:
            raise DomainError(
                affiliation.required_message(role),
                errors={affiliation.name: [_("This field is required for this role.")]},
            )
    return list(found.values())


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    role: str,
    affiliations: Mapping[str, str] | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user with one role. The password must pass the password rules.

    ``affiliations`` names by code what the user belongs to (``{"contingent": "KEN"}``);
    the part that keeps each one checks and records it (``accounts.affiliations``), in
    this transaction. A role that needs one (a contingent commander) is refused
    without it."""
    username = username.strip()
    if not username:
        raise DomainError(_("A username is required."), errors={"username": [_("Required.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("A user named %(username)s already exists.") % {"username": username},
            errors={"username": [_("Already taken.")]},
        )
    _check_role(role)
    found = _affiliations_found(role, affiliations or {})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        user.full_clean(exclude=["password"])
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        messages = exc.messages
        raise DomainError(" ".join(messages), errors={"password": messages}) from None
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    roles.forget_roles(user)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        target=user,
        changes=audit.diff({}, {**audit.snapshot(user), "role": role}),
    )
    for affiliation, target in found:
        affiliation.attach(actor=actor, user=user, target=target)
    return user


@transaction.atomic
def token_issue(*, user: User, name: str = "default", two_factor: bool = False) -> str:
    """A new API key for ``user``; the key is shown once and only its hash is kept.

    A user holds one token per name: signing in again for the same name replaces the
    token (the old key stops working), so sign-ins do not pile tokens up; a client
    that needs a second key asks for it by another name. ``two_factor`` says the
    sign-in gave a valid one-time code."""
    key = "kb_" + secrets.token_urlsafe(32)
    replaced = ApiToken.objects.filter(user=user, name=name).delete()[0]
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:10],
        password_mark=user.get_session_auth_hash(),
        two_factor=two_factor,
    )
    detail = f"api token {token.prefix} issued ({name})" + (
        ", replacing the last" if replaced else ""
    )
    audit.record(actor=user, action=AuditAction.LOGIN, target=user, detail=detail)
    return key


@transaction.atomic
def user_set_language(*, actor: User, user: User, language: str) -> None:
    """The language ``user`` reads Konbit in, wherever they sign in."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError(
            _("Choose one of the languages offered."), errors={"language": [_("Unknown language.")]}
        )
    if user.language == language:
        return
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=user,
        changes={"language": [user.language, language]},
    )
    user.language = language
    user.save(update_fields=["language"])


def password_changed(*, user: User) -> None:
    """Record a password change made through Django's own form (the page). Whatever
    way the password changes, the user's API tokens stop at their next request."""
    audit.record(actor=user, action=AuditAction.UPDATE, target=user, detail="password changed")


def token_expires_at(token: ApiToken) -> dt.datetime:
    """When ``token`` stops working if it stays unused until then."""
    return (token.last_used_at or token.created_at) + dt.timedelta(
        days=settings.KONBIT_TOKEN_IDLE_DAYS
    )


def token_refusal(token: ApiToken, user: User, *, now: dt.datetime) -> str | None:
    """Why ``token`` may not act for ``user`` now (None: it may). Checked on every
    request, so that whatever ended the token since it was issued ends it at once."""
    if not user.is_active:
        return _("Invalid token.")
    if token.password_mark != user.get_session_auth_hash():
        return _("This token ended when the password changed: request a new one.")
    if token_expires_at(token) < now:
        return _("This token expired after %(days)s days unused: request a new one.") % {
            "days": settings.KONBIT_TOKEN_IDLE_DAYS
        }
    if token.two_factor and not has_two_factor(user):
        # The device it was issued with was removed (a lost phone): it ends with it.
        return _("This token ended when your two-factor device was removed: request a new one.")
    if roles.requires_two_factor(user) and not token.two_factor:
        return _(
            "Your role requires two-factor authentication: request a new token with "
            "your one-time code."
        )
    return None


def token_touch(token: ApiToken, *, now: dt.datetime) -> None:
    """Record that ``token`` was used, at most once a minute. Called after the
    request's work, outside its transaction; a database busy with an import only
    delays the record, and a failure loses one minute of it, never the request."""
    if token.last_used_at is not None and now - token.last_used_at < dt.timedelta(minutes=1):
        return
    try:
        with _without_waiting():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except DatabaseError:
        logger.warning("could not record the last use of API token %s", token.prefix)


@contextlib.contextmanager
def _without_waiting() -> Iterator[None]:
    """On SQLite, a write that gives up at once when another holds the write lock (an
    import): the answer is not held back for a token's last use; the next request
    a minute later records it."""
    if connection.vendor != "sqlite":
        yield
        return
    wait_ms = int(float(connection.settings_dict["OPTIONS"].get("timeout", 5)) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {wait_ms}")


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    """End ``token`` at once (its user or an administrator: see the token policy)."""
    ApiToken.objects.filter(pk=token.pk).delete()
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        target=token.user,
        detail=f"api token {token.prefix} revoked ({token.name})",
    )


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator (``confirmed_device``, cheaper)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_verify(*, user: User, code: str) -> TOTPDevice | None:
    """The user's confirmed device if ``code`` is a valid one-time code for it."""
    device = confirmed_device(user)
    code = (code or "").strip().replace(" ", "")
    if device is None or not code.isdigit():
        return None
    return device if device.verify_token(code) else None


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device that the enrolment page shows as a QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str) -> TOTPDevice:
    """Confirm enrolment with a code from the app; replaces any earlier device."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    code = (code or "").strip().replace(" ", "")
    if device is None:
        raise DomainError(_("Start the enrolment again."))
    if not code.isdigit() or not device.verify_token(code):
        raise DomainError(
            _("That code is not valid. Check the time on your phone and try again."),
            errors={"otp": [_("Invalid code.")]},
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(
        actor=user, action=AuditAction.UPDATE, target=user, changes={"two_factor": [False, True]}
    )
    return device
