"""Invitation letters (surat undangan): one per regency, to the regency's library office.

Invited are the beneficiary libraries (selected or active) of the event's cycle in the regions
the event serves (`trainings.participation`, the same rule that decides who is a guest), within
the user's scope; each may send `TrainingEvent.invitation_quota` people. The letter names no
person of a library: no manager, phone or e-mail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import FONT
from programs.models import Beneficiary
from trainings.models import TrainingEvent
from trainings.participation import BENEFICIARY_STATUSES, event_areas_for
from villages.models import Regency, VillageLibrary

from .drawing import PaperworkPDF, date_range, lang_of


@dataclass
class RegencyInvitation:
    regency: Regency
    libraries: list[VillageLibrary] = field(default_factory=list)


def invited_by_regency(
    event: TrainingEvent, *, user: Any, regency: str | None = None
) -> list[RegencyInvitation]:
    """The invited libraries grouped by regency (in code order), within `user`'s scope."""
    areas = event_areas_for(event, user)
    if not areas:
        return []
    where = Q()
    for area in areas:
        where |= Q(library__region_code=area) | Q(library__region_code__startswith=area + ".")
    beneficiaries = Beneficiary.objects.filter(
        where, cycle_id=event.cycle_id, status__in=BENEFICIARY_STATUSES
    )
    libraries = (
        VillageLibrary.objects.in_scope(user)
        .filter(pk__in=beneficiaries.values("library_id"), regency__isnull=False)
        .select_related("regency", "village__district")
        .order_by("regency_id", "region_code", "name")
    )
    if regency:
        libraries = libraries.filter(regency_id=regency)
    groups: dict[str, RegencyInvitation] = defaultdict(lambda: RegencyInvitation(regency=None))  # type: ignore[arg-type]
    for library in libraries:
        group = groups[library.regency_id]
        group.regency = library.regency
        group.libraries.append(library)
    return list(groups.values())


def recipient_office(regency: Regency) -> str:
    """ "Kepala Dinas Perpustakaan Kabupaten Badung": the office that sends the people."""
    return _("Head of the Library Office of %(regency)s") % {"regency": regency.name}


def invitations_pdf(
    event: TrainingEvent, invitations: list[RegencyInvitation], *, language: str = "id"
) -> tuple[bytes, int]:
    """All letters in one PDF, each starting on a new page. Returns (pdf, letters)."""
    lang = lang_of(language)
    with translation.override(lang):
        pdf = PaperworkPDF()
        pdf.set_title(_("Invitation letters: %(event)s") % {"event": event.title})
        agenda = _agenda_summary(event, lang)
        for invitation in invitations:
            _letter(pdf, event, invitation, agenda=agenda, lang=lang)
        if not invitations:
            pdf.add_page()
            pdf.set_font(FONT, "", 12)
            pdf.multi_cell(0, 6, _("No invited libraries in the regions this event serves."))
        return bytes(pdf.output()), len(invitations)


def _agenda_summary(event: TrainingEvent, lang: str) -> list[str]:
    by_day: dict[Any, list[str]] = defaultdict(list)
    for item in event.agenda.all().order_by("day", "start_time", "pk"):
        by_day[item.day].append(item.topic)
    return [
        f"{format_date(day, 'EEEE, d MMMM y', locale=lang)}: {'; '.join(topics)}"
        for day, topics in sorted(by_day.items())
    ]


def _letter(
    pdf: PaperworkPDF,
    event: TrainingEvent,
    invitation: RegencyInvitation,
    *,
    agenda: list[str],
    lang: str,
) -> None:
    pdf.add_page()
    # Letterhead: the organiser, a rule under it.
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, event.organiser.name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.8)
    pdf.line(20, pdf.get_y() + 2, 190, pdf.get_y() + 2)
    pdf.set_line_width(0.2)
    pdf.ln(6)

    pdf.set_font(FONT, "", 11)
    place_date = ", ".join(
        p
        for p in (
            event.invitation_place,
            format_date(event.invitation_date, "d MMMM y", locale=lang)
            if event.invitation_date
            else "",
        )
        if p
    )
    if place_date:
        pdf.cell(0, 6, place_date, align="R", new_x="LMARGIN", new_y="NEXT")
    for label, value in (
        (_("Letter number"), event.invitation_number or "-"),
        (_("Subject"), _("Invitation to %(event)s") % {"event": event.title}),
    ):
        pdf.cell(25, 6, label)
        pdf.cell(4, 6, ":")
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 6, _("To:"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, recipient_office(invitation.regency), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.ln(4)

    cycle = event.cycle
    pdf.multi_cell(
        0,
        6,
        _("As part of the %(program)s programme (%(year)s), %(organiser)s will hold %(event)s:")
        % {
            "program": cycle.program.name,
            "year": cycle.year,
            "organiser": event.organiser.name,
            "event": event.title,
        },
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(1)
    for label, value in (
        (_("Dates"), date_range(event.start_date, event.end_date, lang)),
        (_("Venue"), event.venue),
    ):
        pdf.set_x(28)
        pdf.cell(30, 6, label)
        pdf.cell(4, 6, ":")
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(
        0,
        6,
        _(
            "We kindly ask you to send from each of the following libraries of %(regency)s up to "
            "%(quota)s people who run the library:"
        )
        % {"regency": invitation.regency.name, "quota": event.invitation_quota},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    rows = [
        [
            str(n),
            library.name,
            library.village.district.name if library.village_id else "",
            str(event.invitation_quota),
        ]
        for n, library in enumerate(invitation.libraries, start=1)
    ]
    pdf.set_font(FONT, "", 10)
    with pdf.table(
        col_widths=(10, 85, 50, 25),
        line_height=6,
        first_row_as_headings=True,
        text_align=("RIGHT", "LEFT", "LEFT", "RIGHT"),
    ) as table:
        head = table.row()
        for text in ("No.", _("Library"), _("District"), _("People")):
            head.cell(text)
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(text)
    pdf.ln(3)
    pdf.set_font(FONT, "", 11)
    if agenda:
        pdf.cell(0, 6, _("Agenda:"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        for line in agenda:
            pdf.set_x(24)
            pdf.multi_cell(0, 5, "• " + line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 11)
        pdf.ln(2)
    pdf.multi_cell(
        0, 6, _("Thank you for your attention and cooperation."), new_x="LMARGIN", new_y="NEXT"
    )
    if pdf.get_y() > 230:
        pdf.add_page()
    pdf.signature(
        x=110, y=pdf.get_y() + 6, width=80, event=event, place="", date=None, language=lang
    )
