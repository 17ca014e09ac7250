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

from .csv_files import decode_text, sniff_delimiter
from .reader import check_size, read_table, sniff_format
from .table import (
    HEADER_SEARCH_ROWS,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_UNCOMPRESSED_BYTES,
    IMPORT_MAX_ZIP_ENTRIES,
    HeaderScore,
    Row,
    Table,
    TableError,
    cell_text,
    setting,
)
from .xlsx_files import check_xlsx_archive

__all__ = [
    "IMPORT_MAX_BYTES",
    "IMPORT_MAX_UNCOMPRESSED_BYTES",
    "IMPORT_MAX_ZIP_ENTRIES",
    "IMPORT_MAX_ROWS",
    "IMPORT_MAX_COLUMNS",
    "HEADER_SEARCH_ROWS",
    "setting",
    "TableError",
    "Row",
    "Table",
    "HeaderScore",
    "cell_text",
    "decode_text",
    "sniff_delimiter",
    "check_xlsx_archive",
    "read_table",
    "check_size",
    "sniff_format",
]
