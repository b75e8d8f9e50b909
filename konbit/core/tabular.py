"""Reading and writing the tables people exchange (CSV and XLSX), the same way in
every part: headers matched whatever their case, spacing or accents; each problem
tied to its row and column; cells that a spreadsheet would run as a formula made
safe on export and restored on import."""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@")


def normalize_text(value: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces folded to one space:
    "Cité-Soleil" and "cite soleil" become the same key."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain.casefold())
    return " ".join(cleaned.split())


def normalize_header(value: str) -> str:
    """A header as a key: "Date of Birth", "date_of_birth" and "DATE-OF-BIRTH" match."""
    return normalize_text(value.lstrip("\ufeff")).replace(" ", "_")


def safe_cell(value: Any) -> Any:
    """A value for a spreadsheet cell: text that begins like a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """Undo ``safe_cell`` on import, so that an export re-imports unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Problem:
    """Something wrong with one row (or the whole file when ``row`` is 0)."""

    row: int
    column: str
    message: str

    def line(self) -> str:
        if self.row and self.column:
            return f"row {self.row}, column {self.column}: {self.message}"
        if self.row:
            return f"row {self.row}: {self.message}"
        return str(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class Row:
    """One record of a table: its number (header = 1, or the CSV line where the record
    starts) and its cells by normalized header."""

    number: int
    cells: dict[str, str]


@dataclass
class Table:
    headers: list[str]  # normalized
    original_headers: list[str]
    rows: list[Row] = field(default_factory=list)


class TableError(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.line())


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            Problem(0, "", _("The file is not UTF-8 text (byte %(pos)s).") % {"pos": exc.start})
        ) from None


def split_header(data: bytes) -> tuple[list[str], str, int]:
    """A CSV file's header cells, the text after the header and the line that text
    starts on, for readers that take the records themselves. The file is decoded
    once, and the rest of it is not read here."""
    text = _decode(data)
    ends = [at for at in (text.find("\n"), text.find("\r")) if at >= 0]
    end = min(ends) if ends else len(text) - 1
    if text[end : end + 2] == "\r\n":
        end += 1
    head = text[: end + 1]
    if head.count('"') % 2:
        # A header cell over several lines: read as csv reads it.
        buffer = io.StringIO(text, newline="")
        reader = csv.reader(buffer)
        header = _header(reader)
        return header, text[buffer.tell() :], reader.line_num + 1
    return _header(csv.reader(io.StringIO(head, newline=""))), text[end + 1 :], 2


def _header(reader: Any) -> list[str]:
    try:
        return list(next(reader))
    except StopIteration:
        raise TableError(Problem(0, "", _("The file is empty."))) from None
    except csv.Error as exc:
        raise TableError(Problem(1, "", str(exc))) from None


def iter_csv(data: bytes) -> tuple[list[str], Iterator[Row]]:
    """Headers and rows of a CSV file (UTF-8, with or without BOM). A record's number
    is the line where it starts, so multi-line notes keep their row right."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(reader)
    headers = [normalize_header(h) for h in header]

    def rows() -> Iterator[Row]:
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise TableError(Problem(start, "", str(exc))) from None
            if any(value.strip() for value in values):
                cells = {
                    name: unsafe_cell(values[i]) if i < len(values) else ""
                    for i, name in enumerate(headers)
                    if name
                }
                if len(values) > len(headers) and any(v.strip() for v in values[len(headers) :]):
                    cells["__extra__"] = "1"
                yield Row(start, cells)
            start = reader.line_num + 1

    return header, rows()


def read_csv(data: bytes) -> Table:
    original, rows = iter_csv(data)
    return Table([normalize_header(h) for h in original], original, list(rows))


def _cell_text(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes) -> Table:
    """The first sheet of an XLSX workbook; row numbers are the spreadsheet's own."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise TableError(Problem(0, "", _("The file is not an Excel workbook (.xlsx)."))) from None
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(v) for v in next(rows_iter)]
    except StopIteration:
        raise TableError(Problem(0, "", _("The file is empty."))) from None
    while header and not header[-1]:
        header.pop()
    headers = [normalize_header(h) for h in header]
    table = Table(headers, header)
    for number, values in enumerate(rows_iter, start=2):
        texts = [_cell_text(v) for v in values]
        if not any(t.strip() for t in texts):
            continue
        cells = {
            name: unsafe_cell(texts[i]) if i < len(texts) else ""
            for i, name in enumerate(headers)
            if name
        }
        table.rows.append(Row(number, cells))
    workbook.close()
    return table


def read_table(data: bytes, file_name: str) -> Table:
    """A CSV or XLSX file, chosen by its name (or by its first bytes)."""
    if file_name.lower().endswith(".xlsx") or data[:2] == b"PK":
        return read_xlsx(data)
    return read_csv(data)


def write_csv(handle: IO[str], headers: list[str], rows: Iterable[Iterable[Any]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell_text(safe_cell(value)) for value in row])


def write_xlsx(headers: list[str], rows: Iterable[Iterable[Any]], *, title: str = "Sheet") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
