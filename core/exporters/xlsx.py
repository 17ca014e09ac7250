"""XLSX: xlsxwriter in constant-memory mode, every cell written with ``write_string`` (never a
formula, a number or a URL) after the formula guard of ``Exporter.rows()``.

A zip's directory comes last, so the workbook is built in a temporary file and copied into the
output stream from there: memory stays flat whatever the row count.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Exporter


def write_xlsx(exporter: Exporter, out: IO[bytes]) -> int:
    """Write the exporter's rows as one sheet (bold, frozen header row, autofilter) into
    ``out``; returns the number of data rows."""
    import xlsxwriter  # only when an XLSX is asked for: commands start faster without it

    with tempfile.TemporaryDirectory(prefix="libportal-xlsx-") as tmp:
        path = f"{tmp}/export.xlsx"
        workbook = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                "tmpdir": tmp,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet(str(exporter.sheet_title())[:31])
        bold = workbook.add_format({"bold": True})
        write_string = sheet.write_string
        for col, header in enumerate(exporter.header_row()):
            write_string(0, col, header, bold)
        sheet.freeze_panes(1, 0)
        row_number = 0
        for row_number, row in enumerate(exporter.rows(), start=1):
            for col, cell in enumerate(row):
                if cell:
                    write_string(row_number, col, cell)
        sheet.autofilter(0, 0, max(row_number, 1), max(len(exporter.selected_columns) - 1, 0))
        workbook.close()
        with open(path, "rb") as f:
            shutil.copyfileobj(f, out, 1024 * 1024)
    return row_number
