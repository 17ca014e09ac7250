"""The public face of monthly reports: aggregates only, never a name or a contact.

The library page shows its last 12 due months (approved reports only) as a small table and a
sparkline drawn on the server as SVG (no JavaScript); region pages show the reporting rate and
the totals of visitors, activities and participants of their libraries. One or three queries per
page, whatever the number of libraries or months.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet, Sum

from villages.models import Province, VillageLibrary

from .models import MonthlyReport
from .rates import rates, recent_months

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 240, 48, 4


@dataclass
class MonthFigures:
    month: datetime.date
    visitors: int | None
    loans: int | None
    activities: int | None
    participants: int | None


@dataclass
class LibraryMonthly:
    rows: list[MonthFigures]
    points: str  # the sparkline's polyline points, "" when fewer than two months are known
    sample: bool

    @property
    def width(self) -> int:
        return SPARK_WIDTH

    @property
    def height(self) -> int:
        return SPARK_HEIGHT

    @property
    def reported(self) -> int:
        return sum(1 for row in self.rows if row.visitors is not None)


def library_monthly(
    library: VillageLibrary, today: datetime.date | None = None
) -> LibraryMonthly | None:
    """The library's last 12 due months from approved reports (one query); None if none."""
    months = recent_months(12, today)
    found = {
        row["month"]: row
        for row in MonthlyReport.objects.filter(
            library=library, month__in=months, status=MonthlyReport.Status.APPROVED
        ).values(
            "month",
            "visitors_women",
            "visitors_men",
            "loans",
            "activities_total",
            "participants_women",
            "participants_men",
            "is_sample",
        )
    }
    if not found:
        return None
    rows = []
    for month in months:
        row = found.get(month)
        rows.append(
            MonthFigures(
                month=month,
                visitors=row["visitors_women"] + row["visitors_men"] if row else None,
                loans=row["loans"] if row else None,
                activities=row["activities_total"] if row else None,
                participants=row["participants_women"] + row["participants_men"] if row else None,
            )
        )
    return LibraryMonthly(
        rows=rows,
        points=sparkline_points([r.visitors for r in rows]),
        sample=any(r["is_sample"] for r in found.values()),
    )


def sparkline_points(values: list[int | None]) -> str:
    """SVG polyline points for `values` (None: a month not reported, skipped)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    top = max(v for _i, v in known) or 1
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    usable = SPARK_HEIGHT - 2 * SPARK_PAD
    return " ".join(
        f"{SPARK_PAD + i * step:.1f},{SPARK_HEIGHT - SPARK_PAD - usable * v / top:.1f}"
        for i, v in known
    )


@dataclass
class RegionReporting:
    month: datetime.date
    expected: int
    received: int
    on_time: int
    visitors: int
    activities: int
    participants: int
    months: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def region_libraries(region) -> QuerySet[VillageLibrary]:
    if isinstance(region, Province):
        return VillageLibrary.objects.filter(province_id=region.code)
    return VillageLibrary.objects.filter(province_id=region.code[:2], regency_id=region.code)


def region_reporting(region, today: datetime.date | None = None) -> RegionReporting | None:
    """Reporting rate of the last due month and 12 months' totals (approved reports) of the
    region's libraries; None when none of them owes reports. Three queries."""
    months = recent_months(12, today)
    libraries = region_libraries(region)
    found = rates(libraries=libraries, months=[months[-1]])
    if not found:
        return None
    latest = found[0]
    totals = MonthlyReport.objects.filter(
        library__in=libraries, month__in=months, status=MonthlyReport.Status.APPROVED
    ).aggregate(
        visitors=Sum(F("visitors_women") + F("visitors_men")),
        activities=Sum("activities_total"),
        participants=Sum(F("participants_women") + F("participants_men")),
    )
    return RegionReporting(
        month=latest.month,
        expected=latest.expected,
        received=latest.received,
        on_time=latest.on_time,
        visitors=totals["visitors"] or 0,
        activities=totals["activities"] or 0,
        participants=totals["participants"] or 0,
        months=len(months),
    )
