"""PDF building blocks for exports (fpdf2: pure Python, no system libraries).

Names like "Désak Ayu" or "Nyoman Adi' Putra" need a Unicode font: fpdf2 ships none, and its
core fonts are latin-1 only. We embed Source Sans Pro (SIL Open Font License), which the
``font-source-sans-pro`` package installs with pip; fpdf2 subsets it, so a PDF carries only the
glyphs it uses. A character the font lacks is still written (as an empty box), never an error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import TableCellFillMode

FONT = "SourceSans"

# fontTools logs every subsetting step at INFO: noise in a command's output and server logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _font_files() -> tuple[str, str]:
    import font_source_sans_pro

    files = font_source_sans_pro.font_files_ttf
    return files["SourceSansPro"], files["SourceSansProBold"]


class ExportPDF(FPDF):
    """A4 with our font, a running header line and "Halaman n dari m" in the footer."""

    def __init__(
        self,
        *,
        orientation: str = "P",
        running_title: str = "",
        page_label: str = "Halaman {page} dari {pages}",
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        regular, bold = _font_files()
        self.add_font(FONT, "", regular)
        self.add_font(FONT, "B", bold)
        self.set_font(FONT, size=10)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.running_title = running_title
        self.page_label = page_label
        self.alias_nb_pages("{nb}")
        self.set_creator("libportal")

    def header(self) -> None:
        if self.running_title:
            self.set_font(FONT, size=8)
            self.set_text_color(90)
            self.cell(0, 4, self.running_title, new_x="LMARGIN", new_y="NEXT", align="R")
            self.set_text_color(0)
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(
            0,
            6,
            self.page_label.format(page=self.page_no(), pages="{nb}"),
            align="C",
        )

    def table_rows(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        col_widths: Sequence[float] | None = None,
        line_height: float = 6,
        text_align: Sequence[str] | str = "LEFT",
    ) -> None:
        """A table whose header row repeats on every page."""
        self.set_font(FONT, size=9)
        with self.table(
            col_widths=tuple(col_widths) if col_widths else None,
            line_height=line_height,
            text_align=tuple(text_align) if not isinstance(text_align, str) else text_align,
            cell_fill_color=245,
            cell_fill_mode=TableCellFillMode.ROWS,
            first_row_as_headings=True,
        ) as table:
            heading = table.row()
            for text in headers:
                heading.cell(text)
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(text)


def table_pdf(
    *, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], language: str = "id"
) -> bytes:
    """A plain landscape table with a title: the PDF of any exported list."""
    label = "Page {page} of {pages}" if language.startswith("en") else "Halaman {page} dari {pages}"
    pdf = ExportPDF(orientation="L", running_title=title, page_label=label)
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.table_rows(headers, rows or [[""] * len(headers)])
    return bytes(pdf.output())
