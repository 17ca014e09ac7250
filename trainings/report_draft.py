"""The event's narrative report, drafted from its records for the coordinator to edit.

Every sentence states a recorded fact: who organised and hosted the event, when and where, who
opened and closed it (and who represented whom), the program and its targets, the regencies and
libraries with their counts, attendance, the health protocol and the screenings (counts only,
never a person's result), the learning goals and the agenda. Nothing is invented: a fact not
recorded is left out, so the coordinator adds what only they know (what was said in the
speeches).

The draft is document text in the language asked for (`id` or `en`), not interface text, so the
two versions of each sentence sit side by side here (as the exporters' value labels do) rather
than in the .po files: a translator of the interface never changes a report's wording. The
English draft uses the records' English fields where filled (title, program description, goals,
health protocol, agenda topics: `core.localized`), else their Indonesian text; names of people,
institutions and places stay as recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.localized import localized

from .models import Attendance, HealthScreening, Participant, TrainingEvent

LANGUAGES = ("id", "en")

MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

T = {
    "id": {
        "held": "{title} diselenggarakan oleh {organiser}{host} pada tanggal {dates} "
        "({days} hari) di {venue}.",
        "host": " bersama {host} sebagai tuan rumah",
        "program": "Kegiatan ini merupakan pelaksanaan program {program} tahun {year}.",
        "targets": "Pada tahun {year} program ini menyasar {provinces} provinsi dan "
        "{libraries} perpustakaan terpilih se-Indonesia.",
        "province": "{province} adalah salah satu provinsi sasaran, dengan {libraries} "
        "perpustakaan peserta kegiatan ini.",
        "opened": "Kegiatan dibuka oleh {position}, {name}.",
        "closed": "Kegiatan ditutup oleh {position}, {name}.",
        "closed_rep": "Kegiatan ditutup oleh {position}, {name}, yang diwakili oleh {rep}, "
        "{rep_position}.",
        "regencies": "Peserta berasal dari {count} kabupaten/kota: {list}.",
        "regency": "{regency} dengan {count} perpustakaan ({libraries})",
        "people": "Sebanyak {people} peserta ({women} perempuan, {men} laki-laki) dari "
        "{libraries} perpustakaan mengikuti kegiatan ini.",
        "attendance": "Kehadiran tercatat {present} dari {possible} hari-peserta ({rate}%); "
        "{full} peserta hadir setiap hari.",
        "negative_test": "Peserta wajib menyerahkan hasil tes antigen negatif sebelum dan "
        "setelah mengikuti kegiatan.",
        "protocol": "Protokol kesehatan: {text}",
        "screenings": "Tercatat {before} hasil tes kesehatan sebelum kegiatan dan {after} "
        "setelah kegiatan.",
        "goals": "Melalui kegiatan ini peserta diharapkan:",
        "agenda": "Agenda:",
        "range_same_month": "{d1} sampai {d2} {month} {year}",
        "range": "{d1} {m1} sampai {d2} {m2} {year}",
        "range_years": "{d1} {m1} {y1} sampai {d2} {m2} {y2}",
        "and": "dan",
    },
    "en": {
        "held": "{title} was organised by {organiser}{host} from {dates} ({days} days) at {venue}.",
        "host": ", hosted by {host},",
        "program": "The event was part of the {program} program, {year} cycle.",
        "targets": "In {year} the program targeted {provinces} provinces and {libraries} "
        "selected libraries across Indonesia.",
        "province": "{province} is one of the target provinces, with {libraries} libraries "
        "taking part in this event.",
        "opened": "The event was opened by {name}, {position}.",
        "closed": "The event was closed by {name}, {position}.",
        "closed_rep": "The event was closed by {name}, {position}, represented by {rep}, "
        "{rep_position}.",
        "regencies": "The participants came from {count} regencies/cities: {list}.",
        "regency": "{regency} with {count} libraries ({libraries})",
        "people": "{people} participants ({women} women, {men} men) from {libraries} "
        "libraries took part.",
        "attendance": "Attendance was recorded for {present} of {possible} participant-days "
        "({rate}%); {full} participants attended every day.",
        "negative_test": "Participants had to hand in a negative antigen test before and "
        "after the event.",
        "protocol": "Health protocol: {text}",
        "screenings": "{before} health test results were recorded before the event and "
        "{after} after it.",
        "goals": "The event aimed for participants to:",
        "agenda": "Agenda:",
        "range_same_month": "{d1} to {d2} {month} {year}",
        "range": "{d1} {m1} to {d2} {m2} {year}",
        "range_years": "{d1} {m1} {y1} to {d2} {m2} {y2}",
        "and": "and",
    },
}


@dataclass
class RegencyCount:
    name: str
    libraries: list[str] = field(default_factory=list)


def date_range(start: datetime.date, end: datetime.date, language: str) -> str:
    """'28 Juni sampai 2 Juli 2021' / '28 June to 2 July 2021'."""
    t, months = T[language], MONTHS[language]
    if start.year != end.year:
        return t["range_years"].format(
            d1=start.day, m1=months[start.month - 1], y1=start.year,
            d2=end.day, m2=months[end.month - 1], y2=end.year,
        )  # fmt: skip
    if start.month != end.month:
        return t["range"].format(
            d1=start.day, m1=months[start.month - 1], d2=end.day, m2=months[end.month - 1],
            year=end.year,
        )  # fmt: skip
    if start == end:
        return f"{start.day} {months[start.month - 1]} {start.year}"
    return t["range_same_month"].format(
        d1=start.day, d2=end.day, month=months[start.month - 1], year=start.year
    )


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {T[language]['and']} {items[-1]}"


def _day(day: datetime.date, language: str) -> str:
    return f"{WEEKDAYS[language][day.weekday()]}, {day.day} {MONTHS[language][day.month - 1]}"


def draft_report(*, event: TrainingEvent, user: Any, language: str = "id") -> str:
    """The draft narrative of `event`, counting only the participants `user` may see."""
    if language not in LANGUAGES:
        raise ValueError(language)
    t = T[language]
    event = TrainingEvent.objects.select_related(
        "organiser",
        "host",
        "province",
        "cycle__program",
        "opened_by",
        "closed_by",
        "closed_by_representative",
    ).get(pk=event.pk)  # fmt: skip
    participants = Participant.objects.in_scope(user).filter(event=event)
    paragraphs: list[str] = []

    held = t["held"].format(
        title=localized(event, "title", language=language).text,
        organiser=event.organiser.name,
        host=t["host"].format(host=event.host.name) if event.host_id else "",
        dates=date_range(event.start_date, event.end_date, language),
        days=event.duration_days,
        venue=event.venue,
    )
    program = event.cycle.program
    intro = [held, t["program"].format(program=program.name, year=event.cycle.year)]
    description = localized(program, "description", language=language).text.strip()
    if description:
        intro.append(description)
    paragraphs.append(" ".join(intro))

    by_regency, libraries, totals = _participants_by_regency(participants)
    reach = []
    if event.cycle.target_provinces or event.cycle.target_libraries:
        reach.append(
            t["targets"].format(
                year=event.cycle.year,
                provinces=event.cycle.target_provinces,
                libraries=event.cycle.target_libraries,
            )
        )
    if libraries and event.level == TrainingEvent.Level.PROVINCE:
        reach.append(t["province"].format(province=event.province.name, libraries=libraries))
    if libraries:
        reach.append(
            t["regencies"].format(
                count=len(by_regency),
                list="; ".join(
                    t["regency"].format(
                        regency=r.name, count=len(r.libraries), libraries=", ".join(r.libraries)
                    )
                    for r in by_regency
                ),
            )
        )
        reach.append(t["people"].format(libraries=libraries, **totals))
    if reach:
        paragraphs.append(" ".join(reach))

    officials = []
    if event.opened_by_id:
        officials.append(
            t["opened"].format(name=event.opened_by.name, position=event.opened_by.position)
        )
    if event.closed_by_id:
        rep = event.closed_by_representative
        key = "closed_rep" if rep else "closed"
        officials.append(
            t[key].format(
                name=event.closed_by.name,
                position=event.closed_by.position,
                rep=rep.name if rep else "",
                rep_position=rep.position if rep else "",
            )
        )
    if officials:
        paragraphs.append(" ".join(officials))

    health = _attendance_and_health(event, participants, t, totals["people"], language)
    if health:
        paragraphs.append(" ".join(health))

    goals = localized(event, "learning_goals", language=language).lines
    if goals:
        paragraphs.append("\n".join([t["goals"], *(f"- {goal}" for goal in goals)]))
    agenda = list(event.agenda.all())
    if agenda:
        lines = [t["agenda"]]
        for item in agenda:
            when = _day(item.day, language)
            if item.start_time:
                when += f", {item.start_time:%H:%M}"
                if item.end_time:
                    when += f"–{item.end_time:%H:%M}"
            speaker = f" ({item.speaker})" if item.speaker else ""
            topic = localized(item, "topic", language=language).text
            lines.append(f"- {when}: {topic}{speaker}")
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


@transaction.atomic
def report_field(language: str) -> str:
    """Where a draft in `language` is saved: the report narrative or its English twin."""
    return "report_en" if language == "en" else "report"


def event_report_save(
    *, event: TrainingEvent, user: Any, text: str, replace: bool, language: str = "id"
) -> None:
    """Write `text` as the event's report narrative in `language` (its history records who and
    when). A report already there is replaced only when `replace` says so; the event's status
    is never touched, so a draft stays unpublished."""
    if not event.is_changeable_by(user):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("The report is empty."))
    field = report_field(language)
    if (getattr(event, field, "") or "").strip() and not replace:
        raise ValidationError(
            _("This event already has a report: tick “Replace the current report” to overwrite it.")
        )
    setattr(event, field, text)
    event.save()


def _participants_by_regency(participants) -> tuple[list[RegencyCount], int, dict[str, int]]:
    """Regencies with their libraries (most libraries first, as a report lists them), the
    number of libraries and the people counts: one query, grouped by library."""
    rows = (
        participants.values("library_id", "library__name", "library__regency__name")
        .annotate(
            people=Count("pk"),
            women=Count("pk", filter=Q(gender=Participant.Gender.FEMALE)),
            men=Count("pk", filter=Q(gender=Participant.Gender.MALE)),
        )
        .order_by("library__village__code", "library__name")
    )
    regencies: dict[str, RegencyCount] = {}
    totals = {"people": 0, "women": 0, "men": 0}
    for row in rows:
        name = row["library__regency__name"] or "–"
        regencies.setdefault(name, RegencyCount(name)).libraries.append(row["library__name"])
        for key in totals:
            totals[key] += row[key]
    ordered = sorted(regencies.values(), key=lambda r: (-len(r.libraries), r.name))
    return ordered, len(rows), totals


def _attendance_and_health(event, participants, t, people: int, language: str) -> list[str]:
    out = []
    if people:
        days = event.duration_days
        present = Attendance.objects.filter(participant__in=participants).count()
        full = participants.annotate(n=Count("attendance")).filter(n__gte=days).count()
        possible = people * days
        out.append(
            t["attendance"].format(
                present=present,
                possible=possible,
                rate=round(100 * present / possible),
                full=full,
            )
        )
    if event.requires_negative_test:
        out.append(t["negative_test"])
    protocol = localized(event, "health_protocol", language=language).text.strip()
    if protocol:
        out.append(t["protocol"].format(text=protocol))
    phases = dict(
        HealthScreening.objects.filter(participant__in=participants)
        .values_list("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    if phases:
        out.append(
            t["screenings"].format(
                before=phases.get(HealthScreening.Phase.BEFORE, 0),
                after=phases.get(HealthScreening.Phase.AFTER, 0),
            )
        )
    return out
