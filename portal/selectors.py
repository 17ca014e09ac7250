"""Reads for the public region and village library pages, which compose the regions and
libraries (`villages`), the beneficiaries (`programs`) and the Bimtek events (`trainings`)."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from programs.models import PUBLIC_STATUSES, AidItemKind, Beneficiary, DeliveryItem
from trainings.models import Participant, TrainingEvent
from villages.models import Province, Regency, VillageLibrary

_PROVINCE_RE = re.compile(r"^\d{2}$")
_REGENCY_RE = re.compile(r"^\d{2}\.\d{2}$")


def region_get(*, code: str) -> Province | Regency | None:
    """The province (`51`) or regency (`51.03`) with this official code; None for anything
    else (districts, villages, garbage), so the view answers 404."""
    if _PROVINCE_RE.match(code):
        return Province.objects.filter(code=code).first()
    if _REGENCY_RE.match(code):
        return Regency.objects.select_related("province").filter(code=code).first()
    return None


def libraries_public() -> QuerySet[VillageLibrary]:
    """Active libraries (all three levels) with their whole region path joined in."""
    return VillageLibrary.objects.filter(is_active=True).select_related(
        "village__district", "regency", "province"
    )


@dataclass
class TimelineEntry:
    """One dated step of a library's program year, as the public may see it: never a person's
    name, a phone or a document."""

    date: datetime.date | None
    kind: str  # "selected", "delivered", "bimtek"
    year: int
    text: str = ""
    items: list[str] = field(default_factory=list)
    people: int = 0
    url: str = ""
    sample: bool = False  # invented for the demo, said so on the page


def library_get_public(*, slug: str) -> VillageLibrary | None:
    """An active library by slug, with its program history (beneficiary years a decree named,
    and replication apart), and a dated timeline: selected (date, decree number), aid
    delivered (date, items), Bimtek attended (date, how many people). A fixed number of
    queries."""
    library = libraries_public().filter(slug=slug).first()
    if library is None:
        return None
    rows = list(
        Beneficiary.objects.filter(library=library, status__in=PUBLIC_STATUSES)
        .select_related("cycle__program", "decree")
        .order_by("-cycle__year")
    )
    library.history = [b for b in rows if b.track == Beneficiary.Track.CENTRAL]
    library.replications = [b for b in rows if b.track == Beneficiary.Track.REPLICATION]
    # Counts only: the public never sees who came.
    library.events_attended = list(
        Participant.objects.filter(library=library)
        .of_published_events()
        .values(
            "event__slug",
            "event__title",
            "event__start_date",
            "event__end_date",
            "event__venue",
            "event__cycle__year",
        )
        .annotate(people=Count("pk"))
        .order_by("-event__start_date", "event__title")
    )
    library.timeline = _library_timeline(rows, library.events_attended)
    return library


def _library_timeline(rows: list[Beneficiary], events: list[dict]) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for beneficiary in rows:
        entries.append(
            TimelineEntry(
                date=beneficiary.selected_on,
                kind="selected",
                year=beneficiary.cycle.year,
                text=beneficiary.decree.number if beneficiary.decree_id else "",
            )
        )
    items = (
        DeliveryItem.objects.filter(delivery__beneficiary__in=[b.pk for b in rows])
        .values_list(
            "delivery_id",
            "delivery__delivered_on",
            "delivery__beneficiary__cycle__year",
            "kind",
            "description",
            "quantity",
            "delivery__is_sample",
        )
        .order_by("delivery__delivered_on", "delivery_id", "kind")
    )
    labels = dict(AidItemKind.choices)
    deliveries: dict[int, TimelineEntry] = {}
    for delivery_id, date, year, kind, description, quantity, sample in items:
        entry = deliveries.get(delivery_id)
        if entry is None:
            entry = TimelineEntry(date=date, kind="delivered", year=year, sample=sample)
            deliveries[delivery_id] = entry
            entries.append(entry)
        label = description or str(labels.get(kind, kind))
        entry.items.append(label if quantity is None else f"{quantity} × {label}")
    for event in events:
        entries.append(
            TimelineEntry(
                date=event["event__start_date"],
                kind="bimtek",
                year=event["event__cycle__year"] or event["event__start_date"].year,
                text=event["event__title"],
                people=event["people"],
                url=event["event__slug"],
            )
        )
    return sorted(entries, key=lambda e: (e.date or datetime.date(e.year, 1, 1), e.kind))


@dataclass
class CycleGroup:
    year: int
    program: str
    # (library, its status in this cycle)
    rows: list[tuple[VillageLibrary, str]] = field(default_factory=list)


def _region_q(region: Province | Regency) -> Q:
    if isinstance(region, Province):
        return Q(library__province=region)
    return Q(library__regency=region)


def _group_by_cycle(beneficiaries: QuerySet[Beneficiary]) -> list[CycleGroup]:
    groups: dict[int, CycleGroup] = {}
    for beneficiary in beneficiaries:
        cycle = beneficiary.cycle
        group = groups.setdefault(cycle.pk, CycleGroup(cycle.year, cycle.program.name))
        group.rows.append((beneficiary.library, beneficiary.get_status_display()))
    return sorted(groups.values(), key=lambda g: (-g.year, g.program))


_REGION_PATH = (
    "cycle__program",
    "library__village__district",
    "library__regency",
    "library__province",
)


def region_beneficiaries_by_cycle(region: Province | Regency) -> list[CycleGroup]:
    """The region's public beneficiary libraries (named by a decree, centrally funded, library
    active) grouped by cycle, newest cycle first, each group in region-code order (the
    province library first, then each regency's library and its villages). Two queries."""
    beneficiaries = (
        Beneficiary.objects.public()
        .filter(_region_q(region), library__is_active=True)
        .select_related(*_REGION_PATH)
        .order_by("library__region_code", "pk")
    )
    return _group_by_cycle(beneficiaries)


def region_replications_by_cycle(region: Province | Regency) -> list[CycleGroup]:
    """The region's libraries replicating the model with local funds, apart. Two queries."""
    beneficiaries = (
        Beneficiary.objects.replication()
        .filter(_region_q(region), library__is_active=True)
        .select_related(*_REGION_PATH)
        .order_by("library__region_code", "pk")
    )
    return _group_by_cycle(beneficiaries)


def region_events(region: Province | Regency) -> QuerySet[TrainingEvent]:
    """Published events held in the region or, for a regency, attended by its libraries."""
    events = TrainingEvent.objects.published()
    if isinstance(region, Province):
        events = events.filter(province=region)
    else:
        events = events.filter(
            Q(regency=region)
            | Q(province=region.province_id, participants__library__regency=region)
        ).distinct()
    return events.select_related("province", "regency", "cycle").order_by("-start_date", "title")


def province_regency_counts(province: Province) -> QuerySet[Regency]:
    """The province's regencies that have public beneficiary libraries, with how many (all
    cycles; a regency's own library counts with its villages')."""
    libraries = Beneficiary.objects.public().filter(
        library__is_active=True, library__province=province
    )
    return (
        Regency.objects.filter(code__in=libraries.values("library__regency"))
        .annotate(
            libraries=Count(
                "region_libraries",
                filter=Q(region_libraries__in=libraries.values("library")),
                distinct=True,
            )
        )
        .order_by("code")
    )
