"""Reading an XLSX upload: the ZIP directory is checked before openpyxl opens anything, and XML
is parsed through defusedxml only."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .table import IMPORT_MAX_COLUMNS, HeaderScore, Table, TableError, _assemble, cell_text, setting

logger = logging.getLogger(__name__)


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
