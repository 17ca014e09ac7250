"""What every importer shares (imports no app): how a header is compared, the four outcomes of
a row, a row's message naming where (row, column), and the refusal of a whole file.

The participant import (`trainings.importing`) and the beneficiary import
(`programs.importing`) both read files with `core.tabular`, match headers with
`normalise_header` against their exporters' `Column.all_headers`, and report with these types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .exporters import Column
from .tabular import TableError

NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"
OUTCOMES = (NEW, UPDATE, DUPLICATE, ERROR)

#: Exit codes of the import commands: would write / wrote, rows have errors, unusable input.
EXIT_OK, EXIT_ROW_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class ImportRefused(TableError):
    """The whole import cannot go ahead (unusable file, missing column, out of scope)."""


def normalise_header(text: str) -> str:
    """A header as an importer should compare it: case, accents, punctuation and spacing
    ignored ("No. HP" == "no hp", "E-mail" == "email")."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


class HeaderIndex:
    """Which column a header names, from the columns' headers and aliases (the first column
    that claims a header keeps it)."""

    def __init__(self, columns: Iterable[Column]) -> None:
        self._index: dict[str, Column] = {}
        for column in columns:
            for header in column.all_headers:
                self._index.setdefault(normalise_header(header), column)

    def column(self, text: str) -> Column | None:
        return self._index.get(normalise_header(text))

    def score(self, cells: list[str]) -> int:
        """How much a row looks like the header: how many distinct known columns it names."""
        return len({c.key for c in map(self.column, cells) if c is not None})


@dataclass
class RowMessage:
    row: int
    column: str  # the header as written in the file, "" for the whole row
    text: str

    def __str__(self) -> str:
        if self.column:
            return _("row %(row)d, column %(column)s: %(text)s") % {
                "row": self.row,
                "column": self.column,
                "text": self.text,
            }
        return _("row %(row)d: %(text)s") % {"row": self.row, "text": self.text}
