"""The dashboard's bar charts per year and the progress against the cycle's targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from programs.models import ProgramCycle
from programs.selectors import beneficiaries_public
from trainings.models import Attendance, Participant, TrainingEvent
from villages.models import VillageLibrary

from .figures import Filters


@dataclass
class Segment:
    """One part of a stacked bar (a level of library), or the whole bar."""

    label: str | Promise
    value: int
    fill: str = "#2c7fb8"
    y: int = 0
    height: int = 0


@dataclass
class Bar:
    label: str
    value: int
    segments: list[Segment] = field(default_factory=list)
    x: int = 0
    y: int = 0
    width: int = 0
    height: int = 0
    text_y: int = 0


@dataclass
class BarChart:
    """A vertical bar chart drawn by the template from these numbers (no JavaScript)."""

    key: str
    title: str | Promise
    description: str | Promise
    unit: str
    bars: list[Bar] = field(default_factory=list)
    #: The stacked parts' names and colours, in order (empty: plain bars).
    series: list[tuple[str | Promise, str]] = field(default_factory=list)
    width: int = 0
    height: int = 220
    baseline: int = 190

    def layout(self, *, bar_width: int = 48, gap: int = 24, top: int = 24) -> BarChart:
        peak = max([b.value for b in self.bars] or [0]) or 1
        usable = self.baseline - top
        for i, bar in enumerate(self.bars):
            bar.width = bar_width
            bar.x = gap + i * (bar_width + gap)
            bar.height = round(usable * bar.value / peak)
            bar.y = self.baseline - bar.height
            bar.text_y = bar.y - 6
            bar.segments = bar.segments or [Segment(bar.label, bar.value)]
            bottom = self.baseline
            for segment in bar.segments:
                segment.height = round(usable * segment.value / peak)
                segment.y = bottom - segment.height
                bottom = segment.y
        self.width = max(240, gap + len(self.bars) * (bar_width + gap))
        return self


def _per_year(qs: QuerySet, year_path: str, expression: Any = None) -> dict[int, int]:
    return dict(
        qs.order_by().values_list(year_path).annotate(n=expression or Count("pk")).order_by()
    )


#: The levels of beneficiary library, bottom of a stacked bar first, with their colours.
LEVELS = (
    ("village", _("Village libraries"), "#2c7fb8"),
    ("regency", _("Regency/city libraries"), "#41b6c4"),
    ("province", _("Province libraries"), "#253494"),
)


def _has_levels() -> bool:
    """Whether libraries record their level (province, regency/city, village)."""
    try:
        VillageLibrary._meta.get_field("level")
    except FieldDoesNotExist:
        return False
    return True


def _per_year_and_level(beneficiaries: QuerySet) -> dict[tuple[int, str], int]:
    """Libraries per (cycle year, level) in one grouped query. Where libraries have no level
    (a database before library levels), every library is a village library."""
    if not _has_levels():
        per_year = _per_year(beneficiaries, "cycle__year", Count("library", distinct=True))
        return {(y, "village"): n for y, n in per_year.items()}
    rows = (
        beneficiaries.order_by()
        .values_list("cycle__year", "library__level")
        .annotate(n=Count("library", distinct=True))
    )
    return {(y, level): n for y, level, n in rows}


def charts_for(filters: Filters) -> list[BarChart]:
    """Beneficiaries, people trained and the attendance rate per cycle year (the province
    filter applies; the cycle filter does not: a chart over years shows every year)."""
    prov = filters.province.code if filters.province else None
    beneficiaries = beneficiaries_public()
    participants = Participant.objects.of_published_events()
    attendance = Attendance.objects.filter(
        participant__event__status=TrainingEvent.Status.PUBLISHED
    )
    if prov:
        beneficiaries = beneficiaries.filter(library__province=prov)
        participants = participants.filter(library__province=prov)
        attendance = attendance.filter(participant__library__province=prov)
    years = sorted(ProgramCycle.objects.values_list("year", flat=True).distinct())
    per_level = _per_year_and_level(beneficiaries)
    per_year_p = _per_year(participants, "event__cycle__year")
    present = _per_year(attendance, "participant__event__cycle__year")
    expected: dict[int, int] = {}
    for r in (
        participants.order_by()
        .values("event__cycle__year", "event__start_date", "event__end_date")
        .annotate(n=Count("pk"))
    ):
        days = (r["event__end_date"] - r["event__start_date"]).days + 1
        expected[r["event__cycle__year"]] = expected.get(r["event__cycle__year"], 0) + r["n"] * days
    rate = {
        y: int((Decimal(100 * present.get(y, 0)) / total).quantize(0, ROUND_HALF_UP))
        for y, total in expected.items()
        if total
    }
    return [
        BarChart(
            "beneficiaries",
            _("Beneficiary libraries per cycle, by level"),
            _("Libraries selected each year: province, regency/city and village libraries."),
            "",
            [
                Bar(
                    str(y),
                    sum(per_level.get((y, level), 0) for level, _label, _fill in LEVELS),
                    [
                        Segment(label, per_level.get((y, level), 0), fill)
                        for level, label, fill in LEVELS
                    ],
                )
                for y in years
            ],
            [(label, fill) for _level, label, fill in LEVELS],
        ).layout(),
        BarChart(
            "participants",
            _("People trained per cycle"),
            _("Participants of the cycle's published Bimtek."),
            "",
            [Bar(str(y), per_year_p.get(y, 0)) for y in years],
        ).layout(),
        BarChart(
            "attendance",
            _("Attendance rate per cycle"),
            _("Days present recorded, out of the days participants were registered for."),
            "%",
            [Bar(str(y), rate.get(y, 0)) for y in years],
        ).layout(),
    ]


@dataclass
class Progress:
    label: str | Promise
    value: int
    target: int | None
    bar_width: int = 0
    percent: int | None = None

    def layout(self, width: int = 300) -> Progress:
        if self.target:
            share = min(1, self.value / self.target)
            self.bar_width = round(width * share)
            self.percent = round(100 * self.value / self.target)
        return self


def progress_for(cycle: ProgramCycle | None, filters: Filters) -> list[Progress]:
    """Libraries, provinces and regencies reached in the cycle, against its targets (the
    cycle records no regency target: shown without one). One query."""
    if cycle is None:
        return []
    qs = beneficiaries_public().filter(cycle=cycle)
    if filters.province is not None:
        qs = qs.filter(library__province=filters.province.code)
    village = Q(library__level="village") if _has_levels() else Q()
    reached = qs.aggregate(
        libraries=Count("library", distinct=True, filter=village),
        provinces=Count("library__province", distinct=True),
        regencies=Count("library__regency", distinct=True),
    )
    national = filters.province is None
    return [
        Progress(
            _("Village libraries"),
            reached["libraries"],
            cycle.target_libraries if national else None,
        ).layout(),
        Progress(
            _("Provinces"), reached["provinces"], cycle.target_provinces if national else None
        ).layout(),
        Progress(_("Regencies/cities"), reached["regencies"], None).layout(),
    ]
