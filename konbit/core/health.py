"""``GET /healthz``: 200 when the database answers and every migration is applied."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from konbit.core.policies import OPEN, guarded

# Once the migrations are known to be applied, a process does not look again: the
# schema cannot go backwards under a running process.
_migrations_applied = False


def _pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@guarded(OPEN)
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    global _migrations_applied
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrations_applied:
            pending = _pending_migrations()
            if pending:
                return JsonResponse(
                    {"status": "error", "database": "ok", "pending_migrations": pending},
                    status=503,
                )
            _migrations_applied = True
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})
