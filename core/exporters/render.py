"""The one way an export is written: `render` (a format into a binary stream) and `response`
(a download). The management commands, the admin actions and the staff page all end here, so
every export is written the same way and lands on the audit trail (`core.audit.audit_export`):
who, which list, which columns and filters, how many rows. Nobody can forget the record, and no
caller can write a file without it.

An export that wrote no row leaves no record (nothing left the database); an exporter of
public open data declares ``audited = False`` (it has no protected column: the base refuses one).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from typing import IO

from django.db import connection
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from .base import FORMATS, Exporter
from .csv import header_bytes, iter_csv, write_csv
from .pgcopy import copy_to


def _record(exporter: Exporter, fmt: str, row_count: int) -> None:
    # Imported here: the audit's models need the app registry, and `core.exporters` must stay
    # importable before it (column declarations are read while the models load).
    from core.audit import audit_export

    if exporter.audited and row_count:
        audit_export(user=exporter.user, exporter=exporter, fmt=fmt, row_count=row_count)


#: The filters whose values name a file, in this order (the event's slug says the most).
FILENAME_FILTERS = ("event", "cycle", "province", "regency")


def _filter_label(value: object) -> str:
    return slugify(str(getattr(value, "slug", None) or value))


def dated_filename(exporter: Exporter, fmt: str, *, today: date | None = None) -> str:
    """The download's name: the list, its filters and the date, so files kept side by side say
    what they hold: ``peserta-bimtek-bali-2021-2026-11-27.xlsx``."""
    today = today or timezone.localdate()
    parts = [exporter.identifier]
    for key in FILENAME_FILTERS:
        value = exporter.filters.get(key)
        if value not in (None, "", []):
            label = _filter_label(value)
            if label and label not in parts:
                parts.append(label)
    parts.append(today.isoformat())
    return f"{'-'.join(parts)[:150]}.{FORMATS[fmt].extension}"


def _report_rows(exporter: Exporter, progress: Callable[[int, int | None], None]) -> None:
    """Make this exporter's ``rows()`` report (rows written, rows in all) as it goes: every
    renderer reads rows through it, so one wrapper serves CSV, XLSX and PDF alike."""
    total = exporter.count()
    progress(0, total)
    rows = exporter.rows

    def counted(*args, **kwargs):
        n = 0
        for n, row in enumerate(rows(*args, **kwargs), start=1):
            if not n % 500:
                progress(n, total)
            yield row
        progress(n, max(total, n))

    exporter.rows = counted  # type: ignore[method-assign]


def render(
    exporter: Exporter,
    fmt: str,
    out: IO[bytes],
    *,
    use_copy: bool | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Write the whole file in format ``fmt`` into the binary stream ``out``, incrementally,
    then record the export; returns the number of data rows. ``progress(done, total)`` is
    called as rows are written (a background job's progress bar); CSV then goes row by row
    rather than through COPY, whose rows cannot be counted as they pass.

    CSV on PostgreSQL goes through ``COPY ... TO STDOUT`` (core/exporters/pgcopy.py) unless
    ``use_copy=False``; the bytes are the same. A caller that publishes the file (the commands
    write beside the target and rename) does so after this returns, so a published file always
    has its record. Raises `ExportError` for a format or a size the exporter refuses.
    """
    spec = exporter.check_format(fmt)
    if progress is not None:
        _report_rows(exporter, progress)
        use_copy = False
    if spec.delimiter is not None:
        if use_copy is None:
            use_copy = connection.vendor == "postgresql"
        if use_copy:
            out.write(header_bytes(exporter, spec.delimiter))
            count = copy_to(exporter, out, spec.delimiter)
        else:
            count = write_csv(exporter, out, spec.delimiter)
    elif fmt == "xlsx":
        count = exporter.write_xlsx(out)
    else:
        out.write(exporter.render_pdf())
        count = exporter.count()
    _record(exporter, fmt, count)
    return count


def response(exporter: Exporter, fmt: str) -> HttpResponse:
    """The export as a download: CSV streamed as it is read, XLSX and PDF built first (in a
    temporary file) and streamed from there.

    The record is written before the first byte leaves: for a streamed CSV with the number of
    rows counted just before (a row written in between may make it one off), for the others
    with the exact number written. Raises `ExportError` like `render`.
    """
    spec = exporter.check_format(fmt)
    if spec.delimiter is not None:
        if exporter.audited:
            _record(exporter, fmt, exporter.count())
        result: HttpResponse = StreamingHttpResponse(
            iter_csv(exporter, spec.delimiter), content_type=spec.content_type
        )
    else:
        spool = tempfile.TemporaryFile()
        try:
            render(exporter, fmt, spool)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        result = FileResponse(spool, content_type=spec.content_type)
    # Staff files carry their filters and date; public open data keeps one stable name to link.
    name = dated_filename(exporter, fmt) if exporter.audited else exporter.filename(fmt)
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result
