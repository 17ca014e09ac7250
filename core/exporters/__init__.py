"""The exporter framework: one exporter per list, rendered as CSV, XLSX or PDF.

The shape follows pretix's ``base/exporter.py``: an exporter has an identifier, a verbose name,
its columns (declared once, with Indonesian and English headers) and a generator of rows. The
admin action, the staff export page and the management commands all call the same exporter, so
scope, protected columns, formula escaping and the audit record are decided in one place.

* ``base``: `Column`, `Format`, `ExportError`, `Exporter` (columns, permissions, rows).
* ``csv``: CSV byte for byte as PostgreSQL writes it, BOM first; ``pgcopy``: the same CSV
  through ``COPY ... TO STDOUT`` on PostgreSQL.
* ``xlsx``: xlsxwriter, constant memory, every cell a string; ``pdf``: a plain table.
* ``render``: `render` (a format into a stream) and `response` (a download), both audited.

Every CSV and XLSX cell goes through the formula guard of `core.formulas`. Memory stays flat:
rows come from ``values_list(...).iterator(chunk_size=...)`` with the joins built into one
query, CSV is written as it is read, XLSX goes to a temporary file first.
"""

from .base import CHUNK_SIZE, FORMATS, Column, Exporter, ExportError, Format
from .csv import BOM, csv_line, iter_csv, write_csv
from .pgcopy import copy_select, copy_sql, copy_to
from .render import render, response
from .xlsx import write_xlsx

__all__ = [
    "BOM",
    "CHUNK_SIZE",
    "FORMATS",
    "Column",
    "ExportError",
    "Exporter",
    "Format",
    "copy_select",
    "copy_sql",
    "copy_to",
    "csv_line",
    "iter_csv",
    "render",
    "response",
    "write_csv",
    "write_xlsx",
]
