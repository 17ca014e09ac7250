"""XLSX: xlsxwriter in constant-memory mode, every cell written with ``write_string`` (never a
formula, a number or a URL).

A cell written as a string can never be a formula, whatever its first character, so the
XLSX takes the rows *without* the CSV's formula guard: a phone reads "+62812…", not "'+62812…",
and copies cleanly into a messaging app (issue 16; docs/decisions.md, "Formulas"). Columns get
widths from the header and a sample of the first rows, capped so one long address does not make
a sheet unreadable.

A zip's directory comes last, so the workbook is built in a temporary file and copied into the
output stream from there: memory stays flat whatever the row count.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Exporter

#: Rows read to size the columns (kept in memory until written).
WIDTH_SAMPLE_ROWS = 200
#: Column widths in characters: at least, at most.
MIN_WIDTH, MAX_WIDTH = 6, 50


def column_widths(header: list[str], sample: list[list[str]]) -> list[float]:
    """A width per column: the longest of the header (bold: a little wider) and the sampled
    values, plus a margin for the autofilter button, within [MIN_WIDTH, MAX_WIDTH]."""
    widths = []
    for col, title in enumerate(header):
        longest = max(
            [len(title) * 1.1 + 3]
            + [len(row[col]) + 1 for row in sample if col < len(row) and row[col]]
        )
        widths.append(float(min(max(round(longest, 1), MIN_WIDTH), MAX_WIDTH)))
    return widths


def write_xlsx(exporter: Exporter, out: IO[bytes]) -> int:
    """Write the exporter's rows as one sheet (bold, frozen header row, autofilter, column
    widths) into ``out``; returns the number of data rows."""
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
        header = [str(h) for h in exporter.header_row()]
        rows = iter(exporter.rows(neutralise=False))
        sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
        for col, width in enumerate(column_widths(header, sample)):
            sheet.set_column(col, col, width)
        for col, title in enumerate(header):
            write_string(0, col, title, bold)
        sheet.freeze_panes(1, 0)
        row_number = 0
        for row_number, row in enumerate(itertools.chain(sample, rows), start=1):
            for col, cell in enumerate(row):
                if cell:
                    write_string(row_number, col, cell)
        sheet.autofilter(0, 0, max(row_number, 1), max(len(header) - 1, 0))
        workbook.close()
        with open(path, "rb") as f:
            shutil.copyfileobj(f, out, 1024 * 1024)
    return row_number
