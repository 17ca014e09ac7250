"""What every paperwork PDF shares: the document class, QR codes drawn as vectors, dates, the
signature block.

QR codes are drawn module by module as black rectangles (segno gives the matrix): sharp at any
printer resolution, no image library, and a few hundred bytes each.
"""

from __future__ import annotations

import datetime

import segno
from babel.dates import format_date
from django.utils.translation import gettext as _
from fpdf import FPDF

from core.pdf import FONT, _font_files
from trainings.models import TrainingEvent


class PaperworkPDF(FPDF):
    """A4 with our font (Source Sans Pro, embedded and subset), black on white, no header."""

    def __init__(self, *, orientation: str = "P") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        regular, bold = _font_files()
        self.add_font(FONT, "", regular)
        self.add_font(FONT, "B", bold)
        self.set_font(FONT, size=11)
        self.set_creator("libportal")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)

    def qr(self, data: str, *, x: float, y: float, size: float) -> None:
        """A QR code of `data`, `size` mm square (quiet zone included), top-left at (x, y)."""
        code = segno.make(data, error="m", micro=False)
        matrix = code.matrix
        border = 2  # modules of quiet zone on each side
        cell = size / (len(matrix) + 2 * border)
        self.set_fill_color(0)
        for row, values in enumerate(matrix):
            col = 0
            while col < len(values):
                if not values[col]:
                    col += 1
                    continue
                start = col
                while col < len(values) and values[col]:
                    col += 1
                # One rectangle per run of dark modules; a hair wider so runs never show seams.
                self.rect(
                    x + (border + start) * cell,
                    y + (border + row) * cell,
                    (col - start) * cell + 0.01,
                    cell + 0.01,
                    style="F",
                )

    def line_text(self, text: str, *, size: float, bold: bool = False, height: float = 0) -> None:
        """A centred paragraph (wrapped) at the current position."""
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def signature(
        self,
        *,
        x: float,
        y: float,
        width: float,
        event: TrainingEvent,
        place: str,
        date: datetime.date | None,
        language: str,
    ) -> None:
        """Place and date, the official's position, room to sign, name and NIP."""
        official = event.signing_official
        lines: list[tuple[str, bool]] = []
        if place or date:
            parts = [
                p
                for p in (place, format_date(date, "d MMMM y", locale=language) if date else "")
                if p
            ]
            lines.append((", ".join(parts), False))
        self.set_xy(x, y)
        self.set_font(FONT, "", 11)
        for text, _bold in lines:
            self.set_x(x)
            self.multi_cell(width, 5.5, text, align="C", new_x="LEFT", new_y="NEXT")
        self.set_x(x)
        position = official.position if official else _("The organising committee")
        self.multi_cell(width, 5.5, position, align="C", new_x="LEFT", new_y="NEXT")
        self.ln(20)
        self.set_x(x)
        self.set_font(FONT, "B", 11)
        name = official.name if official else ""
        self.multi_cell(width, 5.5, name or " ", align="C", new_x="LEFT", new_y="NEXT")
        if official and event.signing_official_nip:
            self.set_x(x)
            self.set_font(FONT, "", 10)
            self.multi_cell(
                width,
                5,
                f"NIP. {event.signing_official_nip}",
                align="C",
                new_x="LEFT",
                new_y="NEXT",
            )


def date_range(start: datetime.date, end: datetime.date, language: str) -> str:
    """ "28 Juni – 2 Juli 2021" / "28 June – 2 July 2021"."""
    if start == end:
        return format_date(start, "d MMMM y", locale=language)
    if start.year == end.year:
        first = format_date(start, "d MMMM", locale=language)
    else:
        first = format_date(start, "d MMMM y", locale=language)
    return f"{first} – {format_date(end, 'd MMMM y', locale=language)}"


def lang_of(language: str) -> str:
    return "en" if (language or "").startswith("en") else "id"
