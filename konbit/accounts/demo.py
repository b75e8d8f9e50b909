"""The demo's cast: one invented user per role, sharing one generated password.

The password is generated on the first load, kept in ``var/demo-login.txt``
(git-ignored, readable by its owner only) and printed by ``make run``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings

from konbit.accounts import roles, services
from konbit.accounts.models import User

ORDER = 900  # after the parts whose records the cast refers to (forces' contingents)

# username, role, contingent ISO3, given name, family name (invented, marked demo)
CAST: list[tuple[str, str, str | None, str, str]] = [
    ("admin", roles.MISSION_ADMIN, None, "Demo", "Administrator"),
    ("hq", roles.HQ_STAFF, None, "Demo", "HQ-Officer"),
    ("ken.commander", roles.CONTINGENT_COMMANDER, "KEN", "Demo", "Kenya-Commander"),
    ("jam.commander", roles.CONTINGENT_COMMANDER, "JAM", "Demo", "Jamaica-Commander"),
    ("liaison", roles.HNP_LIAISON, None, "Demo", "HNP-Liaison"),
    ("oversight", roles.OVERSIGHT_OFFICER, None, "Demo", "Oversight-Officer"),
    ("analyst", roles.ANALYST, None, "Demo", "Analyst"),
]


def login_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-login.txt"


def demo_password() -> str:
    path = login_file()
    if path.exists():
        for line in path.read_text().splitlines():
            if line.startswith("password: "):
                return line.removeprefix("password: ").strip()
    password = "demo-" + secrets.token_urlsafe(12)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(
            "Konbit demo login (local demo only)\n"
            f"users: {', '.join(username for username, *_rest in CAST)}\n"
            f"password: {password}\n"
        )
    return password


def load(*, actor: User, out: Any) -> None:
    if settings.PRODUCTION:
        # A shared, written-down password has no place on a production server.
        out.write("accounts: no demo user in production; add users with adduser")
        return
    password = None
    created = []
    for username, role, iso3, first_name, last_name in CAST:
        if User.objects.filter(username=username).exists():
            continue
        password = password or demo_password()
        services.user_create(
            actor=actor,
            username=username,
            password=password,
            role=role,
            affiliations={"contingent": iso3} if iso3 else None,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.invalid",
        )
        created.append(username)
    if created:
        out.write(f"accounts: created {', '.join(created)}; password: {password}")
    else:
        out.write("accounts: demo users already present")
