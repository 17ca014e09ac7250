"""Reads for the public Bimtek pages and the home page's headline figures.

Public reads carry counts of participants, never the participants themselves.
"""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from programs.models import Beneficiary, ProgramCycle
from villages.models import Province, Regency, VillageLibrary

from .models import Participant, TrainingEvent


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

    @property
    def library_count(self) -> int:
        return sum(len(g.libraries) for g in self.regencies)


def event_report_get(*, slug: str) -> EventReport | None:
    """A published event's report: its facts, agenda, and the libraries (grouped by regency)
    whose people attended, with counts. None for a draft or an unknown slug."""
    event = (
        TrainingEvent.objects.published()
        .select_related(
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
    libraries = (
        VillageLibrary.objects.filter(participants__event=event)
        .annotate(people=Count("participants"))
        .select_related("village__regency__province", "village__district")
        .order_by("village__regency__code", "village__code")
    )
    groups: dict[str, RegencyGroup] = {}
    for library in libraries:
        regency = library.village.regency
        groups.setdefault(regency.code, RegencyGroup(regency)).libraries.append(
            (library, library.people)
        )
    counts = list(
        Participant.objects.filter(event=event)
        .order_by()
        .values_list("gender", "is_sample")
        .annotate(n=Count("pk"))
    )
    return EventReport(
        event=event,
        agenda=list(event.agenda.all()),
        regencies=list(groups.values()),
        participants=sum(n for _g, _s, n in counts),
        women=sum(n for g, _s, n in counts if g == Participant.Gender.FEMALE),
        men=sum(n for g, _s, n in counts if g == Participant.Gender.MALE),
        sample=sum(n for _g, is_sample, n in counts if is_sample),
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

    beneficiaries = Beneficiary.objects.filter(cycle=OuterRef("pk"), library__is_active=True)
    events = TrainingEvent.objects.published().filter(cycle=OuterRef("pk"))
    participants = Participant.objects.filter(
        event__cycle=OuterRef("pk"), event__status=TrainingEvent.Status.PUBLISHED
    )
    return list(
        ProgramCycle.objects.select_related("program")
        .annotate(
            libraries=count_of(beneficiaries, "library"),
            provinces=count_of(beneficiaries, "library__village__province"),
            regencies=count_of(beneficiaries, "library__village__regency"),
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
