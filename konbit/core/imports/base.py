"""What an importer supplies to the pipeline (``konbit.core.imports.pipeline``).

An importer is a subclass of ``Importer`` declared by its part's AppConfig
(``importers()``). It gives its label, explanation and example file, the form of
what it needs besides the file (a contingent, a country), its permission check (one
call) and, for each run, a ``Job``: the checks of a chunk of rows and the writer of
the valid ones. Everything else (storing the upload, the preview, confirming,
the background task, progress, cancelling, the audit entry, the bounds, the
commands' output) is the pipeline's.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms

from konbit.core.tabular import Problem, Row

if TYPE_CHECKING:
    from konbit.core.models import ImportRun


@dataclass
class Outcome:
    """What writing (or, on a dry run, planning) a chunk did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: Outcome) -> Outcome:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


class Refused(Exception):
    """The whole file is refused (a missing column, a wrong kind of file): nothing
    of it can be imported."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.line() for p in problems))


class Job(ABC):
    """One run of an importer over one file. The pipeline calls, in one database
    transaction: ``check`` then ``write`` for each chunk of rows, then ``finish``;
    a job may hold state across chunks (keys already seen), never the rows."""

    def __init__(self, run: ImportRun, *, dry_run: bool) -> None:
        self.run = run
        self.dry_run = dry_run

    @abstractmethod
    def check(self, rows: list[Row]) -> tuple[Any, list[Problem], list[Problem]]:
        """The chunk's valid rows ready for ``write`` (any shape), its problems (one
        row may have several) and its warnings."""

    @abstractmethod
    def write(self, valid: Any) -> Outcome:
        """Write the valid rows (on a dry run: only count what writing would do).
        Each record written is stamped with ``self.run``."""

    def finish(self) -> dict[str, Any]:
        """After the last chunk: anything for ``ImportRun.extra`` (JSON)."""
        return {}

    def close(self) -> None:
        """Always called at the end, whatever happened (release what ``begin`` took)."""
        return None


class Importer(ABC):
    kind: ClassVar[str]  # ImportRun.kind
    domain: ClassVar[str]  # the part, for the audit trail
    label: ClassVar[Any]  # "Import a roster"
    explanation: ClassVar[Any]  # a paragraph on the upload page
    upload_url_name: ClassVar[str]  # the part's upload page
    extensions: ClassVar[tuple[str, ...]] = (".csv", ".xlsx")
    example_formats: ClassVar[tuple[str, ...]] = ()
    chunk_rows: ClassVar[int] = 5000
    # A template included on the run's page for the importer's ``extra`` (or None).
    extra_template: ClassVar[str | None] = None

    def options_form(self, user: Any, data: Any = None) -> forms.Form:
        """The fields it needs besides the file."""
        return forms.Form(data)

    def options(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The form's values as JSON (kept on the run)."""
        return {}

    @abstractmethod
    def may_import(self, user: Any, options: dict[str, Any] | None = None) -> bool:
        """Whether ``user`` may import with these options (None: at all, to show the
        page). The one permission check of the importer."""

    def scope(self, options: dict[str, Any]) -> str:
        return ""

    def example(self, fmt: str) -> bytes:
        """The example file in ``fmt``, one of ``example_formats`` (none by default)."""
        raise LookupError(f"{self.kind} offers no example file as {fmt}")

    @abstractmethod
    def begin(
        self, run: ImportRun, headers: list[str], original: list[str], *, dry_run: bool
    ) -> Job:
        """A job for ``run`` given the file's headers (normalized, and as written);
        raises ``Refused`` for problems with the header."""
