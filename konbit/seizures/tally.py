"""The seizure tally (``models.SeizureTally``): a row a seizure with its items summed
kind by kind, rebuilt from the items by ``recount``. The item services call it for
the seizure whose items they changed, in the same transaction; the migration that
created the tally calls it for every seizure, and so does the benchmark, which
writes its items in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Sum

from konbit.seizures.models import TALLY_COLUMNS, SeizedItem, Seizure, SeizureTally

TALLY_FIELDS = [column for columns in TALLY_COLUMNS.values() for column in columns if column]
_BATCH = 2000


def recount(
    seizure_ids: Iterable[Any] | None = None,
    *,
    models: tuple[Any, Any, Any] = (Seizure, SeizedItem, SeizureTally),
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Rebuild the tally of ``seizure_ids`` (every seizure if None) from their items.
    ``models`` are (Seizure, SeizedItem, SeizureTally): a migration passes its own."""
    seizure_model, item_model, tally_model = models
    if seizure_ids is None:
        ids = list(seizure_model.objects.using(using).values_list("pk", flat=True))
    else:
        ids = list(seizure_ids)
    for low in range(0, len(ids), _BATCH):
        chunk = ids[low : low + _BATCH]
        sums: dict[Any, dict[str, Any]] = {pk: {} for pk in chunk}
        grouped = (
            item_model.objects.using(using)
            .filter(seizure_id__in=chunk)
            .order_by()
            .values_list("seizure_id", "kind")
            .annotate(n=Count("pk"), units=Sum("count"), net=Sum("net_weight_g"))
        )
        for seizure_id, kind, n, units, net in grouped:
            items_column, units_column, net_column = TALLY_COLUMNS[kind]
            row = sums[seizure_id]
            row[items_column] = n
            row[units_column] = units or 0
            if net_column is not None:
                row[net_column] = net
        tally_model.objects.using(using).bulk_create(
            [tally_model(seizure_id=pk, **row) for pk, row in sums.items()],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["seizure"],
            update_fields=TALLY_FIELDS,
        )
