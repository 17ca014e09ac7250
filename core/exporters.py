"""The exporter base: one exporter per list, rendered as CSV, XLSX or PDF.

The shape follows pretix's ``base/exporter.py``: an exporter has an identifier, a verbose name,
its columns (declared once, with Indonesian and English headers) and a generator of rows; this
base renders them. The admin action, the staff export page and the management commands all call
the same exporter, so scope, protected columns and formula escaping are decided in one place.

* CSV: comma, or semicolon (what Excel expects in the Indonesian locale, where the comma is the
  decimal separator); UTF-8 with a byte-order mark so Excel reads names with accents right;
  ``\\n`` line ends; quoting exactly as PostgreSQL's ``COPY ... CSV`` does, so that the COPY fast
  path (``copy_to``) and the Python path write the same bytes.
* XLSX: xlsxwriter in constant-memory mode; every cell is written with ``write_string``: never a
  formula, a number or a URL.
* Every CSV and XLSX cell goes through :func:`core.formulas.neutralise`.
* Memory stays flat: rows come from ``values_list(...).iterator(chunk_size=...)`` with the joins
  built into one query, CSV is written as it is read, XLSX goes to a temporary file first
  (a zip's directory comes last) and is streamed from there.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, ClassVar

from django.db import connection
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .formulas import DANGEROUS_FIRST_CHARACTERS, POSTGRES_NEUTRALISE_TEMPLATE

BOM = "\ufeff"
CHUNK_SIZE = 5000


@dataclass(frozen=True)
class Column:
    """One column of an exported list.

    ``header`` is an English source string through gettext (for forms and help texts);
    ``header_id`` and ``header_en`` are the literal headers written into files in each language
    (files are a contract an importer reads back, whatever the catalogue says); ``aliases``
    are further headers an importer may accept; ``personal`` marks contact data (only with the
    contacts permission), ``health`` health data (only when asked for, with the health
    permission); ``default`` columns are exported when no columns are chosen.
    """

    key: str
    header: str | Promise
    header_id: str
    header_en: str
    aliases: tuple[str, ...] = ()
    personal: bool = False
    health: bool = False
    default: bool = True

    @property
    def all_headers(self) -> tuple[str, ...]:
        """Every header an importer should accept for this column."""
        return (self.header_id, self.header_en, *self.aliases)

    def header_for(self, language: str | None = None) -> str:
        language = language or get_language() or "id"
        return self.header_en if language.startswith("en") else self.header_id


@dataclass(frozen=True)
class Format:
    key: str
    label: str | Promise
    extension: str
    content_type: str


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("csv", gettext_lazy("CSV (comma)"), "csv", "text/csv; charset=utf-8"),
        Format(
            "csv-semicolon",
            gettext_lazy("CSV (semicolon, for Excel in Indonesian)"),
            "csv",
            "text/csv; charset=utf-8",
        ),
        Format(
            "xlsx",
            gettext_lazy("Excel (XLSX)"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Format("pdf", gettext_lazy("PDF"), "pdf", "application/pdf"),
    )
}


class ExportError(Exception):
    """A request the exporter refuses, with a message for the person who made it."""


# --- CSV, byte for byte as PostgreSQL's COPY ... (FORMAT csv) writes it -------------------------

_DANGEROUS = tuple(DANGEROUS_FIRST_CHARACTERS)


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


def neutralise_text(text: str) -> str:
    return "'" + text if text.startswith(_DANGEROUS) else text


class Exporter:
    """Base class: subclasses declare ``identifier``, ``verbose_name``, ``columns`` and
    ``fields`` (column key -> ORM lookup or expression for ``values_list``), and implement
    ``get_queryset`` (the user's scope and the filters)."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str | Promise]
    columns: ClassVar[tuple[Column, ...]]
    formats: ClassVar[tuple[str, ...]] = ("csv", "csv-semicolon", "xlsx", "pdf")
    #: Largest number of rows a PDF is built for (PDFs are built in memory).
    pdf_max_rows: ClassVar[int] = 5000

    def __init__(
        self,
        *,
        user: Any,
        columns: Sequence[str] | None = None,
        queryset: QuerySet | None = None,
        filters: Mapping[str, Any] | None = None,
        language: str | None = None,
    ) -> None:
        self.user = user
        self.filters = dict(filters or {})
        self.language = language or get_language() or "id"
        # A queryset given (an admin changelist's selection) only narrows the rows: scope and
        # filters still come from get_queryset, so a caller can never widen them.
        self._restrict = queryset
        self._queryset: QuerySet | None = None
        self.selected_columns = self.clean_columns(columns)

    # --- hooks --------------------------------------------------------------------------------

    def get_queryset(self) -> QuerySet:
        """The rows this user may export, filtered (subclasses apply their scope here)."""
        raise NotImplementedError

    def field_expressions(self) -> dict[str, Any]:
        """Column key -> ORM lookup (``"event__title"``) or expression, for ``values_list``."""
        raise NotImplementedError

    def value_labels(self) -> dict[str, Mapping[str, str]]:
        """Column key -> stored value -> label written in files (choices), if any."""
        return {}

    def may_see_personal(self) -> bool:
        return False

    def may_see_health(self) -> bool:
        return False

    # --- columns ------------------------------------------------------------------------------

    def allowed_columns(self) -> list[Column]:
        """The columns this user may export."""
        personal, health = self.may_see_personal(), self.may_see_health()
        return [
            c for c in self.columns if (not c.personal or personal) and (not c.health or health)
        ]

    def default_columns(self) -> list[Column]:
        return [c for c in self.allowed_columns() if c.default]

    def clean_columns(self, keys: Sequence[str] | None) -> list[Column]:
        """The columns asked for, checked: unknown ones and forbidden ones are refused by name."""
        if not keys:
            return self.default_columns()
        known = {c.key: c for c in self.columns}
        allowed = {c.key for c in self.allowed_columns()}
        chosen: list[Column] = []
        for key in keys:
            key = key.strip()
            if key not in known:
                raise ExportError(
                    _("Unknown column “%(key)s”. Columns: %(known)s.")
                    % {"key": key, "known": ", ".join(known)}
                )
            if key not in allowed:
                raise ExportError(
                    _("You may not export the column “%(key)s” (personal or health data).")
                    % {"key": key}
                )
            if known[key] not in chosen:
                chosen.append(known[key])
        return chosen

    # --- rows ---------------------------------------------------------------------------------

    @property
    def queryset(self) -> QuerySet:
        if self._queryset is None:
            qs = self.get_queryset()
            if self._restrict is not None:
                qs = qs.filter(pk__in=self._restrict.order_by().values("pk"))
            self._queryset = qs
        return self._queryset

    def _values_queryset(self) -> QuerySet:
        exprs = self.field_expressions()
        annotations = {}
        names = []
        for column in self.selected_columns:
            expr = exprs[column.key]
            if isinstance(expr, str):
                names.append(expr)
            else:
                alias = f"_x_{column.key}"
                annotations[alias] = expr
                names.append(alias)
        qs = self.queryset
        if annotations:
            qs = qs.annotate(**annotations)
        return qs.values_list(*names)

    def header_row(self) -> list[str]:
        return [c.header_for(self.language) for c in self.selected_columns]

    def rows(self, *, neutralise: bool = True) -> Iterator[list[str]]:
        """The rows as text (neutralised for spreadsheets unless told otherwise): one query,
        read in chunks."""
        labels = self.value_labels()
        maps = [labels.get(c.key) for c in self.selected_columns]
        mapped = [i for i, m in enumerate(maps) if m]
        # One comprehension per row: this loop runs a million times for a national export.
        for values in self._values_queryset().iterator(chunk_size=CHUNK_SIZE):
            if mapped:
                values = list(values)
                for i in mapped:
                    values[i] = maps[i].get(values[i], values[i])  # type: ignore[union-attr]
            if neutralise:
                yield [
                    (("'" + v) if v.startswith(_DANGEROUS) else v)
                    if type(v) is str
                    else ("" if v is None else neutralise_text(str(v)))
                    for v in values
                ]
            else:
                yield ["" if v is None else v if type(v) is str else str(v) for v in values]

    def count(self) -> int:
        return self.queryset.count()

    # --- CSV ----------------------------------------------------------------------------------

    def iter_csv(self, delimiter: str = ",") -> Iterator[bytes]:
        """The CSV file in pieces of bytes, BOM and header first, as the rows are read (for a
        streaming response; COPY would hand over its whole output only at the end)."""
        yield (BOM + csv_line(self.header_row(), delimiter)).encode()
        buffer: list[str] = []
        for row in self.rows():
            buffer.append(csv_line(row, delimiter))
            if len(buffer) >= 2000:
                yield "".join(buffer).encode()
                buffer.clear()
        if buffer:
            yield "".join(buffer).encode()

    def copy_sql(self, delimiter: str = ",") -> str:
        """``COPY (...) TO STDOUT`` for the same rows, labels and neutralisation done in SQL."""
        inner_sql, params = self._values_queryset().query.sql_with_params()
        with connection.cursor() as cursor:
            inner = cursor.mogrify(inner_sql, params).decode()
        labels = self.value_labels()
        outer = []
        for i, column in enumerate(self.selected_columns):
            ref = f"t.c{i}::text"
            mapping = labels.get(column.key)
            if mapping:
                whens = " ".join(
                    f"WHEN {_sql_literal(k)} THEN {_sql_literal(v)}" for k, v in mapping.items()
                )
                ref = f"(CASE {ref} {whens} ELSE {ref} END)"
            outer.append(f"NULLIF({POSTGRES_NEUTRALISE_TEMPLATE.format(ref)}, '')")
        aliases = ", ".join(f"c{i}" for i in range(len(self.selected_columns)))
        return (
            f"COPY (SELECT {', '.join(outer)} FROM ({inner}) AS t({aliases})) TO STDOUT "
            f"WITH (FORMAT csv, DELIMITER {_sql_literal(delimiter)}, ENCODING 'UTF8')"
        )

    def copy_to(self, out: IO[bytes], delimiter: str = ",") -> int:
        """Write the CSV rows (no header) with PostgreSQL's COPY straight into ``out``; returns
        the number of rows."""
        if self._values_queryset().query.is_empty():
            return 0  # .none() (no scope): nothing to COPY, and no SQL to build for it
        with connection.cursor() as cursor:
            cursor.copy_expert(self.copy_sql(delimiter), out, 1024 * 1024)
            return cursor.cursor.rowcount if hasattr(cursor, "cursor") else cursor.rowcount

    # --- writing ------------------------------------------------------------------------------

    def check_format(self, fmt: str) -> Format:
        if fmt not in self.formats:
            raise ExportError(
                _("Unknown format “%(fmt)s”. Formats: %(known)s.")
                % {"fmt": fmt, "known": ", ".join(self.formats)}
            )
        return FORMATS[fmt]

    def write(self, fmt: str, out: IO[bytes], *, use_copy: bool | None = None) -> int | None:
        """Write the whole file in format ``fmt`` into the binary stream ``out``, incrementally.

        Returns the number of data rows written (None for a PDF). CSV on PostgreSQL goes
        through ``COPY ... TO STDOUT`` unless ``use_copy=False``; the bytes are the same.
        """
        self.check_format(fmt)
        if fmt in ("csv", "csv-semicolon"):
            delimiter = ";" if fmt == "csv-semicolon" else ","
            if use_copy is None:
                use_copy = connection.vendor == "postgresql"
            out.write((BOM + csv_line(self.header_row(), delimiter)).encode())
            if use_copy:
                out.flush()
                return self.copy_to(out, delimiter)
            count = 0
            buffer: list[str] = []
            for row in self.rows():
                buffer.append(csv_line(row, delimiter))
                if len(buffer) >= 2000:
                    count += len(buffer)
                    out.write("".join(buffer).encode())
                    buffer.clear()
            count += len(buffer)
            out.write("".join(buffer).encode())
            return count
        if fmt == "xlsx":
            return self.write_xlsx(out)
        out.write(self.render_pdf())
        return None

    def write_xlsx(self, out: IO[bytes]) -> int:
        import xlsxwriter

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
            sheet = workbook.add_worksheet(str(self.sheet_title())[:31])
            bold = workbook.add_format({"bold": True})
            write_string = sheet.write_string
            for col, header in enumerate(self.header_row()):
                write_string(0, col, header, bold)
            sheet.freeze_panes(1, 0)
            row_number = 0
            for row_number, row in enumerate(self.rows(), start=1):
                for col, cell in enumerate(row):
                    if cell:
                        write_string(row_number, col, cell)
            sheet.autofilter(0, 0, max(row_number, 1), max(len(self.selected_columns) - 1, 0))
            workbook.close()
            with open(path, "rb") as f:
                shutil.copyfileobj(f, out, 1024 * 1024)
        return row_number

    def sheet_title(self) -> str:
        return str(self.verbose_name)

    def render_pdf(self) -> bytes:
        """A plain table of the selected columns (landscape A4); subclasses may do better."""
        from .pdf import table_pdf

        rows = self._rows_for_pdf()
        return table_pdf(
            title=str(self.verbose_name),
            headers=self.header_row(),
            rows=rows,
            language=self.language,
        )

    def _rows_for_pdf(self) -> list[list[str]]:
        total = self.count()
        if total > self.pdf_max_rows:
            raise ExportError(
                _(
                    "A PDF holds at most %(max)s rows; this selection has %(count)s. "
                    "Narrow it down, or export CSV or XLSX."
                )
                % {"max": self.pdf_max_rows, "count": total}
            )
        # A PDF is printed, never calculated: the text exactly as typed.
        return list(self.rows(neutralise=False))

    # --- HTTP ---------------------------------------------------------------------------------

    def filename(self, fmt: str) -> str:
        return f"{self.identifier}.{FORMATS[fmt].extension}"

    def response(self, fmt: str) -> StreamingHttpResponse | FileResponse:
        """The export as an HTTP response: CSV streamed as it is read, XLSX streamed from a
        temporary file, PDF at once."""
        self.check_format(fmt)
        spec = FORMATS[fmt]
        if fmt in ("csv", "csv-semicolon"):
            delimiter = ";" if fmt == "csv-semicolon" else ","
            response = StreamingHttpResponse(
                self.iter_csv(delimiter), content_type=spec.content_type
            )
        elif fmt == "xlsx":
            spool = tempfile.TemporaryFile()
            self.write_xlsx(spool)
            spool.seek(0)
            response = FileResponse(spool, content_type=spec.content_type)
        else:
            response = FileResponse(io.BytesIO(self.render_pdf()), content_type=spec.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename(fmt)}"'
        return response


def _sql_literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


ExporterFactory = Callable[..., Exporter]
