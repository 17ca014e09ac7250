"""A year of SAMPLE monthly reports for the demo's 12 Bali libraries (issue 13).

The Bali 2021 beneficiaries become active twelve months before the latest month already due, and
report every month since, with the gaps real programs see: a few months missing, a few sent late,
one draft not yet sent, the latest month partly unapproved. All invented (`is_sample`), and
relative to today, so the demo's rates always cover the last twelve due months. Running it again
adds only months not there yet.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.system import system_user
from programs.models import Beneficiary

from .expected import add_months
from .models import MonthlyReport, ReportActivity
from .rates import recent_months
from .sample_data import SAMPLE_SLUG_PREFIX

#: (library index in name order, month index 0..11): the missing reports.
MISSING = {(1, 3), (4, 7), (4, 8), (9, 11), (11, 2)}
#: sent after the due date
LATE = {(0, 5), (2, 10), (6, 1), (7, 11), (10, 6)}
#: still a draft (not counted as received)
DRAFT = {(5, 11)}

ACTIVITY_SAMPLES = (
    (ReportActivity.Kind.LITERACY, "Kelas membaca untuk anak", "PKK desa"),
    (ReportActivity.Kind.SKILLS, "Pelatihan membuat canang dan jajan Bali", "BUMDes"),
    (ReportActivity.Kind.READING, "Dongeng bersama di balai banjar", "Sekolah dasar"),
    (ReportActivity.Kind.STAKEHOLDERS, "Rapat dengan perangkat desa", "Pemerintah desa"),
    (ReportActivity.Kind.SKILLS, "Pelatihan pemasaran daring UMKM", "Dinas Koperasi"),
    (ReportActivity.Kind.OTHER, "Pameran buku", ""),
)


@dataclass
class DemoReports:
    libraries: int
    created: int
    months: list[datetime.date]


def demo_beneficiaries():
    """The demo's Bali 2021 central beneficiaries (the 12 village libraries of the seed; not the
    synthetic libraries `generate_sample_data` may have added to the same cycle)."""
    return Beneficiary.objects.filter(
        cycle__program__code="tpbis",
        cycle__year=2021,
        track=Beneficiary.Track.CENTRAL,
        library__province_id="51",
        library__level="village",
    ).exclude(library__slug__startswith=SAMPLE_SLUG_PREFIX).select_related("library")


@transaction.atomic
def demo_reports_seed(today: datetime.date | None = None) -> DemoReports:
    today = today or timezone.localdate()
    months = recent_months(12, today)
    user = system_user()
    beneficiaries = sorted(demo_beneficiaries(), key=lambda b: b.library.name)
    for beneficiary in beneficiaries:
        if beneficiary.status != Beneficiary.Status.ACTIVE or beneficiary.selected_on is None:
            beneficiary.status = Beneficiary.Status.ACTIVE
            beneficiary.selected_on = beneficiary.selected_on or months[0]
            beneficiary._history_user = user
            beneficiary._change_reason = "sample: active, reporting monthly"
            beneficiary.save()
    existing = set(
        MonthlyReport.objects.filter(
            library__in=[b.library for b in beneficiaries], month__in=months
        ).values_list("library_id", "month")
    )
    rng = random.Random(13)
    reports, activity_rows = [], []
    for number, beneficiary in enumerate(beneficiaries):
        library = beneficiary.library
        for index, month in enumerate(months):
            figures = _figures(rng)
            if (number, index) in MISSING or (library.pk, month) in existing:
                continue
            report = _report(library, month, figures, number, index, months, user)
            activities = [_activity(rng, month, k) for k in range(1 + index % 3)]
            report.activities_total = len(activities)
            report.participants_women = sum(a.participants_women for a in activities)
            report.participants_men = sum(a.participants_men for a in activities)
            reports.append(report)
            activity_rows.append(activities)
    created = bulk_create_with_history(
        reports,
        MonthlyReport,
        batch_size=500,
        default_user=user,
        default_change_reason="sample data",
    )
    activities = []
    for report, rows in zip(created, activity_rows, strict=True):
        for activity in rows:
            activity.report = report
            activities.append(activity)
    ReportActivity.objects.bulk_create(activities, batch_size=500)
    return DemoReports(libraries=len(beneficiaries), created=len(created), months=months)


def _figures(rng: random.Random) -> dict[str, int]:
    women = rng.randint(40, 260)
    return {
        "visitors_women": women,
        "visitors_men": int(women * rng.uniform(0.6, 1.1)),
        "new_members": rng.randint(0, 25),
        "loans": rng.randint(30, 400),
        "computer_sessions": rng.randint(5, 120),
        "internet_sessions": rng.randint(10, 200),
        "collection_added": rng.choice((0, 0, 5, 12, 30, 50)),
    }


def _report(library, month, figures, number, index, months, user) -> MonthlyReport:
    due = add_months(month, 1).replace(day=10)
    if (number, index) in DRAFT:
        status, submitted, approved = MonthlyReport.Status.DRAFT, None, None
    else:
        day = (
            due + datetime.timedelta(days=9)
            if (number, index) in LATE
            else due - datetime.timedelta(days=4 + number % 5)
        )
        submitted = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
        latest = index == len(months) - 1 and number % 2 == 0
        status = MonthlyReport.Status.SUBMITTED if latest else MonthlyReport.Status.APPROVED
        approved = None if latest else submitted + datetime.timedelta(days=3)
    return MonthlyReport(
        library=library,
        month=month,
        due_on=due,
        status=status,
        submitted_at=submitted,
        submitted_by=user if submitted else None,
        approved_at=approved,
        approved_by=user if approved else None,
        is_sample=True,
        notes="Data contoh (bukan laporan sebenarnya).",
        **figures,
    )


def _activity(rng: random.Random, month: datetime.date, k: int) -> ReportActivity:
    kind, title, partners = ACTIVITY_SAMPLES[rng.randrange(len(ACTIVITY_SAMPLES))]
    return ReportActivity(
        date=month + datetime.timedelta(days=3 + 8 * k),
        kind=kind,
        title=title,
        participants_women=rng.randint(5, 40),
        participants_men=rng.randint(2, 30),
        partners=partners,
    )
