"""Reading a CSV upload: the encoding and the delimiter are sniffed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .table import IMPORT_MAX_COLUMNS, HeaderScore, Table, TableError, _assemble, cell_text

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
