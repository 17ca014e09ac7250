"""The attendance sheet (daftar hadir) and the attendance recap as PDF."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from babel.dates import format_date

from trainings.models import TrainingEvent

SHEET_TEXT = {
    "id": {
        "title": "DAFTAR HADIR PESERTA",
        "dates": "Tanggal",
        "venue": "Tempat",
        "day": "Hari ke-{n}: {date}",
        "headers": ["No", "Nama", "Perpustakaan Desa", "Kabupaten", "Tanda Tangan"],
        "page": "Halaman {page} dari {pages}",
        "empty": "Belum ada peserta.",
    },
    "en": {
        "title": "ATTENDANCE SHEET",
        "dates": "Dates",
        "venue": "Venue",
        "day": "Day {n}: {date}",
        "headers": ["No", "Name", "Village library", "Regency", "Signature"],
        "page": "Page {page} of {pages}",
        "empty": "No participants yet.",
    },
}
# mm on A4 portrait (180 mm between margins): the signature box is 40 x 10 mm, room to sign.
SHEET_WIDTHS = (10, 55, 45, 30, 40)
SHEET_ROW_HEIGHT = 10


# The column headers say "Perpustakaan Desa" and "Kabupaten": the rows need not repeat it, and
# short cells keep one line per person (cities keep their "Kota").
_LIBRARY_PREFIXES = ("Perpustakaan Desa ", "Perpustakaan Kelurahan ")


def _short(text: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


def _date_range(start: datetime.date, end: datetime.date, locale: str) -> str:
    if start == end:
        return format_date(start, "d MMMM y", locale=locale)
    first, last = (format_date(d, "d MMMM y", locale=locale) for d in (start, end))
    return f"{first} – {last}"


def attendance_sheet_pdf(
    sections: Iterable[tuple[TrainingEvent, list[tuple[str, str, str]]]], *, language: str = "id"
) -> bytes:
    """A4 attendance sheets: for each event, one section per day with the event's title, dates
    and venue, and a row per participant (No, name, library, regency, signature box)."""
    # fpdf takes a third of a second to import: only when a sheet is asked for, not in every
    # process that loads the admin (the export commands start faster without it).
    from core.pdf import FONT, ExportPDF

    lang = "en" if language.startswith("en") else "id"
    text = SHEET_TEXT[lang]
    pdf = ExportPDF(orientation="P", page_label=text["page"])
    pdf.set_title(text["title"])
    any_page = False
    for event, people in sections:
        pdf.running_title = event.title
        for n, day in enumerate(event.days, start=1):
            any_page = True
            pdf.add_page()
            pdf.set_font(FONT, "B", 13)
            pdf.cell(0, 7, text["title"], align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, "B", 11)
            pdf.multi_cell(0, 6, event.title, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, "", 10)
            pdf.ln(1)
            pdf.cell(
                0,
                5,
                f"{text['dates']}: {_date_range(event.start_date, event.end_date, lang)}",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.multi_cell(0, 5, f"{text['venue']}: {event.venue}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, "B", 10)
            pdf.cell(
                0,
                6,
                text["day"].format(n=n, date=format_date(day, "EEEE, d MMMM y", locale=lang)),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(1)
            if people:
                rows = [
                    [
                        str(i),
                        name,
                        _short(library, _LIBRARY_PREFIXES),
                        _short(regency, ("Kabupaten ",)),
                        "",
                    ]
                    for i, (name, library, regency) in enumerate(people, start=1)
                ]
            else:
                rows = [["", text["empty"], "", "", ""]]
            pdf.table_rows(
                text["headers"], rows, col_widths=SHEET_WIDTHS, line_height=SHEET_ROW_HEIGHT
            )
    if not any_page:
        pdf.add_page()
        pdf.cell(0, 6, text["empty"])
    return bytes(pdf.output())


RECAP_TEXT = {
    "id": {
        "title": "REKAP KEHADIRAN PESERTA",
        "dates": "Tanggal",
        "venue": "Tempat",
        "headers": ["No", "Kode", "Nama", "Perpustakaan Desa"],
        "day": "H{n}",
        "days": "Jml hadir",
        "rate": "%",
        "present": "H",
        "absent": "–",
        "total": "Jumlah hadir per hari",
        "legend": "H = hadir, – = tidak hadir. H1…H{n}: hari ke-1…{n} ({first} – {last}).",
        "page": "Halaman {page} dari {pages}",
        "empty": "Belum ada peserta.",
    },
    "en": {
        "title": "ATTENDANCE RECAP",
        "dates": "Dates",
        "venue": "Venue",
        "headers": ["No", "Code", "Name", "Village library"],
        "day": "D{n}",
        "days": "Days present",
        "rate": "%",
        "present": "P",
        "absent": "–",
        "total": "Present per day",
        "legend": "P = present, – = absent. D1…D{n}: day 1…{n} ({first} – {last}).",
        "page": "Page {page} of {pages}",
        "empty": "No participants yet.",
    },
}


def attendance_recap_pdf(grid: Any, *, language: str = "id") -> bytes:
    """The attendance recap (rekap kehadiran) for accountability (SPJ): A4 landscape, a row per
    participant with a mark per day, their days present and rate, and the totals per day.

    ``grid``: a `trainings.selectors.AttendanceGrid` (the participants in the user's scope)."""
    from core.pdf import FONT, ExportPDF

    lang = "en" if language.startswith("en") else "id"
    text = RECAP_TEXT[lang]
    event = grid.event
    pdf = ExportPDF(orientation="L", running_title=event.title, page_label=text["page"])
    pdf.set_title(text["title"])
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 7, text["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, event.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.ln(1)
    pdf.cell(
        0,
        5,
        f"{text['dates']}: {_date_range(event.start_date, event.end_date, lang)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.multi_cell(0, 5, f"{text['venue']}: {event.venue}", new_x="LMARGIN", new_y="NEXT")
    n_days = len(grid.days)
    pdf.multi_cell(
        0,
        5,
        text["legend"].format(
            n=n_days,
            first=format_date(event.start_date, "d MMM y", locale=lang),
            last=format_date(event.end_date, "d MMM y", locale=lang),
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    headers = [
        *text["headers"],
        *(text["day"].format(n=i) for i in range(1, n_days + 1)),
        text["days"],
        text["rate"],
    ]
    rows = [
        [
            str(i),
            row.participant.code,
            row.participant.full_name,
            _short(str(row.participant.library), _LIBRARY_PREFIXES),
            *(text["present"] if present else text["absent"] for _day, present in row.marks),
            str(row.days_attended),
            "" if row.rate is None else f"{row.rate:g}",
        ]
        for i, row in enumerate(grid.rows, start=1)
    ] or [["", "", text["empty"], "", *([""] * n_days), "", ""]]
    rows.append(
        [
            "",
            "",
            text["total"],
            "",
            *(str(d.present) for d in grid.days),
            str(grid.present),
            "" if grid.rate is None else f"{grid.rate:g}",
        ]
    )
    # 267 mm between margins: the names get what the day columns leave.
    day_width = 9 if n_days <= 10 else max(5, 90 / n_days)
    fixed = 8 + 18 + 16 + 10
    rest = 267 - fixed - day_width * n_days
    widths = (8, 18, rest * 0.55, rest * 0.45, *([day_width] * n_days), 16, 10)
    pdf.table_rows(headers, rows, col_widths=widths, line_height=6)
    return bytes(pdf.output())
