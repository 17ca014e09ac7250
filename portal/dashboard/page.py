"""The dashboard page's filter form and data (`dashboard_build`)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.filters import CycleProvinceFilterForm
from programs.models import ProgramCycle
from villages.models import Province, Regency

from .charts import BarChart, Progress, charts_for, progress_for
from .figures import FIGURES, FIGURES_BY_KEY, PROVINCE, REGENCY, Figure, Filters
from .tilemap import COLUMNS, GAP, ROWS, TILE, LegendClass, Tile, tiles_for


class DashboardFilterForm(CycleProvinceFilterForm):
    """Cycle, province and the figure the map shows; an invalid value is reported and
    ignored, never a 500."""

    figure = forms.ChoiceField(label=_("Map shows"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [(f.key, f.label) for f in FIGURES]
        self.fields["figure"].widget.attrs["class"] = "form-select"
        self.fields["figure"].error_messages["invalid_choice"] = _("Unknown figure: %(value)s.")


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
