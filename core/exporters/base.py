"""The exporter base: what an exporter declares (columns, permissions, rows), not how it is
written. The renderers beside this module turn an exporter into CSV, COPY, XLSX or PDF; `render`
and `response` (core/exporters/render.py) are the one way to write one, and they put every
export on the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.formulas import APOSTROPHE, GUARD_TRIGGERS, needs_guard

from .xlsx import write_xlsx

if TYPE_CHECKING:
    from django.http import HttpResponse

#: Rows fetched per round trip from the database.
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
    """A file format: ``delimiter`` is set for the CSV formats only."""

    key: str
    label: str | Promise
    extension: str
    content_type: str
    delimiter: str | None = None


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("csv", gettext_lazy("CSV (comma)"), "csv", "text/csv; charset=utf-8", ","),
        Format(
            "csv-semicolon",
            gettext_lazy("CSV (semicolon, for Excel in Indonesian)"),
            "csv",
            "text/csv; charset=utf-8",
            ";",
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


def _guarded_text(value: object) -> str:
    """A non-``str`` cell (a year, a date) as neutralised text: the rare path of ``rows()``."""
    if value is None:
        return ""
    text = str(value)
    return APOSTROPHE + text if needs_guard(text) else text


def _natural_key(value: Any) -> Any:
    """A filter value as it may stand in an audit record: a record by its slug or key."""
    if isinstance(value, models.Model):
        return str(getattr(value, "slug", None) or value.pk)
    return value


class Exporter:
    """Base class of every list export (pretix's ``base/exporter.py`` shape).

    Subclasses declare ``identifier`` (also the file name), ``verbose_name``, ``columns`` and
    implement ``get_queryset`` (the user's scope and the filters) and ``field_expressions``
    (column key -> ORM lookup or expression for ``values_list``); ``value_labels`` maps stored
    values to the labels written in files, ``may_see_personal``/``may_see_health`` say whether
    the user may have the protected columns. ``render_pdf`` may be overridden for a better PDF.

    ``audited``: every export is recorded (`core.audit.audit_export`) by `render`/`response`;
    only an exporter of public open data, with no personal or health column, may turn it off.
    """

    identifier: ClassVar[str]
    verbose_name: ClassVar[str | Promise]
    columns: ClassVar[tuple[Column, ...]]
    formats: ClassVar[tuple[str, ...]] = ("csv", "csv-semicolon", "xlsx", "pdf")
    #: Largest number of rows a PDF is built for (PDFs are built in memory).
    pdf_max_rows: ClassVar[int] = 5000
    audited: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        columns = cls.__dict__.get("columns", ())
        if not cls.audited and any(c.personal or c.health for c in columns):
            raise TypeError(f"{cls.__name__}: an export with protected columns must be audited")

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
        self._count: int | None = None
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

    def write_xlsx(self, out: IO[bytes]) -> int:
        """The XLSX file into ``out`` (core/exporters/xlsx.py); returns the number of data rows.
        A subclass may write a richer workbook (the import template adds an instructions sheet)."""
        return write_xlsx(self, out)

    def render_pdf(self) -> bytes:
        """The PDF: a plain table of the selected columns (core/exporters/pdf.py); a subclass may
        do better (the participants' attendance sheet)."""
        from .pdf import table_pdf_for  # fpdf is slow to import: only when a PDF is asked for

        return table_pdf_for(self)

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

    def values_queryset(self) -> QuerySet:
        """The selected columns as one ``values_list`` query, joins built in (the Python path
        iterates it, the COPY path wraps its SQL)."""
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
        mark, triggers, guard = APOSTROPHE, GUARD_TRIGGERS, needs_guard
        # One comprehension per row: this loop runs a million times for a national export. The
        # formula guard costs one C-level startswith per cell; `needs_guard` runs only for a
        # cell that begins with a trigger character.
        for values in self.values_queryset().iterator(chunk_size=CHUNK_SIZE):
            if mapped:
                values = list(values)
                for i in mapped:
                    values[i] = maps[i].get(values[i], values[i])  # type: ignore[union-attr]
            if neutralise:
                yield [
                    ((mark + v) if v.startswith(triggers) and guard(v) else v)
                    if type(v) is str
                    else _guarded_text(v)
                    for v in values
                ]
            else:
                yield ["" if v is None else v if type(v) is str else str(v) for v in values]

    def count(self) -> int:
        """How many rows the export holds (counted once)."""
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    # --- formats, names, the audit record -------------------------------------------------------

    def check_format(self, fmt: str) -> Format:
        if fmt not in self.formats:
            raise ExportError(
                _("Unknown format “%(fmt)s”. Formats: %(known)s.")
                % {"fmt": fmt, "known": ", ".join(self.formats)}
            )
        return FORMATS[fmt]

    def filename(self, fmt: str) -> str:
        return f"{self.identifier}.{FORMATS[fmt].extension}"

    def sheet_title(self) -> str:
        return str(self.verbose_name)

    def audit_detail(self) -> dict[str, Any]:
        """What the audit record says about this export: the list, the columns, the filters
        (by code, slug or year) and whether it was an admin selection. No personal data."""
        detail: dict[str, Any] = {
            "list": self.identifier,
            "columns": [c.key for c in self.selected_columns],
            "filters": {
                k: _natural_key(v) for k, v in self.filters.items() if v not in (None, "", [])
            },
            "language": self.language,
        }
        if self._restrict is not None:
            detail["selection"] = True
        return detail

    # --- writing (one implementation each, in render.py) --------------------------------------

    def write(self, fmt: str, out: IO[bytes], *, use_copy: bool | None = None) -> int:
        """`core.exporters.render.render` of this exporter: the file into ``out``, audited."""
        from .render import render

        return render(self, fmt, out, use_copy=use_copy)

    def response(self, fmt: str) -> HttpResponse:
        """`core.exporters.render.response` of this exporter: a download, audited."""
        from .render import response

        return response(self, fmt)
