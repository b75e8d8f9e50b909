"""The "Who sees what" table is the policies' own: the command prints it, the
committed docs/access.md is its output, and the page shows it to mission_admin only."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from konbit.accounts.tests.cast import CAST

DOC = Path(settings.BASE_DIR) / "docs" / "access.md"


@pytest.mark.django_db
def test_committed_table_is_the_commands_output() -> None:
    out = io.StringIO()
    call_command("access_table", stdout=out)
    assert out.getvalue() == DOC.read_text(encoding="utf-8"), (
        "docs/access.md is stale: run `manage.py access_table > docs/access.md`"
    )


@pytest.mark.django_db
def test_table_follows_the_policies() -> None:
    from konbit.core.access_table import access_table

    roles, rows = access_table()
    table = dict(rows)
    commander = roles.index("contingent_commander")
    analyst = roles.index("analyst")
    assert table["forces.personnel"][commander].startswith("R own")
    assert table["forces.personnel"][analyst] == "—"
    assert table["operations.incident"][roles.index("hnp_liaison")] == "R rel, no sensitive"


@pytest.mark.parametrize("who", CAST)
def test_page_for_mission_admin_only(cast: dict[str, Any], client_as: Any, who: str) -> None:
    response = client_as(cast[who]).get("/access/")
    if who == "anonymous":
        assert response.status_code == 302
    elif who == "mission_admin":
        assert response.status_code == 200
        assert "forces.personnel" in response.content.decode()
    else:
        assert response.status_code == 404
