"""CSV, byte for byte as PostgreSQL's ``COPY ... (FORMAT csv)`` writes it.

Comma, or semicolon (what Excel expects in the Indonesian locale, where the comma is the decimal
separator); UTF-8 with a byte-order mark so Excel reads names with accents right; ``\\n`` line
ends; quoting exactly as PostgreSQL's CSV output, so that the COPY fast path (core/exporters/
pgcopy.py) and this Python path write the same bytes. Every cell has been through the formula
guard of ``Exporter.rows()``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Exporter

BOM = "\ufeff"
#: Lines joined into one write (or one chunk of a streamed response).
LINES_PER_CHUNK = 2000


def _quote(cell: str, delimiter: str) -> str:
    if delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_line(cells: Sequence[str], delimiter: str = ",") -> str:
    """One CSV line from cells that are already text and already neutralised.

    Quoting follows PostgreSQL's CSV output (a cell is quoted when it holds the delimiter, a
    double quote, CR or LF; a lone ``\\.`` as the only column is quoted too), not Python's
    ``csv`` module (which does not quote a bare CR), so both paths give identical bytes.
    """
    line = delimiter.join(cells)
    # Fast path: three C-level scans of the joined line; a cell holds the delimiter exactly
    # when the line has more delimiters than the joins put in.
    if (
        '"' not in line
        and "\n" not in line
        and "\r" not in line
        and line.count(delimiter) == len(cells) - 1
    ):
        if len(cells) == 1 and line == "\\.":
            return '"\\."\n'
        return line + "\n"
    return delimiter.join(_quote(c, delimiter) for c in cells) + "\n"


def header_bytes(exporter: Exporter, delimiter: str = ",") -> bytes:
    """The BOM and the header line."""
    return (BOM + csv_line(exporter.header_row(), delimiter)).encode()


def csv_chunks(exporter: Exporter, delimiter: str = ",") -> Iterator[tuple[bytes, int]]:
    """The CSV file as (bytes, data rows in them), BOM and header first, as the rows are read:
    memory stays flat, and a streamed response sends the first bytes at once."""
    yield header_bytes(exporter, delimiter), 0
    buffer: list[str] = []
    for row in exporter.rows():
        buffer.append(csv_line(row, delimiter))
        if len(buffer) >= LINES_PER_CHUNK:
            yield "".join(buffer).encode(), len(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode(), len(buffer)


def iter_csv(exporter: Exporter, delimiter: str = ",") -> Iterator[bytes]:
    """The CSV file in pieces of bytes (for a streaming response)."""
    for chunk, _rows in csv_chunks(exporter, delimiter):
        yield chunk


def write_csv(exporter: Exporter, out: IO[bytes], delimiter: str = ",") -> int:
    """Write the whole CSV file into ``out``; returns the number of data rows."""
    count = 0
    for chunk, rows in csv_chunks(exporter, delimiter):
        out.write(chunk)
        count += rows
    return count
