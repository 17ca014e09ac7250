"""`read_table`: the size and format checks and the dispatch to the CSV or XLSX reader."""

from __future__ import annotations

import logging

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .csv_files import _read_csv
from .table import HeaderScore, Table, TableError, _default_header_score, setting
from .xlsx_files import _caused_by_defusedxml, _read_xlsx, _xml_refused

logger = logging.getLogger(__name__)


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
