from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _reference_lists(db: Any) -> None:
    """The calibres and substances of the data migration, also after a test of
    another part emptied the database (a flush drops what migrations loaded)."""
    from konbit.accounts.services import system_user
    from konbit.seizures.reference import ensure_reference

    ensure_reference(actor=system_user())
