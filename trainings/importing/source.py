"""The file as the importer reads it: which columns it has, and each row's cells."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.formulas import unneutralise
from core.tabular import Row, Table, read_table

from ..columns import PARTICIPANT_COLUMNS
from .normalise import header_column, header_score
from .report import ImportRefused

#: Columns the importer reads; the others it recognises (event, …) are reported as not imported.
IMPORTED_KEYS = (
    "name",
    "gender",
    "role",
    "library",
    "village_code",
    "village",
    "district",
    "regency",
    "province",
    "phone",
    "email",
)


def read_participant_table(data: bytes, *, filename: str, sheet: str | None = None) -> Table:
    """The file's table, its header row found by the participant columns it names."""
    return read_table(data, filename=filename, sheet=sheet, header_score=header_score)


@dataclass
class FileColumns:
    """The file's columns the importer reads: column key -> position and header as written."""

    index: dict[str, int]
    header: dict[str, str]
    recognised: list[tuple[str, str]]  # (header in the file, what it was recognised as)
    ignored: list[str]

    def label(self, key: str) -> str:
        return self.header.get(key, "")


def file_columns(table: Table) -> FileColumns:
    columns = FileColumns({}, {}, [], [])
    for index, header in enumerate(table.header):
        if not header:
            continue
        column = header_column(header)
        if column is None or column.key not in IMPORTED_KEYS:
            columns.ignored.append(header)
        elif column.key in columns.index:
            columns.ignored.append(header)  # a second column for the same thing: the first counts
        else:
            columns.index[column.key] = index
            columns.header[column.key] = header
            columns.recognised.append((header, str(column.header)))
    return columns


def check_usable(table: Table, columns: FileColumns) -> None:
    if "name" not in columns.index:
        name_headers = next(c for c in PARTICIPANT_COLUMNS if c.key == "name").all_headers
        raise ImportRefused(
            _(
                "No column for the participant's name was found in the header "
                "row (row %(row)d: %(header)s). Name it one of: %(names)s."
            )
            % {
                "row": table.header_row_number,
                "header": ", ".join(h for h in table.header if h) or "—",
                "names": ", ".join(name_headers),
            }
        )
    if not ({"village_code", "village", "library"} & columns.index.keys()):
        raise ImportRefused(
            _(
                "No column says which village library each participant comes from. Add "
                "a column “Kode Desa” (village code) or “Desa” with “Kabupaten”."
            )
        )
    if not table.rows:
        raise ImportRefused(_("The file has a header row but no participants below it."))


@dataclass(slots=True)
class SourceRow:
    """A data row's cells by column key: as typed in the file, and with the exporters' formula
    guard undone (so a list we exported imports back exactly)."""

    typed: dict[str, str]
    values: dict[str, str]

    @classmethod
    def of(cls, row: Row, columns: FileColumns) -> SourceRow:
        typed = {key: row.get(i).strip() for key, i in columns.index.items()}
        return cls(typed, {key: unneutralise(text) for key, text in typed.items()})

    def get(self, key: str) -> str:
        return self.values.get(key, "")
