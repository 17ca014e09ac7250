"""Reads for the public Bimtek pages and the home page's headline figures.

Public reads carry counts of participants, never the participants themselves.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from programs.models import Beneficiary, ProgramCycle
from villages.models import Province, Regency, VillageLibrary

from .models import Attendance, Participant, Person, TrainingEvent


def events_public() -> QuerySet[TrainingEvent]:
    """Published events with their region and cycle joined in and their participant and
    library counts annotated (one query per page)."""
    return (
        TrainingEvent.objects.published()
        .select_related("province", "regency", "cycle__program", "organiser")
        .annotate(
            participant_count=Count("participants", distinct=True),
            library_count=Count("participants__library", distinct=True),
        )
        .order_by("-start_date", "title")
    )


def events_filter(
    queryset: QuerySet[TrainingEvent], *, year: int | None = None, province: Province | None = None
) -> QuerySet[TrainingEvent]:
    if year is not None:
        queryset = queryset.filter(cycle__year=year)
    if province is not None:
        queryset = queryset.filter(province=province)
    return queryset


@dataclass
class RegencyGroup:
    regency: Regency
    # (library, how many of its people came)
    libraries: list[tuple[VillageLibrary, int]] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(n for _library, n in self.libraries)


@dataclass
class EventReport:
    event: TrainingEvent
    agenda: list
    regencies: list[RegencyGroup]
    participants: int
    women: int
    men: int
    # Generated demo people (Participant.is_sample): said on the page, never passed off as real.
    sample: int = 0
    # People who came as guests (not of a beneficiary library the event is for): apart.
    guests: int = 0
    attendance: list = field(default_factory=list)  # AttendanceDay per day, no names
    served: list = field(default_factory=list)  # the provinces and regencies served

    @property
    def library_count(self) -> int:
        """Beneficiary libraries the event is for whose people took part (guests apart)."""
        return sum(len(g.libraries) for g in self.regencies)

    @property
    def is_draft(self) -> bool:
        return self.event.status != TrainingEvent.Status.PUBLISHED

    @property
    def attendance_rate(self) -> float | None:
        return _rate(
            sum(d.present for d in self.attendance), sum(d.possible for d in self.attendance)
        )


def event_report_get(*, slug: str, user: Any = None) -> EventReport | None:
    """An event's public report: its facts, agenda, the beneficiary libraries (grouped by
    regency) whose people attended with counts, guests counted apart, and the attendance per
    day (numbers only). None for an unknown slug, and for a draft unless `user` may see the
    event (staff preview it: the page says it is a draft)."""
    event = (
        TrainingEvent.objects.select_related(
            "cycle__program",
            "organiser",
            "host",
            "province",
            "regency",
            "opened_by__institution",
            "closed_by__institution",
            "closed_by_representative__institution",
        )
        .filter(slug=slug)
        .first()
    )
    if event is None:
        return None
    if event.status != TrainingEvent.Status.PUBLISHED and not (
        user is not None and TrainingEvent.objects.in_scope(user).filter(pk=event.pk).exists()
    ):
        return None
    libraries = (
        VillageLibrary.objects.filter(participants__event=event, participants__is_guest=False)
        .annotate(people=Count("participants"))
        .select_related("regency__province", "province", "village__district")
        .order_by("region_code")
    )
    groups: dict[str, RegencyGroup] = {}
    for library in libraries:
        # A province library has no regency: it heads its own group, under its province.
        regency = library.regency or library.province
        groups.setdefault(regency.code, RegencyGroup(regency)).libraries.append(
            (library, library.people)
        )
    counts = list(
        Participant.objects.filter(event=event)
        .order_by()
        .values_list("gender", "is_sample", "is_guest")
        .annotate(n=Count("pk"))
    )
    # The regions served, by name, in one query (provinces first: their codes are shorter).
    served = [
        name
        for _code, name in Province.objects.filter(events_served=event)
        .order_by()
        .values_list("code", "name")
        .union(Regency.objects.filter(events_served=event).order_by().values_list("code", "name"))
        .order_by("code")
    ]
    total = sum(n for _g, _s, _guest, n in counts)
    return EventReport(
        event=event,
        agenda=list(event.agenda.all()),
        regencies=list(groups.values()),
        participants=sum(n for _g, _s, _guest, n in counts),
        women=sum(n for g, _s, _guest, n in counts if g == Participant.Gender.FEMALE),
        men=sum(n for g, _s, _guest, n in counts if g == Participant.Gender.MALE),
        sample=sum(n for _g, is_sample, _guest, n in counts if is_sample),
        guests=sum(n for _g, _s, is_guest, n in counts if is_guest),
        attendance=attendance_days(event, Participant.objects.filter(event=event), total),
        served=served,
    )


def cycle_headlines() -> list[ProgramCycle]:
    """Every cycle with its headline figures annotated: beneficiary libraries, provinces,
    regencies, published events and their participants. One query, whatever the data size."""

    def count_of(queryset: QuerySet, expression: str) -> Coalesce:
        return Coalesce(
            Subquery(
                queryset.order_by()
                .values("cycle")
                .annotate(n=Count(expression, distinct=True))
                .values("n")[:1]
            ),
            Value(0),
        )

    # Public figures count only the libraries a decree named, centrally funded (programs).
    beneficiaries = Beneficiary.objects.public().filter(
        cycle=OuterRef("pk"), library__is_active=True
    )
    events = TrainingEvent.objects.published().filter(cycle=OuterRef("pk"))
    participants = Participant.objects.filter(
        event__cycle=OuterRef("pk"), event__status=TrainingEvent.Status.PUBLISHED
    )
    return list(
        ProgramCycle.objects.select_related("program")
        .annotate(
            libraries=count_of(beneficiaries, "library"),
            provinces=count_of(beneficiaries, "library__province"),
            regencies=count_of(beneficiaries, "library__regency"),
            events_published=count_of(events, "pk"),
            participants_total=Coalesce(
                Subquery(
                    participants.order_by()
                    .values("event__cycle")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                Value(0),
            ),
        )
        .order_by("-year", "program__name")
    )


def events_latest(limit: int = 3) -> QuerySet[TrainingEvent]:
    return events_public()[:limit]


# --- attendance -------------------------------------------------------------------------------


def _rate(present: int, possible: int) -> float | None:
    """Present over possible, in percent to one decimal; None when nothing was possible."""
    return round(100 * present / possible, 1) if possible else None


@dataclass
class AttendanceDay:
    day: datetime.date
    present: int
    possible: int

    @property
    def rate(self) -> float | None:
        return _rate(self.present, self.possible)


@dataclass
class AttendanceRow:
    participant: Participant
    marks: list[tuple[datetime.date, bool]]

    @property
    def days_attended(self) -> int:
        return sum(present for _day, present in self.marks)

    @property
    def rate(self) -> float | None:
        return _rate(self.days_attended, len(self.marks))


@dataclass
class AttendanceGrid:
    event: TrainingEvent
    days: list[AttendanceDay]
    rows: list[AttendanceRow]
    participants: int  # in the user's scope, all pages

    @property
    def present(self) -> int:
        return sum(d.present for d in self.days)

    @property
    def rate(self) -> float | None:
        return _rate(self.present, sum(d.possible for d in self.days))


def attendance_days(
    event: TrainingEvent, participants: QuerySet[Participant], total: int | None = None
) -> list[AttendanceDay]:
    """Per day of the event: how many of `participants` (`total` of them, counted here if not
    given) were present. One or two queries."""
    if total is None:
        total = participants.count()
    counts = dict(
        Attendance.objects.filter(participant__in=participants.values("pk"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    return [AttendanceDay(day, counts.get(day, 0), total) for day in event.days]


def attendance_grid(
    *, event: TrainingEvent, participants: list[Participant], user: Any
) -> AttendanceGrid:
    """The attendance grid of `participants` (one page, already in the user's scope) with
    totals per day over all the user's participants of the event. Four queries."""
    in_scope = Participant.objects.in_scope(user).filter(event=event)
    marks: dict[int, set[datetime.date]] = {}
    for participant_id, day in Attendance.objects.filter(
        participant_id__in=[p.pk for p in participants]
    ).values_list("participant_id", "day"):
        marks.setdefault(participant_id, set()).add(day)
    days = attendance_days(event, in_scope)
    rows = [
        AttendanceRow(p, [(d.day, d.day in marks.get(p.pk, ())) for d in days])
        for p in participants
    ]
    return AttendanceGrid(
        event=event, days=days, rows=rows, participants=days[0].possible if days else 0
    )


# --- people -----------------------------------------------------------------------------------


def people_trained(
    *,
    library: Any = None,
    regency: Any = None,
    province: Any = None,
    cycle: Any = None,
    published_only: bool = True,
) -> int:
    """Unique people trained (a person at two events counts once), for a library, a regency, a
    province and/or a cycle. Guests count too: they were trained. One query."""
    participations = Q()
    if published_only:
        participations &= Q(participations__event__status=TrainingEvent.Status.PUBLISHED)
    if library is not None:
        participations &= Q(library=library)
    if regency is not None:
        participations &= Q(library__village__regency=regency)
    if province is not None:
        participations &= Q(library__village__province=province)
    if cycle is not None:
        participations &= Q(participations__event__cycle=cycle)
    return (
        Person.objects.filter(participations, participations__isnull=False)
        .values("pk")
        .distinct()
        .count()
    )
