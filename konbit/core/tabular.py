"""Reading and writing the tables people exchange (CSV and XLSX), the same way in
every part: headers matched whatever their case, spacing or accents; each problem
tied to its row and column; cells that a spreadsheet would run as a formula made
safe on export and restored on import."""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


@dataclass(slots=True)
class Row:
    """One record of a table: its number (header = 1, or the CSV line where the record
    starts) and its cells in the header's order, as written (``unsafe_cell`` is the
    importer's to apply, column by column where it can). A record may have fewer or
    more cells than the header."""

    number: int
    values: list[str]

    def cells(self, headers: list[str]) -> dict[str, str]:
        """The cells by (normalized) header; more cells than headers holding
        something gives ``"__extra__"``."""
        found = {
            name: unsafe_cell(self.values[i]) if i < len(self.values) else ""
            for i, name in enumerate(headers)
            if name
        }
        if any(value.strip() for value in self.values[len(headers) :]):
            found["__extra__"] = "1"
        return found


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


def _header(reader: Any) -> list[str]:
    try:
        return list(next(reader))
    except StopIteration:
        raise TableError(Problem(0, "", _("The file is empty."))) from None
    except csv.Error as exc:
        raise TableError(Problem(1, "", str(exc))) from None


# A workbook unpacks to at most this many times its size: an XLSX of real data
# compresses some 5 to 20 times; a "zip bomb" (a few hundred KB unpacking to
# hundreds of MB) is refused before anything is unpacked.
XLSX_MAX_RATIO = 100
# Below this, whatever the ratio, unpacking costs nothing worth refusing.
XLSX_SMALL = 8 * 1024 * 1024
# Excel's own limit; and a sheet cannot honestly have more rows than bytes.
XLSX_MAX_ROWS = 1_048_576


class TableReader(ABC):
    """A table read as a stream: its headers at once, then its records chunk by
    chunk (``chunks``), so that memory holds one chunk whatever the file's size.
    Blank records are skipped. ``fraction()`` says how far through the file the
    reading is (for progress)."""

    headers: list[str]  # normalized
    original_headers: list[str]

    def chunks(self, size: int) -> Iterator[list[Row]]:
        chunk: list[Row] = []
        for row in self._rows():
            chunk.append(row)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    @abstractmethod
    def _rows(self) -> Iterator[Row]:
        """The file's data rows, one at a time."""

    def fraction(self) -> float:
        return 0.0


class _CsvReader(TableReader):
    """UTF-8 CSV (with or without BOM). A record's number is the line where it
    starts, so multi-line notes keep their row right. Read strictly: a quote left
    open is an error naming the line where its record starts, never a record that
    silently swallows the ones after it."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self.raw, self.size = handle, size
        self.text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        self.reader = csv.reader(self.text, strict=True)
        try:
            self.original_headers = _header(self.reader)
        except UnicodeDecodeError:
            raise TableError(Problem(1, "", _("The file is not UTF-8 text."))) from None
        self.headers = [normalize_header(h) for h in self.original_headers]

    def _rows(self) -> Iterator[Row]:
        reader, width = self.reader, len(self.headers)
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = str(exc)
                if "end of data" in message:
                    message = _(
                        "A quote opened in the record that starts here is never closed: "
                        "the rest of the file would be read as one cell."
                    )
                raise TableError(Problem(start, "", message)) from None
            except UnicodeDecodeError:
                raise TableError(
                    Problem(start, "", _("The file is not UTF-8 text from this line on."))
                ) from None
            if any(values):
                if len(values) != width and any("\n" in v or "\r" in v for v in values):
                    # A cell over several lines in a record of the wrong width: a
                    # quote opened by mistake took in the records after it.
                    raise TableError(
                        Problem(
                            start,
                            "",
                            _(
                                "A quote opened in this record runs over line %(end)s: "
                                "the records in between were swallowed into one cell. "
                                "Close the quote or remove it."
                            )
                            % {"end": reader.line_num},
                        )
                    )
                yield Row(start, values)
            start = reader.line_num + 1

    def fraction(self) -> float:
        try:
            return min(self.raw.tell() / self.size, 1.0) if self.size else 0.0
        except (OSError, ValueError):
            return 0.0


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


def _check_workbook(handle: IO[bytes], size: int) -> None:
    """Refuse a workbook that unpacks out of proportion to its size, from the sizes
    its zip directory declares (binding: Python's zip reader stops at them)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError(Problem(0, "", _("The file is not an Excel workbook (.xlsx)."))) from None
    if unpacked > XLSX_SMALL and unpacked > XLSX_MAX_RATIO * max(size, 1):
        raise TableError(
            Problem(
                0,
                "",
                _(
                    "The workbook unpacks to %(mb)s MB, %(ratio)s times its size: "
                    "that is not a table of data. Save it again, or as CSV."
                )
                % {"mb": unpacked // (1024 * 1024), "ratio": unpacked // max(size, 1)},
            )
        )
    handle.seek(0)


class _XlsxReader(TableReader):
    """The first sheet of a workbook, streamed (openpyxl's read-only mode); row
    numbers are the spreadsheet's own. The sheet's declared dimension is ignored, so
    a sheet that declares fewer rows than it has is still read whole."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        from openpyxl import load_workbook

        _check_workbook(handle, size)
        self.size = size
        try:
            self.workbook = load_workbook(handle, read_only=True, data_only=True)
            sheet = self.workbook.worksheets[0]
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise TableError(
                Problem(0, "", _("The file is not an Excel workbook (.xlsx)."))
            ) from None
        try:
            self.declared = int(sheet.max_row or 0)
        except (TypeError, ValueError):
            self.declared = 0
        sheet.reset_dimensions()
        self.iterator = sheet.iter_rows(values_only=True)
        self.number = 1
        try:
            header = [_cell_text(v) for v in next(self.iterator)]
        except StopIteration:
            raise TableError(Problem(0, "", _("The file is empty."))) from None
        while header and not header[-1]:
            header.pop()
        self.original_headers = header
        self.headers = [normalize_header(h) for h in header]

    def _rows(self) -> Iterator[Row]:
        width = len(self.headers)
        limit = min(XLSX_MAX_ROWS, max(self.size, 1000))
        try:
            for number, values in enumerate(self.iterator, start=2):
                self.number = number
                if number > limit:
                    raise TableError(
                        Problem(
                            number,
                            "",
                            _("The sheet has more rows than a workbook of this size can hold."),
                        )
                    )
                texts = [_cell_text(v) for v in values[:width]]
                if any(text.strip() for text in texts) or any(
                    v is not None and str(v).strip() for v in values[width:]
                ):
                    extra = [_cell_text(v) for v in values[width:]]
                    yield Row(number, texts + extra if any(extra) else texts)
        finally:
            self.workbook.close()

    def fraction(self) -> float:
        return min(self.number / self.declared, 0.99) if self.declared else 0.0


class _JsonReader(TableReader):
    """A JSON array of objects, or an object holding one (an API's answer, e.g. IOM
    DTM's ``{"isSuccess": true, "result": [...]}``): one row a record, numbered from
    2 as if under a header; the columns are the records' keys in the order they
    first appear. The document is read whole (its size is bounded by the upload
    limit)."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        import json

        try:
            document = json.loads(_decode(handle.read()))
        except ValueError as exc:
            raise TableError(
                Problem(0, "", _("The file is not valid JSON: %(e)s") % {"e": str(exc)[:200]})
            ) from None
        records = document if isinstance(document, list) else None
        if isinstance(document, dict):
            records = next((v for v in document.values() if isinstance(v, list) and v), None)
        if not records or not all(isinstance(r, dict) for r in records):
            raise TableError(Problem(0, "", _("The JSON file holds no list of records (objects).")))
        columns: dict[str, None] = {}
        for record in records:
            columns.update(dict.fromkeys(str(k) for k in record))
        self.records, self.position = records, 0
        self.original_headers = list(columns)
        self.headers = [normalize_header(h) for h in self.original_headers]

    def _rows(self) -> Iterator[Row]:
        import json

        def text(value: Any) -> str:
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, dict | list):
                return json.dumps(value, ensure_ascii=False)
            return _cell_text(value)

        for index, record in enumerate(self.records):
            self.position = index + 1
            values = [text(record.get(name)) for name in self.original_headers]
            if any(v.strip() for v in values):
                yield Row(index + 2, values)

    def fraction(self) -> float:
        return self.position / len(self.records) if self.records else 0.0


def open_table(handle: IO[bytes], file_name: str, *, size: int) -> TableReader:
    """A CSV, XLSX or JSON file (chosen by its name, or by its first bytes), read
    as a stream from ``handle`` (a seekable binary file of ``size`` bytes); JSON is
    read only when the file is named ``.json``."""
    if not size:
        raise TableError(Problem(0, "", _("The file is empty.")))
    head = handle.read(2)
    handle.seek(0)
    if file_name.lower().endswith(".xlsx") or head == b"PK":
        return _XlsxReader(handle, size)
    if file_name.lower().endswith(".json"):
        return _JsonReader(handle, size)
    return _CsvReader(handle, size)


def read_table(data: bytes, file_name: str) -> tuple[list[str], list[Row]]:
    """A small table held in memory: its normalized headers and every row (for
    tests and round trips; imports stream through ``open_table``)."""
    reader = open_table(io.BytesIO(data), file_name, size=len(data))
    return reader.headers, [row for chunk in reader.chunks(1000) for row in chunk]


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
