"""PDF: a plain landscape table of the selected columns (core.pdf's building blocks, fpdf2).

PDFs are built in memory, so an exporter caps them at ``pdf_max_rows``; they are printed, never
calculated, so the text goes in exactly as typed (no formula guard).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.pdf import table_pdf

from .base import ExportError

if TYPE_CHECKING:
    from .base import Exporter


def pdf_rows(exporter: Exporter) -> list[list[str]]:
    """The rows for a PDF, refused with a clear message beyond ``pdf_max_rows``."""
    total = exporter.count()
    if total > exporter.pdf_max_rows:
        raise ExportError(
            _(
                "A PDF holds at most %(max)s rows; this selection has %(count)s. "
                "Narrow it down, or export CSV or XLSX."
            )
            % {"max": exporter.pdf_max_rows, "count": total}
        )
    return list(exporter.rows(neutralise=False))


def table_pdf_for(exporter: Exporter) -> bytes:
    """The default PDF of an exporter: its title, headers and rows as a table."""
    return table_pdf(
        title=str(exporter.verbose_name),
        headers=exporter.header_row(),
        rows=pdf_rows(exporter),
        language=exporter.language,
    )
