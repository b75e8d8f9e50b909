from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Any:
    """The public throttles count in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()
