"""What a read table is (`Table`, `Row`), the one error (`TableError`), the upload limits, and
the header search shared by both formats."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

#: Defaults; each can be changed in settings under the same name.
IMPORT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
IMPORT_MAX_ZIP_ENTRIES = 500
IMPORT_MAX_ROWS = 50_000
#: Columns beyond this are not read (a stray cell at column XFD must not cost 16,384 cells/row).
IMPORT_MAX_COLUMNS = 60
#: How many non-blank rows from the top may hold titles above the header.
HEADER_SEARCH_ROWS = 20


def setting(name: str) -> int:
    return int(getattr(settings, name, globals()[name]))


class TableError(Exception):
    """An upload that cannot be read; ``message`` is for the user (already translated)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class Row:
    """A data row: its number as the user sees it (1-based, as in Excel) and its cells."""

    number: int
    cells: list[str]

    def get(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


@dataclass
class Table:
    format: str  # "csv" or "xlsx"
    header: list[str]
    header_row_number: int
    rows: list[Row] = field(default_factory=list)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""

    def to_json(self) -> str:
        """The table as JSON, to keep server-side between a preview and its confirmation."""
        data = {k: v for k, v in self.__dict__.items() if k != "rows"}
        data["rows"] = [[row.number, row.cells] for row in self.rows]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Table:
        data = json.loads(text)
        data["rows"] = [Row(number, cells) for number, cells in data["rows"]]
        return cls(**data)


HeaderScore = Callable[[list[str]], int]


def _default_header_score(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell)


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    # A cell of only whitespace (or non-breaking spaces pasted from a web page) is blank.
    return text.replace("\u00a0", " ").strip()


def _assemble(
    records: Iterable[tuple[int, list[str]]], *, score: HeaderScore, format: str
) -> Table:
    max_rows = setting("IMPORT_MAX_ROWS")
    candidates: list[tuple[int, list[str]]] = []
    rows: list[Row] = []
    for number, cells in records:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue  # blank row
        if len(candidates) < HEADER_SEARCH_ROWS:
            candidates.append((number, cells))
            continue
        rows.append(Row(number, cells))
        if len(rows) > max_rows:
            raise TableError(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": max_rows}
            )
    if not candidates:
        raise TableError(_("The file has no rows."))
    best_index, best = 0, -1
    for index, (_number, cells) in enumerate(candidates):
        value = score(cells)
        if value > best:
            best_index, best = index, value
    header_number, header = candidates[best_index]
    data_rows = [Row(n, c) for n, c in candidates[best_index + 1 :]] + rows
    if len(data_rows) > max_rows:
        raise TableError(
            _("The file has more than %(limit)d rows; split it into smaller files.")
            % {"limit": max_rows}
        )
    return Table(format=format, header=header, header_row_number=header_number, rows=data_rows)
