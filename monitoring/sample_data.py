"""SYNTHETIC monthly reports at national scale, for benchmarks (never for the demo).

Run after `generate_sample_data` (trainings), which makes the sample libraries (slug
"sampel-…") and their beneficiaries: every sample library gets `months` months of reports up
to the last due month, about 94 % of them present, mostly approved, some late, a few drafts, all
marked `is_sample`. Fast by construction: bulk inserts in large batches, no history rows, no
activities rows (the report's own activity totals carry the counts). A new run replaces the
previous run's sample reports. Run `--remove` before running `generate_sample_data` again (it
deletes the sample libraries, which their reports would hold on to).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from villages.models import VillageLibrary

from .expected import add_months
from .models import MonthlyReport, ReportActivity, ReportPhoto
from .models.reports import due_date
from .rates import last_due_month

#: The slug prefix of `generate_sample_data`'s libraries (trainings/sample_data.py SLUG_PREFIX;
#: monitoring may not import trainings, so the mark is read here as data).
SAMPLE_SLUG_PREFIX = "sampel-"
BATCH = 10_000


@dataclass
class SampleReports:
    libraries: int
    reports: int
    seconds: float


def sample_libraries():
    return VillageLibrary.objects.filter(slug__startswith=SAMPLE_SLUG_PREFIX)


def sample_reports_remove() -> int:
    reports = MonthlyReport.objects.filter(library__in=sample_libraries(), is_sample=True)
    ReportActivity.objects.filter(report__in=reports)._raw_delete("default")
    ReportPhoto.objects.filter(report__in=reports)._raw_delete("default")
    return reports._raw_delete("default") or 0


def sample_reports_generate(
    *, months: int = 120, seed: int = 2024, progress: Callable[[str], None] = lambda m: None
) -> SampleReports:
    started = time.monotonic()
    rng = random.Random(seed)
    last = last_due_month()
    month_list = [add_months(last, -offset) for offset in range(months - 1, -1, -1)]
    with transaction.atomic():
        removed = sample_reports_remove()
        if removed:
            progress(_("removed %(count)s earlier sample reports") % {"count": removed})
        library_ids = list(sample_libraries().order_by("pk").values_list("pk", flat=True))
        made, batch = 0, []
        for library_id in library_ids:
            for month in month_list:
                roll = rng.random()
                if roll < 0.06:
                    continue  # missing
                due = due_date(month)
                late = roll > 0.9
                draft = 0.06 <= roll < 0.08
                submitted = (
                    None
                    if draft
                    else datetime.datetime.combine(
                        due + datetime.timedelta(days=6 if late else -3),
                        datetime.time(9),
                        tzinfo=datetime.UTC,
                    )
                )
                women = rng.randint(20, 300)
                batch.append(
                    MonthlyReport(
                        library_id=library_id,
                        month=month,
                        due_on=due,
                        status="draft" if draft else ("approved" if roll < 0.85 else "submitted"),
                        submitted_at=submitted,
                        approved_at=submitted + datetime.timedelta(days=2)
                        if submitted and roll < 0.85
                        else None,
                        visitors_women=women,
                        visitors_men=women * 4 // 5,
                        new_members=rng.randint(0, 20),
                        loans=rng.randint(10, 400),
                        computer_sessions=rng.randint(0, 80),
                        internet_sessions=rng.randint(0, 150),
                        collection_added=rng.choice((0, 0, 10, 25)),
                        activities_total=rng.randint(0, 4),
                        participants_women=rng.randint(0, 60),
                        participants_men=rng.randint(0, 40),
                        is_sample=True,
                    )
                )
                if len(batch) >= BATCH:
                    MonthlyReport.objects.bulk_create(batch)
                    made += len(batch)
                    batch = []
                    if made % 100_000 == 0:
                        progress(
                            _("%(count)s reports (%(seconds).0f s)")
                            % {"count": made, "seconds": time.monotonic() - started}
                        )
        MonthlyReport.objects.bulk_create(batch)
        made += len(batch)
    if connection.vendor == "postgresql":
        # Fresh statistics: without them the planner guesses a few rows and picks slow plans.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {MonthlyReport._meta.db_table}")
    return SampleReports(
        libraries=len(library_ids), reports=made, seconds=time.monotonic() - started
    )
