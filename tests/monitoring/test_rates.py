"""Reporting rates of the demo's three regencies, checked against a count made independently
in plain SQL (no ORM, none of monitoring's code)."""

import datetime

from django.db import connection

from monitoring.models import MonthlyReport
from monitoring.rates import last_due_month, rates, recent_months
from villages.models import VillageLibrary

from .conftest import TODAY

SQL = """
SELECT l.regency_id,
       COUNT(DISTINCT l.id) AS expected,
       COUNT(DISTINCT CASE WHEN r.status IN ('submitted', 'approved') THEN r.id END) AS received,
       COUNT(DISTINCT CASE WHEN r.status IN ('submitted', 'approved')
                            AND r.submitted_at < %s THEN r.id END) AS on_time
FROM villages_villagelibrary l
JOIN programs_beneficiary b ON b.library_id = l.id AND b.status = 'active'
     AND b.selected_on IS NOT NULL AND b.selected_on < %s
LEFT JOIN monitoring_monthlyreport r ON r.library_id = l.id AND r.month = %s
WHERE l.regency_id IN ('51.02', '51.03', '51.05')
GROUP BY l.regency_id ORDER BY l.regency_id
"""


def _sql_counts(month: datetime.date):
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    due_end = datetime.datetime(following.year, following.month, 11, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:
        cursor.execute(SQL, [due_end, following, month])
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def test_demo_rates_match_an_independent_sql_count(reports):
    months = recent_months(12, TODAY)
    assert months[-1] == datetime.date(2026, 10, 1) == last_due_month(TODAY)
    found = rates(libraries=VillageLibrary.objects.all(), months=months, group="regency")
    ours = {(r.region, r.month): (r.expected, r.received, r.on_time) for r in found}
    for month in months:
        for regency, counts in _sql_counts(month).items():
            assert ours[(regency, month)] == counts, (regency, month)
    # The demo is meant to have gaps: 12 × 12 expected, 5 missing and 1 draft not received,
    # 5 sent late.
    expected = sum(r.expected for r in found)
    received = sum(r.received for r in found)
    on_time = sum(r.on_time for r in found)
    assert (expected, received, on_time) == (144, 138, 133)


def test_a_draft_is_not_received_and_a_report_before_selection_does_not_count(reports):
    month = datetime.date(2026, 10, 1)
    before = rates(libraries=VillageLibrary.objects.all(), months=[month])[0]
    draft = MonthlyReport.objects.filter(month=month, status="draft").get()
    MonthlyReport.objects.filter(pk=draft.pk).update(
        status="submitted", submitted_at=datetime.datetime(2026, 11, 3, tzinfo=datetime.UTC)
    )
    after = rates(libraries=VillageLibrary.objects.all(), months=[month])[0]
    assert (after.received, after.on_time) == (before.received + 1, before.on_time + 1)
    # A report for a month before the library was selected is not counted as received.
    early = datetime.date(2025, 10, 1)
    MonthlyReport.objects.create(
        library=draft.library,
        month=early,
        status="submitted",
        submitted_at=datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC),
    )
    assert rates(libraries=VillageLibrary.objects.all(), months=[early]) == []


def test_rates_are_two_queries_however_many_months(reports, django_assert_num_queries):
    with django_assert_num_queries(2):
        rates(
            libraries=VillageLibrary.objects.all(),
            months=recent_months(12, TODAY),
            group="province",
        )
