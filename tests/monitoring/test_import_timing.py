"""A regency's sheet that corrects reports already sent keeps their first submission time, so
a report sent on time does not turn late because the regency re-sent its sheet."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from monitoring.models import MonthlyReport
from monitoring.services import report_reopen

from .sheets import BADUNG_ROWS, badung_sheet

MONTH = "2026-11"
ON_TIME = timezone.make_aware(datetime.datetime(2026, 12, 5, 9, 0))


def _import(path):
    out = io.StringIO()
    args = ["--month", MONTH, str(path), "--commit", "--user", "koord-badung"]
    try:
        call_command("import_reports", *args, stdout=out)
    except SystemExit:
        raise AssertionError(out.getvalue()) from None


def test_a_corrected_sheet_keeps_the_first_submission_time(reports, tmp_path, badung_coordinator):
    first = tmp_path / "badung.xlsx"
    first.write_bytes(badung_sheet())
    _import(first)
    november = MonthlyReport.objects.filter(month=datetime.date(2026, 11, 1))
    november.update(submitted_at=ON_TIME, first_submitted_at=ON_TIME)  # sent by the 10th

    mengwi = november.get(library__slug="perpustakaan-desa-mengwi-badung")
    report_reopen(user=badung_coordinator, report=mengwi, reason="Pengunjung laki-laki salah")
    corrected = [(*BADUNG_ROWS[0][:4], "121", *BADUNG_ROWS[0][5:]), *BADUNG_ROWS[1:]]
    second = tmp_path / "badung-revisi.xlsx"
    second.write_bytes(badung_sheet(corrected))
    _import(second)

    mengwi = november.get(library__slug="perpustakaan-desa-mengwi-badung")
    assert mengwi.visitors_men == 121  # the correction was written
    assert mengwi.submitted_at == ON_TIME and mengwi.first_submitted_at == ON_TIME
    assert mengwi.submitted_at.date() <= mengwi.due_on  # still counted on time
