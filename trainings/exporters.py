"""Participant exports: the participant list (CSV/XLSX) and the attendance sheet (PDF).

Scope and protected data, decided here for every caller (admin action, staff page, command):
rows come from `Participant.objects.in_scope(user)`; phone and e-mail only for a user with the
contacts permission; antigen results only when asked for (``--columns test_before,...``) by a
user with the health permission. The commands run as the system user (`core.system`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from babel.dates import format_date
from django.db.models import (
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import ExportError
from programs.exporters import BeneficiaryExporter as ProgramsBeneficiaryExporter
from programs.exporters import ProgramListExporter

from .columns import (
    PARTICIPANT_ATTENDANCE_COLUMNS,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_HEALTH_COLUMNS,
)
from .models import Attendance, HealthScreening, Participant, TrainingEvent

ROLE_LABELS = {
    "id": {
        "head": "Kepala Perpustakaan",
        "librarian": "Pustakawan/Staf Perpustakaan",
        "village_official": "Perangkat Desa",
        "volunteer": "Relawan",
        "facilitator": "Fasilitator",
        "other": "Lainnya",
    },
    "en": {
        "head": "Head of library",
        "librarian": "Librarian/library staff",
        "village_official": "Village official",
        "volunteer": "Volunteer",
        "facilitator": "Facilitator",
        "other": "Other",
    },
}
RESULT_LABELS = {
    "id": {"negative": "negatif", "positive": "positif", "invalid": "tidak sah"},
    "en": {"negative": "negative", "positive": "positive", "invalid": "invalid"},
}


class EventDays(Func):
    """The number of days of the participant's event (end − start + 1), in SQL: a date
    difference is spelt differently by each database."""

    output_field = IntegerField()

    def __init__(self, prefix: str = "event__", **extra: Any) -> None:
        super().__init__(F(f"{prefix}end_date"), F(f"{prefix}start_date"), **extra)

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date − date is days
        return super().as_sql(
            compiler, connection, template="(%(expressions)s + 1)", arg_joiner=" - "
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) + 1 AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def _days_attended() -> Coalesce:
    return Coalesce(
        Subquery(
            Attendance.objects.filter(participant=OuterRef("pk"))
            .order_by()
            .values("participant")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        Value(0),
    )


def _attendance_rate() -> Round:
    """Days attended over the event's days, in percent to one decimal (as the grid shows)."""
    return Round(
        Cast(_days_attended(), FloatField()) * Value(100.0) / Cast(EventDays(), FloatField()),
        precision=1,
    )


def event_filter_clean(slug: str | None, *, user: Any) -> TrainingEvent | None:
    """The event a list is filtered by, looked up among those `user` may see: an unknown
    slug and another region's event get the same message."""
    if not slug:
        return None
    event = TrainingEvent.objects.in_scope(user).filter(slug=slug).first()
    if event is None:
        raise ExportError(_("Unknown event “%(slug)s”.") % {"slug": slug})
    return event


class EventFilterMixin:
    """Adds the event filter (a slug, checked against the user's scope) to a program list."""

    def clean_filters(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        out = super().clean_filters(raw)  # type: ignore[misc]
        out["event"] = event_filter_clean(raw.get("event"), user=self.user)  # type: ignore[attr-defined]
        return out


class ParticipantExporter(EventFilterMixin, ProgramListExporter):
    """The participant list: event, name, gender, role, library, region, contacts if allowed.

    Its PDF is the attendance sheet (daftar hadir) of the events in the selection.
    """

    identifier = "peserta"
    verbose_name = gettext_lazy("Participants")
    columns = (*PARTICIPANT_COLUMNS, *PARTICIPANT_ATTENDANCE_COLUMNS, *PARTICIPANT_HEALTH_COLUMNS)
    pdf_max_rows = 3000

    def get_queryset(self) -> QuerySet:
        qs = Participant.objects.in_scope(self.user)
        f = self.filters
        if f.get("event"):
            qs = qs.filter(event=f["event"])
        if f.get("cycle"):
            qs = qs.filter(event__cycle__year=f["cycle"])
        if f.get("province"):
            qs = qs.filter(library__province=f["province"])
        if f.get("regency"):
            qs = qs.filter(library__regency=f["regency"])
        return qs.order_by(
            "event__start_date", "event__slug", "library__region_code", "full_name", "pk"
        )

    def field_expressions(self) -> dict[str, Any]:
        def result(phase: str) -> Subquery:
            return Subquery(
                HealthScreening.objects.filter(
                    participant=OuterRef("pk"),
                    phase=phase,
                    test_type=HealthScreening.TestType.ANTIGEN,
                ).values("result")[:1]
            )

        return {
            "event": "event__title",
            "event_slug": "event__slug",
            "name": "full_name",
            "gender": "gender",
            "role": "role",
            "library": "library__name",
            "village_code": "library__village_id",
            "village": "library__village__name",
            "district": "library__village__district__name",
            "regency": "library__regency__name",
            "province": "library__province__name",
            "phone": "phone",
            "email": "email",
            "test_before": result(HealthScreening.Phase.BEFORE),
            "test_after": result(HealthScreening.Phase.AFTER),
            "days_attended": _days_attended(),
            "attendance_rate": _attendance_rate(),
        }

    def value_labels(self) -> dict[str, Mapping[str, str]]:
        lang = "en" if self.language.startswith("en") else "id"
        return {
            "role": ROLE_LABELS[lang],
            "test_before": RESULT_LABELS[lang],
            "test_after": RESULT_LABELS[lang],
        }

    def render_pdf(self) -> bytes:
        """The attendance sheet: one section per event day (see `attendance_sheet_pdf`)."""
        self._check_pdf_size()
        rows = self.queryset.values_list(
            "event_id", "full_name", "library__name", "library__regency__name"
        )
        by_event: dict[int, list[tuple[str, str, str]]] = {}
        for event_id, name, library, regency in rows.iterator(chunk_size=2000):
            by_event.setdefault(event_id, []).append((name, library, regency))
        events = TrainingEvent.objects.filter(pk__in=by_event).order_by("start_date", "slug")
        if self.filters.get("event") and not by_event:
            events = TrainingEvent.objects.filter(pk=self.filters["event"].pk)
        return attendance_sheet_pdf(
            [(event, by_event.get(event.pk, [])) for event in events], language=self.language
        )

    def _check_pdf_size(self) -> None:
        total = self.count()
        if total > self.pdf_max_rows:
            raise ExportError(
                _(
                    "An attendance sheet holds at most %(max)s participants; this selection has "
                    "%(count)s. Choose an event, or export CSV or XLSX."
                )
                % {"max": self.pdf_max_rows, "count": total}
            )


class BeneficiaryExporter(EventFilterMixin, ProgramsBeneficiaryExporter):
    """The beneficiary list of `programs`, filterable by event too: the beneficiaries whose
    people attended it, in the event's cycle."""

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset()
        event = self.filters.get("event")
        if event is not None:
            qs = qs.filter(cycle=event.cycle_id, library__in=event.participant_libraries())
        return qs


#: The lists this app offers (collected by `portal.registry`); its beneficiary list refines
#: the one of `programs` with the event filter.
EXPORTERS = (ParticipantExporter, BeneficiaryExporter)


# --- the attendance sheet (daftar hadir) ------------------------------------------------------

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
