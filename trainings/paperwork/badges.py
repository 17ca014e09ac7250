"""Name badges: eight to an A4 page (2 × 4, 90 × 60 mm each, with cutting lines).

Each badge carries the name, position, library and regency, and a QR code of the participant's
check-in code (`Participant.code`, the code the sign-in sheet prints and the attendance check-in
reads), so a badge is scanned at the door.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import FONT
from trainings.models import Participant, TrainingEvent

from .drawing import PaperworkPDF, date_range, lang_of

COLUMNS, ROWS = 2, 4
WIDTH, HEIGHT = 90.0, 62.0
LEFT, TOP = (210 - COLUMNS * WIDTH) / 2, (297 - ROWS * HEIGHT) / 2
PER_PAGE = COLUMNS * ROWS


def badges_pdf(
    event: TrainingEvent, participants: Iterable[Participant], *, language: str = "id"
) -> tuple[bytes, int]:
    """The badges of `participants` (with library and regency loaded). Returns (pdf, count)."""
    lang = lang_of(language)
    with translation.override(lang):
        pdf = PaperworkPDF()
        pdf.set_auto_page_break(auto=False)
        pdf.set_title(_("Name badges: %(event)s") % {"event": event.title})
        pdf.set_draw_color(0)
        dates = date_range(event.start_date, event.end_date, lang)
        count = 0
        for count, participant in enumerate(participants, start=1):
            slot = (count - 1) % PER_PAGE
            if slot == 0:
                pdf.add_page()
            x = LEFT + (slot % COLUMNS) * WIDTH
            y = TOP + (slot // COLUMNS) * HEIGHT
            _badge(pdf, event, participant, x=x, y=y, dates=dates)
        if count == 0:
            pdf.add_page()
            pdf.set_font(FONT, "", 12)
            pdf.cell(0, 10, _("No participants."))
        return bytes(pdf.output()), count


def _badge(
    pdf: PaperworkPDF,
    event: TrainingEvent,
    participant: Participant,
    *,
    x: float,
    y: float,
    dates: str,
) -> None:
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1, gap=1)
    pdf.rect(x, y, WIDTH, HEIGHT)  # cutting line
    pdf.set_dash_pattern()
    # The event on a black band (white text): still clear in black-and-white printing.
    pdf.set_fill_color(0)
    pdf.rect(x, y, WIDTH, 11, style="F")
    pdf.set_text_color(255)
    pdf.set_font(FONT, "B", 7.5)
    pdf.set_xy(x + 3, y + 1.2)
    pdf.multi_cell(WIDTH - 6, 3.3, event.title, align="C", max_line_height=3.3)
    pdf.set_xy(x + 3, y + 7.6)
    pdf.set_font(FONT, "", 6.5)
    pdf.cell(WIDTH - 6, 3, dates, align="C")
    pdf.set_text_color(0)

    text_width = WIDTH - 34
    pdf.set_xy(x + 4, y + 15)
    pdf.set_font(FONT, "B", 14 if len(participant.full_name) <= 22 else 11.5)
    pdf.multi_cell(text_width, 6, participant.full_name, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    position = participant.position or participant.get_role_display()
    pdf.multi_cell(text_width, 4.4, position, new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x + 4, pdf.get_y() + 1.5)
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(text_width, 4.4, participant.library.name, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    if participant.library.regency_id:
        pdf.multi_cell(
            text_width, 4.4, participant.library.regency.name, new_x="LEFT", new_y="NEXT"
        )
    pdf.qr(participant.code, x=x + WIDTH - 30, y=y + 16, size=27)
    pdf.set_xy(x + WIDTH - 30, y + 43)
    pdf.set_font(FONT, "", 8)
    pdf.cell(27, 4, participant.code, align="C")
    if participant.is_guest:
        pdf.set_xy(x + 4, y + HEIGHT - 8)
        pdf.set_font(FONT, "B", 8)
        pdf.cell(text_width, 4, _("GUEST"))
