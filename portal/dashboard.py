"""The public dashboard (`/dasbor/`): progress against a cycle's targets, a tile-grid map of
the 38 provinces, and charts, all drawn as SVG on the server, each with its figures as a table.

Figures are declared, not hard-wired: `FIGURES` is a list of `Figure` definitions, each able to
count per province (the map and its table) and per regency (a chosen province's table). The
figures the records hold today are beneficiary libraries, people trained (registrations and
unique people), aid fully delivered, replication, Bimtek held and the attendance rate.
Reporting rates and the literacy index (IPLM) are not records yet: when their app has them, a
`Figure` with the same two functions puts them on the map, in the tables and in the figure
choice, with no template change.

Every figure is one or two grouped queries, whatever the number of rows: the page's query count
does not grow with beneficiaries, participants or events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from programs.filters import CycleProvinceFilterForm
from programs.models import Beneficiary, ProgramCycle
from programs.selectors import beneficiaries_public
from trainings.models import Attendance, Participant, TrainingEvent
from villages.models import Province, Regency, VillageLibrary

PROVINCE, REGENCY = "province", "regency"

# --- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the visitor chose: a cycle year (None: all cycles) and a province (None: all)."""

    year: int | None = None
    province: Province | None = None


def _where(filters: Filters, year_path: str, province_path: str) -> Q:
    q = Q()
    if filters.year is not None:
        q &= Q(**{year_path: filters.year})
    if filters.province is not None:
        q &= Q(**{province_path: filters.province.code})
    return q


def _grouped(qs: QuerySet, path: str, expression: Any = None) -> dict[str, int]:
    rows = qs.order_by().values(path).annotate(n=expression or Count("pk"))
    return {r[path]: r["n"] for r in rows if r[path]}


def beneficiaries_by(filters: Filters, level: str) -> dict[str, int]:
    """Village libraries selected (active libraries, all statuses)."""
    qs = beneficiaries_public().filter(_where(filters, "cycle__year", "library__province"))
    return _grouped(qs, f"library__{level}", Count("library", distinct=True))


def participants_by(filters: Filters, level: str) -> dict[str, int]:
    """Registrations at published Bimtek, by the participant's library's region."""
    qs = Participant.objects.of_published_events().filter(
        _where(filters, "event__cycle__year", "library__province")
    )
    return _grouped(qs, f"library__{level}")


def people_by(filters: Filters, level: str) -> dict[str, int]:
    """Different people trained at published Bimtek (`Participant.person`: one per name and
    library), by their library's region: someone trained twice counts once."""
    qs = Participant.objects.of_published_events().filter(
        _where(filters, "event__cycle__year", "library__province"), person__isnull=False
    )
    return _grouped(qs, f"library__{level}", Count("person", distinct=True))


def aid_delivered_by(filters: Filters, level: str) -> dict[str, int]:
    """Beneficiary libraries whose whole aid package has arrived (every item of the package in
    the quantities delivered, `BeneficiaryQuerySet.aid_outstanding`). One query."""
    qs = beneficiaries_public().filter(
        _where(filters, "cycle__year", "library__province"), package__isnull=False
    )
    qs = qs.exclude(pk__in=Beneficiary.objects.aid_outstanding().values("pk"))
    return _grouped(qs, f"library__{level}", Count("library", distinct=True))


def replication_by(filters: Filters, level: str) -> dict[str, int]:
    """Libraries replicating the model with local funds (`BeneficiaryQuerySet.replication`)."""
    qs = Beneficiary.objects.replication().filter(
        _where(filters, "cycle__year", "library__province"), library__is_active=True
    )
    return _grouped(qs, f"library__{level}", Count("library", distinct=True))


def events_by(filters: Filters, level: str) -> dict[str, int]:
    """Published Bimtek held in the region (regency: only events held for one regency)."""
    qs = TrainingEvent.objects.published().filter(_where(filters, "cycle__year", "province"))
    return _grouped(qs, level)


def _expected_days(filters: Filters, level: str) -> dict[str, int]:
    """Person-days there would be if every participant came every day of their event."""
    rows = (
        Participant.objects.of_published_events()
        .filter(_where(filters, "event__cycle__year", "library__province"))
        .order_by()
        .values(f"library__{level}", "event__start_date", "event__end_date")
        .annotate(n=Count("pk"))
    )
    out: dict[str, int] = {}
    for r in rows:
        days = (r["event__end_date"] - r["event__start_date"]).days + 1
        key = r[f"library__{level}"]
        out[key] = out.get(key, 0) + r["n"] * days
    return out


def attendance_by(filters: Filters, level: str) -> dict[str, int]:
    """Attendance rate in percent: days present recorded over the days there were to attend
    (participants × days of their event). Two grouped queries."""
    expected = _expected_days(filters, level)
    present = _grouped(
        Attendance.objects.filter(
            _where(
                filters,
                "participant__event__cycle__year",
                "participant__library__province",
            ),
            participant__event__status=TrainingEvent.Status.PUBLISHED,
        ),
        f"participant__library__{level}",
    )
    return {
        code: int((Decimal(100 * present.get(code, 0)) / total).quantize(0, ROUND_HALF_UP))
        for code, total in expected.items()
        if total
    }


@dataclass(frozen=True)
class Figure:
    """One figure of the dashboard: its key (the URL's `figure=`), label, what it means, its
    unit, and `by(filters, level)` → {region code: value} for level "province" or "regency".
    `summable` figures add up to a total; a rate does not."""

    key: str
    label: str | Promise
    description: str | Promise
    by: Callable[[Filters, str], dict[str, int]]
    unit: str = ""
    summable: bool = True


FIGURES: tuple[Figure, ...] = (
    Figure(
        "beneficiaries",
        _("Beneficiary libraries"),
        _("Village libraries selected as beneficiaries."),
        beneficiaries_by,
    ),
    Figure(
        "participants",
        _("People trained"),
        _(
            "Participants of published Bimtek, by their library's region (registrations: a "
            "person trained twice counts twice)."
        ),
        participants_by,
    ),
    Figure(
        "people",
        _("Unique people trained"),
        _(
            "Different people trained at published Bimtek, by their library's region: someone "
            "trained twice counts once."
        ),
        people_by,
    ),
    Figure(
        "aid",
        _("Aid fully delivered"),
        _("Beneficiary libraries whose whole aid package has arrived (signed handovers)."),
        aid_delivered_by,
    ),
    Figure(
        "replication",
        _("Replication"),
        _("Libraries replicating the model with local funds (counted apart from beneficiaries)."),
        replication_by,
    ),
    Figure("events", _("Bimtek held"), _("Published Bimtek held in the region."), events_by),
    Figure(
        "attendance",
        _("Attendance rate"),
        _("Days present recorded, out of the days participants were registered for."),
        attendance_by,
        unit="%",
        summable=False,
    ),
)
FIGURES_BY_KEY = {f.key: f for f in FIGURES}


# --- the form ------------------------------------------------------------------------------


class DashboardFilterForm(CycleProvinceFilterForm):
    """Cycle, province and the figure the map shows; an invalid value is reported and
    ignored, never a 500."""

    figure = forms.ChoiceField(label=_("Map shows"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [(f.key, f.label) for f in FIGURES]
        self.fields["figure"].widget.attrs["class"] = "form-select"
        self.fields["figure"].error_messages["invalid_choice"] = _("Unknown figure: %(value)s.")


# --- the tile-grid map ---------------------------------------------------------------------

#: Each province as one tile (column, row), placed roughly where it lies: Sumatra on the left,
#: Java and the Lesser Sunda Islands along the bottom, Kalimantan, Sulawesi, Maluku and the six
#: Papua provinces to the right. Short names are the usual abbreviations.
TILES: dict[str, tuple[int, int, str]] = {
    "11": (0, 0, "ACEH"),
    "12": (1, 1, "SUMUT"),
    "14": (2, 1, "RIAU"),
    "21": (3, 1, "KEPRI"),
    "13": (1, 2, "SUMBAR"),
    "15": (2, 2, "JAMBI"),
    "17": (1, 3, "BKL"),
    "16": (2, 3, "SUMSEL"),
    "19": (3, 3, "BABEL"),
    "18": (3, 4, "LPG"),
    "31": (4, 4, "DKI"),
    "36": (3, 5, "BANTEN"),
    "32": (4, 5, "JABAR"),
    "33": (5, 5, "JATENG"),
    "34": (5, 6, "DIY"),
    "35": (6, 5, "JATIM"),
    "51": (7, 6, "BALI"),
    "52": (8, 6, "NTB"),
    "53": (9, 6, "NTT"),
    "61": (6, 2, "KALBAR"),
    "65": (7, 1, "KALTARA"),
    "64": (7, 2, "KALTIM"),
    "62": (6, 3, "KALTENG"),
    "63": (7, 3, "KALSEL"),
    "75": (10, 1, "GTLO"),
    "71": (11, 1, "SULUT"),
    "72": (9, 2, "SULTENG"),
    "76": (8, 3, "SULBAR"),
    "74": (9, 3, "SULTRA"),
    "73": (8, 4, "SULSEL"),
    "82": (12, 1, "MALUT"),
    "81": (12, 3, "MALUKU"),
    "96": (13, 2, "PBD"),
    "92": (14, 2, "PABAR"),
    "91": (15, 2, "PAPUA"),
    "94": (14, 3, "PAPTENG"),
    "95": (15, 3, "PAPPEG"),
    "93": (15, 4, "PAPSEL"),
}
TILE, GAP = 56, 4
COLUMNS = 1 + max(c for c, _r, _n in TILES.values())
ROWS = 1 + max(r for _c, r, _n in TILES.values())

#: A sequential, colour-blind-safe palette (ColorBrewer YlGnBu, 5 classes), light to dark, with
#: the text colour that keeps 4.5:1 contrast on each; no data is a neutral grey.
PALETTE = [
    ("#ffffcc", "#000000"),
    ("#a1dab4", "#000000"),
    ("#41b6c4", "#000000"),
    ("#2c7fb8", "#000000"),
    ("#253494", "#ffffff"),
]
NO_DATA = ("#eeeeee", "#000000")


@dataclass
class Tile:
    code: str
    name: str
    short: str
    x: int
    y: int
    value: int | None
    fill: str
    ink: str
    selected: bool = False


@dataclass
class LegendClass:
    fill: str
    low: int | None
    high: int | None
    y: int = 0


def classes_for(values: list[int]) -> list[tuple[int, int]]:
    """Five equal-width classes from 1 to the largest value (fewer when values are small)."""
    top = max([v for v in values if v] or [0])
    if top <= 0:
        return []
    n = min(len(PALETTE), top)
    bounds = []
    for i in range(n):
        low = 1 + (top * i) // n
        high = (top * (i + 1)) // n
        bounds.append((low, high))
    return bounds


def tiles_for(
    provinces: list[Province], values: dict[str, int], selected: str | None
) -> tuple[list[Tile], list[LegendClass]]:
    """The map's tiles, coloured by class, and its legend."""
    bounds = classes_for(list(values.values()))
    tiles = []
    for province in provinces:
        col, row, short = TILES.get(province.code, (None, None, province.code))
        if col is None:
            continue  # a province the grid does not know (none today): still in the table
        value = values.get(province.code)
        fill, ink = NO_DATA
        if value:
            index = next(i for i, (_low, high) in enumerate(bounds) if value <= high)
            fill, ink = PALETTE[index]
        tiles.append(
            Tile(
                province.code,
                province.name,
                short,
                col * (TILE + GAP),
                row * (TILE + GAP),
                value,
                fill,
                ink,
                province.code == selected,
            )
        )
    legend = [LegendClass(NO_DATA[0], None, None)] + [
        LegendClass(PALETTE[i][0], low, high) for i, (low, high) in enumerate(bounds)
    ]
    for i, item in enumerate(legend):
        item.y = i * 24
    return tiles, legend


# --- charts ----------------------------------------------------------------------------------


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


# --- progress against the cycle's targets ----------------------------------------------------


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


# --- the page's data -----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int | None
    unit: str = ""


@dataclass
class RegionRow:
    code: str
    name: str
    url: str
    cells: list[Cell]


@dataclass
class Dashboard:
    filters: Filters
    cycle: ProgramCycle | None
    figure: Figure
    figures: tuple[Figure, ...]
    progress: list[Progress]
    tiles: list[Tile]
    legend: list[LegendClass]
    province_rows: list[RegionRow]
    regency_rows: list[RegionRow]
    totals: list[Cell]
    charts: list[BarChart]
    map_width: int = COLUMNS * (TILE + GAP)
    map_height: int = ROWS * (TILE + GAP)
    tile_size: int = TILE


def _rows(regions, values: list[dict[str, int]]) -> list[RegionRow]:
    return [
        RegionRow(
            r.code,
            r.name,
            r.get_absolute_url(),
            [Cell(v.get(r.code), f.unit) for f, v in zip(FIGURES, values, strict=True)],
        )
        for r in regions
    ]


def dashboard_build(*, year: int | None, province: Province | None, figure: str) -> Dashboard:
    """Everything `/dasbor/` shows for a cycle year (None: the newest cycle), a province
    (None: the whole country) and the figure on the map. A bounded number of queries."""
    cycles = list(ProgramCycle.objects.select_related("program").order_by("-year"))
    cycle = next((c for c in cycles if c.year == year), None) if year else None
    if cycle is None and year is None and cycles:
        cycle = cycles[0]
    filters = Filters(year=cycle.year if cycle else year, province=province)
    chosen = FIGURES_BY_KEY.get(figure, FIGURES[0])
    provinces = list(Province.objects.order_by("code"))
    # The map compares provinces: it is never narrowed to one (the chosen one is outlined).
    national = Filters(year=filters.year)
    by_province = [f.by(national, PROVINCE) for f in FIGURES]
    tiles, legend = tiles_for(
        provinces, by_province[FIGURES.index(chosen)], province.code if province else None
    )
    regency_rows: list[RegionRow] = []
    if province is not None:
        by_regency = [f.by(filters, REGENCY) for f in FIGURES]
        regencies = Regency.objects.filter(province=province).order_by("code")
        regency_rows = [
            row for row in _rows(regencies, by_regency) if any(c.value for c in row.cells)
        ]
    totals = [
        Cell(sum(v.values()) if f.summable else None, f.unit)
        for f, v in zip(FIGURES, by_province, strict=True)
    ]
    return Dashboard(
        filters=filters,
        cycle=cycle,
        figure=chosen,
        figures=FIGURES,
        progress=progress_for(cycle, filters),
        tiles=tiles,
        legend=legend,
        province_rows=_rows(provinces, by_province),
        regency_rows=regency_rows,
        totals=totals,
        charts=charts_for(filters),
    )
