"""Reading an uploaded table (CSV or XLSX) safely, for every importer.

An upload is untrusted: it may be the wrong format, huge, a zip bomb, carry macros, external
links or XML entity tricks, or be text in an unknown encoding. :func:`read_table` either returns
a :class:`Table` of plain strings or raises :class:`TableError` carrying one translatable
message for the user. Nothing here raises anything else for a bad file.

- The format is decided by the content, not the file name: a ZIP is an XLSX workbook, text is
  CSV. Old ``.xls`` and OpenDocument files get a message saying how to save them.
- XLSX: the ZIP directory is checked before openpyxl opens anything (entry count, total
  uncompressed size, macros ``vbaProject.bin``, ``xl/externalLinks/``). openpyxl parses XML
  through defusedxml when it is installed (it is a dependency); we refuse XLSX if it is not.
  ``data_only=False``: a formula comes back as its text (``=SUM(A1:A3)``), never evaluated and
  never a cached result.
- CSV: UTF-8 with or without BOM, else Windows-1252; comma, semicolon or tab, sniffed.
- The header row is found below any title rows (the row that the caller's scoring function
  likes best among the first rows); blank rows are skipped but keep their row numbers, so a
  message can say "row 7" and mean the row the user sees in Excel.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

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


def read_table(
    data: bytes,
    *,
    filename: str = "",
    sheet: str | None = None,
    header_score: HeaderScore | None = None,
    max_bytes: int | None = None,
) -> Table:
    """Read an uploaded CSV or XLSX file into a :class:`Table`, or raise :class:`TableError`.

    ``header_score(cells)`` says how much a row looks like the header (e.g. how many cells name
    a known column); the best-scoring row among the first non-blank rows is the header, the
    first one on a tie. Without it the first non-blank row is the header.
    """
    if not isinstance(data, bytes | bytearray):
        raise TableError(_("The upload could not be read."))
    check_size(len(data), max_bytes=max_bytes)
    if not data.strip():
        raise TableError(_("The file is empty."))
    kind = sniff_format(data, filename)
    score = header_score or _default_header_score
    try:
        if kind == "xlsx":
            table = _read_xlsx(bytes(data), sheet=sheet, score=score)
        else:
            if sheet:
                raise TableError(_("A CSV file has no sheets; leave the sheet name empty."))
            table = _read_csv(bytes(data), score=score)
    except TableError:
        raise
    except RecursionError as exc:  # deeply nested XML
        logger.info("unreadable upload %r: %r", filename, exc)
        raise TableError(
            _("The file could not be read: its structure is too deeply nested.")
        ) from None
    except MemoryError:
        raise TableError(_("The file is too large to read.")) from None
    except Exception as exc:  # noqa: BLE001 - any parser failure on untrusted input is a message
        logger.info("unreadable upload %r: %r", filename, exc)
        if _caused_by_defusedxml(exc):
            raise _xml_refused() from None
        if kind == "xlsx":
            raise TableError(
                _("The file could not be read as an Excel workbook (.xlsx); it may be damaged.")
            ) from None
        raise TableError(_("The file could not be read as a CSV file.")) from None
    return table


def check_size(size: int, *, max_bytes: int | None = None) -> None:
    """Refuse a file larger than the limit (``IMPORT_MAX_BYTES``) before reading it."""
    limit = max_bytes if max_bytes is not None else setting("IMPORT_MAX_BYTES")
    if size > limit:
        raise TableError(
            _("The file is %(size)s; files up to %(limit)s can be imported.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def sniff_format(data: bytes, filename: str = "") -> str:
    """``"xlsx"`` or ``"csv"`` from the content; other formats raise :class:`TableError`."""
    name = (filename or "").lower()
    head = bytes(data[:8])
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            _(
                "This is an old Excel file (.xls) or another Office file. Open it in Excel "
                "and save it as an Excel workbook (.xlsx) or as CSV."
            )
        )
    if head.startswith(b"%PDF"):
        raise TableError(
            _("This is a PDF file. Upload the list as an Excel workbook (.xlsx) or CSV.")
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(
            _(
                "This text file is in UTF-16. Save it as “CSV UTF-8” "
                "or as an Excel workbook (.xlsx)."
            )
        )
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise TableError(
            _("The file is named like a spreadsheet but is not a valid .xlsx workbook.")
        )
    if b"\x00" in data[:65536]:
        raise TableError(_("This is not a CSV or Excel (.xlsx) file."))
    return "csv"


# --- CSV -------------------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (BOM removed) or, failing that, Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise TableError(
                _(
                    "The file says it is UTF-8 but is not valid UTF-8 "
                    "text. Save it again as CSV UTF-8."
                )
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        raise TableError(
            _("The text of the file is neither UTF-8 nor Windows-1252. Save it again as CSV UTF-8.")
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one width (above 1)."""
    sample = text[:20000]
    lines = sample.splitlines()[:50]
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        widths: dict[int, int] = {}
        try:
            for record in csv.reader(lines, delimiter=delimiter):
                width = len([c for c in record]) if any(c.strip() for c in record) else 0
                if width > 1:
                    widths[width] = widths.get(width, 0) + 1
        except csv.Error:
            continue
        score = max(widths.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, *, score: HeaderScore) -> Table:
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise TableError(_("This is not a CSV or Excel (.xlsx) file."))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        # The row number is the record's position; a quoted cell spanning lines stays one row.
        try:
            for number, record in enumerate(reader, start=1):
                yield number, [cell_text(c) for c in record[:IMPORT_MAX_COLUMNS]]
        except csv.Error as exc:
            raise TableError(
                _("The CSV file is malformed near row %(row)d: %(error)s")
                % {"row": reader.line_num, "error": exc}
            ) from None

    table = _assemble(numbered(), score=score, format="csv")
    table.encoding, table.delimiter = encoding, delimiter
    return table


# --- XLSX ------------------------------------------------------------------------------------


def check_xlsx_archive(data: bytes) -> None:
    """Refuse a workbook before opening it: zip bombs, too many entries, macros, external links.

    The sizes are those of the ZIP directory; Python's zipfile never inflates an entry past
    its declared size, so the directory bounds what reading can cost.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise TableError(
            _("The file is not a valid Excel workbook (.xlsx); it may be damaged.")
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > setting("IMPORT_MAX_ZIP_ENTRIES"):
            raise TableError(
                _("The workbook holds %(count)d files inside; at most %(limit)d are accepted.")
                % {"count": len(entries), "limit": setting("IMPORT_MAX_ZIP_ENTRIES")}
            )
        total = sum(entry.file_size for entry in entries)
        limit = setting("IMPORT_MAX_UNCOMPRESSED_BYTES")
        if total > limit:
            raise TableError(
                _(
                    "The workbook would unpack to %(size)s, more than the %(limit)s allowed. "
                    "Remove unused sheets and images, or save the list as CSV."
                )
                % {"size": filesizeformat(total), "limit": filesizeformat(limit)}
            )
        names = [entry.filename.replace("\\", "/").lower() for entry in entries]
        if "xl/workbook.xml" not in names:
            if "content.xml" in names:
                raise TableError(
                    _(
                        "This is an OpenDocument spreadsheet (.ods). Save it "
                        "as an Excel workbook (.xlsx) or CSV."
                    )
                )
            raise TableError(_("This ZIP file is not an Excel workbook (.xlsx)."))
        if any(name.endswith("vbaproject.bin") for name in names):
            raise TableError(
                _(
                    "The workbook contains macros, which are not accepted. "
                    "Save it as a plain Excel workbook (.xlsx)."
                )
            )
        if any(name.startswith("xl/externallinks/") for name in names):
            raise TableError(
                _(
                    "The workbook links to other files (external links), which are not accepted. "
                    "Copy the values in (Paste Special → Values) and save it again."
                )
            )


def _read_xlsx(data: bytes, *, sheet: str | None, score: HeaderScore) -> Table:
    import openpyxl
    from defusedxml import DefusedXmlException

    if not getattr(openpyxl, "DEFUSEDXML", False):
        # Fail closed: without defusedxml openpyxl would parse entity declarations.
        logger.error("openpyxl is not using defusedxml; refusing XLSX uploads")
        raise TableError(
            _("Excel workbooks cannot be imported on this server; upload CSV instead.")
        )
    check_xlsx_archive(data)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except DefusedXmlException:
        raise _xml_refused() from None
    try:
        names = list(workbook.sheetnames)
        if sheet:
            if sheet not in names:
                raise TableError(
                    _("The workbook has no sheet named “%(sheet)s”; its sheets are: %(sheets)s.")
                    % {"sheet": sheet, "sheets": ", ".join(names)}
                )
            worksheet = workbook[sheet]
        else:
            if not names:
                raise TableError(_("The workbook has no sheets."))
            worksheet = workbook[names[0]]
        if not hasattr(worksheet, "reset_dimensions"):
            raise TableError(
                _("The sheet “%(sheet)s” is a chart, not a table.") % {"sheet": worksheet.title}
            )
        # The dimension in the file may claim a million rows; read only what is there.
        worksheet.reset_dimensions()

        def numbered() -> Iterator[tuple[int, list[str]]]:
            rows = worksheet.iter_rows(max_col=IMPORT_MAX_COLUMNS, values_only=True)
            for number, values in enumerate(rows, start=1):
                yield number, [cell_text(v) for v in values]

        try:
            table = _assemble(numbered(), score=score, format="xlsx")
        except DefusedXmlException:
            raise _xml_refused() from None
        table.sheet, table.sheets = worksheet.title, names
        return table
    finally:
        workbook.close()


def _caused_by_defusedxml(exc: BaseException) -> bool:
    """openpyxl wraps parser errors in ValueError; look down the chain for defusedxml's."""
    from defusedxml import DefusedXmlException

    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 20:
        if isinstance(current, DefusedXmlException):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


def _xml_refused() -> TableError:
    return TableError(
        _(
            "The workbook contains XML entity or DTD declarations, which are not accepted "
            "(they can be used to attack the server). Save it again from Excel."
        )
    )


# --- shared ----------------------------------------------------------------------------------


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
