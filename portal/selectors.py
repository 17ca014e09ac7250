"""Reads for the public region and village library pages, which compose the regions and
libraries (`villages`), the beneficiaries (`programs`) and the Bimtek events (`trainings`)."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from programs.models import Beneficiary
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
    """Active libraries with their whole region path joined in."""
    return VillageLibrary.objects.filter(is_active=True).select_related(
        "village__district", "village__regency", "village__province"
    )


def library_get_public(*, slug: str) -> VillageLibrary | None:
    """An active library by slug, with its program history and the published Bimtek its
    people attended (counts only)."""
    library = libraries_public().filter(slug=slug).first()
    if library is None:
        return None
    library.history = list(
        Beneficiary.objects.filter(library=library)
        .select_related("cycle__program")
        .order_by("-cycle__year")
    )
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
    return library


@dataclass
class CycleGroup:
    year: int
    program: str
    # (library, its status in this cycle)
    rows: list[tuple[VillageLibrary, str]] = field(default_factory=list)


def region_beneficiaries_by_cycle(region: Province | Regency) -> list[CycleGroup]:
    """The region's active beneficiary libraries grouped by cycle, newest cycle first, each
    group ordered by village code (so a regency's libraries sit together on a province page).
    Two queries whatever the size."""
    where = (
        Q(library__village__province=region)
        if isinstance(region, Province)
        else Q(library__village__regency=region)
    )
    beneficiaries = (
        Beneficiary.objects.filter(where, library__is_active=True)
        .select_related(
            "cycle__program",
            "library__village__district",
            "library__village__regency",
            "library__village__province",
        )
        .order_by("library__village__code", "pk")
    )
    groups: dict[int, CycleGroup] = {}
    for beneficiary in beneficiaries:
        cycle = beneficiary.cycle
        group = groups.setdefault(cycle.pk, CycleGroup(cycle.year, cycle.program.name))
        group.rows.append((beneficiary.library, beneficiary.get_status_display()))
    return sorted(groups.values(), key=lambda g: (-g.year, g.program))


def region_events(region: Province | Regency) -> QuerySet[TrainingEvent]:
    """Published events held in the region or, for a regency, attended by its libraries."""
    events = TrainingEvent.objects.published()
    if isinstance(region, Province):
        events = events.filter(province=region)
    else:
        events = events.filter(
            Q(regency=region)
            | Q(province=region.province_id, participants__library__village__regency=region)
        ).distinct()
    return events.select_related("province", "regency", "cycle").order_by("-start_date", "title")


def province_regency_counts(province: Province) -> QuerySet[Regency]:
    """The province's regencies that have beneficiary libraries, with how many (all cycles)."""
    libraries = Beneficiary.objects.filter(
        library__is_active=True, library__village__province=province
    )
    return (
        Regency.objects.filter(code__in=libraries.values("library__village__regency"))
        .annotate(
            libraries=Count(
                "villages__libraries",
                filter=Q(villages__libraries__in=libraries.values("library")),
                distinct=True,
            )
        )
        .order_by("code")
    )
