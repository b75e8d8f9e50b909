"""What seizures add up to, kept beside them so that the statistics and the list do
not go through every row: a tally a seizure (``SeizureTally``: its items summed kind
by kind) and the seizure counts (``SeizureCount``: how many, released to the HNP and
not).

The seizure services keep both in the transaction of the write: ``item_changed``
after an item is added or changed, ``seizure_added`` and ``seizure_released``.
``recount`` rebuilds them from the records: the migration that created them calls
it, and so does the benchmark, which writes its seizures in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, F, Sum

from konbit.seizures.models import (
    TALLY_COLUMNS,
    SeizedItem,
    Seizure,
    SeizureCount,
    SeizureTally,
)

TALLY_FIELDS = [column for columns in TALLY_COLUMNS.values() for column in columns if column]
_BATCH = 2000


def item_changed(seizure_id: Any) -> None:
    """An item of ``seizure_id`` was added or changed: its tally again."""
    recount_tallies([seizure_id])


def seizure_added() -> None:
    _add(released=False, by=1)


def seizure_released() -> None:
    _add(released=False, by=-1)
    _add(released=True, by=1)


def _add(*, released: bool, by: int) -> None:
    SeizureCount.objects.get_or_create(released_to_hnp=released)
    SeizureCount.objects.filter(released_to_hnp=released).update(n=F("n") + by)


def recount(
    *,
    models: tuple[Any, Any, Any, Any] = (Seizure, SeizedItem, SeizureTally, SeizureCount),
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Rebuild every tally and both counts from the records. ``models`` are
    (Seizure, SeizedItem, SeizureTally, SeizureCount): a migration passes its own."""
    seizure_model, _item_model, _tally_model, count_model = models
    seizures = seizure_model.objects.using(using)
    recount_tallies(seizures.values_list("pk", flat=True), models=models, using=using)
    for released in (False, True):
        count_model.objects.using(using).update_or_create(
            released_to_hnp=released,
            defaults={"n": seizures.filter(released_to_hnp=released).count()},
        )


def recount_tallies(
    seizure_ids: Iterable[Any],
    *,
    models: tuple[Any, Any, Any, Any] = (Seizure, SeizedItem, SeizureTally, SeizureCount),
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Rebuild the tallies of ``seizure_ids`` from their items."""
    _seizure_model, item_model, tally_model, _count_model = models
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
