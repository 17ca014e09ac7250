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

from .charts import LEVELS, Bar, BarChart, Progress, Segment, charts_for, progress_for
from .figures import (
    FIGURES,
    FIGURES_BY_KEY,
    PROVINCE,
    REGENCY,
    Figure,
    Filters,
    aid_delivered_by,
    attendance_by,
    beneficiaries_by,
    events_by,
    participants_by,
    people_by,
    replication_by,
)
from .page import Cell, Dashboard, DashboardFilterForm, RegionRow, dashboard_build
from .tilemap import (
    COLUMNS,
    GAP,
    NO_DATA,
    PALETTE,
    ROWS,
    TILE,
    TILES,
    LegendClass,
    Tile,
    classes_for,
    tiles_for,
)

__all__ = [
    "PROVINCE",
    "REGENCY",
    "Filters",
    "beneficiaries_by",
    "participants_by",
    "people_by",
    "aid_delivered_by",
    "replication_by",
    "events_by",
    "attendance_by",
    "Figure",
    "FIGURES",
    "FIGURES_BY_KEY",
    "TILES",
    "TILE",
    "GAP",
    "COLUMNS",
    "ROWS",
    "PALETTE",
    "NO_DATA",
    "Tile",
    "LegendClass",
    "classes_for",
    "tiles_for",
    "Segment",
    "Bar",
    "BarChart",
    "LEVELS",
    "charts_for",
    "Progress",
    "progress_for",
    "DashboardFilterForm",
    "Cell",
    "RegionRow",
    "Dashboard",
    "dashboard_build",
]
