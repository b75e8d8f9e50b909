"""Pages of rows whose number is known without counting them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import QuerySet


class Counted:
    """``rows`` and their number, ``total``, known already (e.g. from a tally kept by
    the database): Django's ``Paginator``, and so DRF's pagination, pages any
    sliceable object with a ``count()`` method, and asks this one instead of running
    a COUNT over the table."""

    def __init__(self, rows: QuerySet[Any], total: int) -> None:
        self.rows = rows
        self.total = total

    def count(self) -> int:
        return self.total

    def __getitem__(self, key: slice) -> Any:
        return self.rows[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return self.total

    @property
    def ordered(self) -> bool:
        return self.rows.ordered


def asks_a_filter(filterset: Any, params: Mapping[str, Any]) -> bool:
    """Whether the query ``params`` name one of ``filterset``'s filters: without one, a
    list is unfiltered and may take its total from a tally (``Counted``)."""
    return any(name in filterset.base_filters for name in params)


def filters_of(request: Any) -> str:
    """The query string of a list's request without its page number: what its
    export, map, figures and trends links carry, so they follow the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())
