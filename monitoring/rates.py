"""Reporting rates (received / expected) and on-time rates, per region and month.

Every figure is aggregated in SQL: one query counts the expected reports of all the months asked
(one conditional count per month over the libraries), one counts the received and on-time ones;
so a page costs the same two queries for 12 libraries or 5,000. A report counts as received when
it is submitted or approved and its library owed it (`monitoring.expected`); on time when it was
submitted by its due date (the 10th of the next month).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from villages.models import VillageLibrary

from .expected import (
    active_beneficiaries,
    add_months,
    first_of_month,
    owing_q,
    owing_report_q,
)
from .models import MonthlyReport
from .models.reports import DUE_DAY

#: group -> the library column it groups on
GROUPS = {"regency": "regency_id", "province": "province_id", None: None}


@dataclass(frozen=True)
class Rate:
    month: datetime.date
    region: str  # region code ("" for the total)
    expected: int
    received: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """Received / expected, in percent (None when nothing was expected)."""
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None

    @property
    def missing(self) -> int:
        return max(self.expected - self.received, 0)


def last_due_month(today: datetime.date | None = None) -> datetime.date:
    """The latest month whose report is already due (due on the 10th of the next month)."""
    today = today or timezone.localdate()
    month = add_months(first_of_month(today), -1)
    return month if today.day > DUE_DAY else add_months(month, -1)


def recent_months(count: int = 12, today: datetime.date | None = None) -> list[datetime.date]:
    last = last_due_month(today)
    return [add_months(last, -offset) for offset in range(count - 1, -1, -1)]


def rates(
    *, libraries: QuerySet[VillageLibrary], months: list[datetime.date], group: str | None = None
) -> list[Rate]:
    """Rates of `libraries` (already scoped by the caller) for each of `months`, per regency,
    per province, or in total (`group` None). Rows ordered by region then month; a region
    appears once it owes anything."""
    if not months:
        return []
    column = GROUPS[group]
    keys = [column] if column else []
    # A library owes a month if any of its active beneficiary rows was selected before the
    # month ends: distinct libraries per month, counted over the beneficiary rows (no subquery).
    counts = {
        f"m{index}": Count("library", distinct=True, filter=Q(selected_on__lt=add_months(month, 1)))
        for index, month in enumerate(months)
    }
    owing = active_beneficiaries().filter(library__in=libraries)
    if column:
        expected_rows = [
            {**row, column: row[f"library__{column}"]}
            for row in owing.values(f"library__{column}")
            .annotate(**counts)
            .order_by(f"library__{column}")
        ]
    else:
        totals = owing.aggregate(**counts)
        expected_rows = [totals] if any(totals.values()) else []
    if not expected_rows:
        return []  # nothing owed: nothing to count
    received_rows = (
        MonthlyReport.objects.filter(
            library__in=libraries, month__in=months, status__in=MonthlyReport.RECEIVED
        )
        # Only reports the library owed (not of a month before its selection): an EXISTS the
        # database runs as one semi-join, not a subquery per report.
        .filter(owing_report_q())
        .values("month", *[f"library__{k}" for k in keys])
        .annotate(
            received=Count("pk"),
            on_time=Count("pk", filter=Q(submitted_at__date__lte=F("due_on"))),
        )
        .order_by()
    )
    received = {
        (row[f"library__{column}"] if column else "", row["month"]): row for row in received_rows
    }
    result = []
    for row in expected_rows:
        region = (row[column] or "") if column else ""
        for index, month in enumerate(months):
            got = received.get((region if column else "", month), {})
            result.append(
                Rate(
                    month=month,
                    region=region,
                    expected=row[f"m{index}"],
                    received=got.get("received", 0),
                    on_time=got.get("on_time", 0),
                )
            )
    return result


def missing_reports(user: Any, month: datetime.date):
    """Libraries in the user's region that owe `month` and have not sent it (a draft is not
    sent), as a queryset with their region joined."""
    sent = MonthlyReport.objects.filter(
        library=OuterRef("pk"), month=month, status__in=MonthlyReport.RECEIVED
    )
    return (
        VillageLibrary.objects.in_scope(user)
        .filter(owing_q(month))
        .filter(~Exists(sent))
        .select_related("regency", "province", "village")
        .order_by("regency_id", "name")
    )
