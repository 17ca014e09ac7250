"""The event's narrative report, drafted from its records for the coordinator to edit.

Every sentence states a recorded fact: who organised and hosted the event, when and where, who
opened and closed it (and who represented whom), the program and its targets, the regencies and
libraries with their counts, attendance, the health protocol and the screenings (counts only,
never a person's result), the learning goals and the agenda. Nothing is invented: a fact not
recorded is left out, so the coordinator adds what only they know (what was said in the
speeches).

The draft is written in the language asked for (`id` or `en`), whatever the interface's
language: its sentences go through the catalogues under the context "report draft" inside
`translation.override`, and month and day names come from Django's own catalogue. The
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
from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.localized import localized

from .models import Attendance, HealthScreening, Participant, TrainingEvent

LANGUAGES = ("id", "en")
_CTX = "report draft"


def _texts(language: str) -> dict[str, Any]:
    """The draft's sentences in `language`, through the catalogues (context "report draft"):
    the draft is written in the language asked for, whatever the interface's language."""
    with translation.override(language):
        texts = {
            "held": pgettext(
                _CTX,
                "{title} was organised by {organiser}{host} from {dates} ({days} days) at {venue}.",
            ),
            "host": pgettext(_CTX, ", hosted by {host},"),
            "program": pgettext(_CTX, "The event was part of the {program} program, {year} cycle."),
            "targets": pgettext(
                _CTX,
                "In {year} the program targeted {provinces} provinces and {libraries} selected "
                "libraries across Indonesia.",
            ),
            "province": pgettext(
                _CTX,
                "{province} is one of the target provinces, with {libraries} libraries taking "
                "part in this event.",
            ),
            "opened": pgettext(_CTX, "The event was opened by {name}, {position}."),
            "closed": pgettext(_CTX, "The event was closed by {name}, {position}."),
            "closed_rep": pgettext(
                _CTX,
                "The event was closed by {name}, {position}, represented by {rep}, {rep_position}.",
            ),
            "regencies": pgettext(
                _CTX, "The participants came from {count} regencies/cities: {list}."
            ),
            "regency": pgettext(_CTX, "{regency} with {count} libraries ({libraries})"),
            "people": pgettext(
                _CTX,
                "{people} participants ({women} women, {men} men) from {libraries} libraries "
                "took part.",
            ),
            "attendance": pgettext(
                _CTX,
                "Attendance was recorded for {present} of {possible} participant-days ({rate}%); "
                "{full} participants attended every day.",
            ),
            "negative_test": pgettext(
                _CTX,
                "Participants had to hand in a negative antigen test before and after the event.",
            ),
            "protocol": pgettext(_CTX, "Health protocol: {text}"),
            "screenings": pgettext(
                _CTX,
                "{before} health test results were recorded before the event and {after} after it.",
            ),
            "goals": pgettext(_CTX, "The event aimed for participants to:"),
            "agenda": pgettext(_CTX, "Agenda:"),
            "range_same_month": pgettext(_CTX, "{d1} to {d2} {month} {year}"),
            "range": pgettext(_CTX, "{d1} {m1} to {d2} {m2} {year}"),
            "range_years": pgettext(_CTX, "{d1} {m1} {y1} to {d2} {m2} {y2}"),
            "and": pgettext(_CTX, "and"),
        }
        texts["months"] = [str(MONTHS[number]) for number in range(1, 13)]
        texts["weekdays"] = [str(WEEKDAYS[number]) for number in range(7)]
    return texts


@dataclass
class RegencyCount:
    name: str
    libraries: list[str] = field(default_factory=list)


def date_range(start: datetime.date, end: datetime.date, language: str) -> str:
    """'28 Juni sampai 2 Juli 2021' / '28 June to 2 July 2021'."""
    t = _texts(language)
    months = t["months"]
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
    return f"{', '.join(items[:-1])} {_texts(language)['and']} {items[-1]}"


def _day(day: datetime.date, language: str) -> str:
    t = _texts(language)
    return f"{t['weekdays'][day.weekday()]}, {day.day} {t['months'][day.month - 1]}"


def draft_report(*, event: TrainingEvent, user: Any, language: str = "id") -> str:
    """The draft narrative of `event`, counting only the participants `user` may see."""
    if language not in LANGUAGES:
        raise ValueError(language)
    t = _texts(language)
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
