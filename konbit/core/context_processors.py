from typing import Any

from django.conf import settings
from django.http import HttpRequest

from konbit.core.parts import nav_groups_for


def layout(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs on every page: the navigation the user may see,
    grouped by part."""
    user = getattr(request, "user", None)
    return {
        "nav_groups": nav_groups_for(user) if user is not None else [],
        "konbit_env": settings.KONBIT_ENV,
    }
