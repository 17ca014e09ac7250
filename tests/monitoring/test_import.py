"""import_reports on a regency's sheet as offices make them."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from monitoring.models import MonthlyReport

from .sheets import BADUNG_ROWS, badung_sheet

MONTH = "2026-11"


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "badung.xlsx"
    path.write_bytes(badung_sheet())
    return path


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_reports", *args, stdout=out, language="en")
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue()


def _november():
    return MonthlyReport.objects.filter(month=datetime.date(2026, 11, 1))


def test_preview_commit_and_reimport(reports, sheet, badung_coordinator):
    code, out = run("--month", MONTH, str(sheet), "--user", badung_coordinator.username)
    assert code == 0 and "5 new, 0 changed, 0 unchanged, 0 with errors" in out
    assert not _november().exists()  # a dry run writes nothing
    code, out = run("--month", MONTH, str(sheet), "--commit", "--user", "koord-badung")
    assert code == 0 and "5 new" in out
    mengwi = _november().get(library__slug="perpustakaan-desa-mengwi-badung")
    # "1.234" and "12 orang", the merged Pengunjung → L / P and Peserta headers
    assert (mengwi.visitors_women, mengwi.visitors_men, mengwi.new_members) == (1234, 120, 12)
    assert (mengwi.activities_total, mengwi.participants_women, mengwi.participants_men) == (
        3,
        45,
        20,
    )
    assert mengwi.status == "submitted"
    assert _november().get(library__village_id="51.03.03.2014").loans == 90  # by village code
    events = AuditEvent.objects.filter(action="import").count()
    history = MonthlyReport.history.count()
    code, out = run("--month", MONTH, str(sheet), "--commit", "--user", "koord-badung")
    assert code == 0 and "0 new, 0 changed, 5 unchanged" in out
    assert (AuditEvent.objects.filter(action="import").count(), MonthlyReport.history.count()) == (
        events,
        history,
    )


def test_row_errors_write_nothing(reports, tmp_path, badung_coordinator):
    rows = [
        *BADUNG_ROWS[:2],
        (3, "Perpustakaan Desa Atlantis", "", "", 1, 2, 0, 0, 0, 0, 0, ""),
        (4, "", "Kutuh", "", "banyak", 2, 0, 0, 0, 0, 0, ""),
    ]
    path = tmp_path / "errors.xlsx"
    path.write_bytes(badung_sheet(rows))
    code, out = run("--month", MONTH, str(path), "--commit", "--user", "koord-badung")
    assert code == 1
    assert "Atlantis" in out and "“banyak”" in out and "Pengunjung L" in out
    assert not _november().exists()


def test_unusable_file_exits_2_and_writes_nothing(reports, tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError) as error:
        call_command("import_reports", "--month", MONTH, str(path), "--commit", language="en")
    assert error.value.returncode == 2
    assert not _november().exists()


def test_scope_via_user(reports, sheet, tabanan_coordinator):
    code, out = run("--month", MONTH, str(sheet), "--commit", "--user", "koord-tabanan")
    assert code == 1 and "5 with errors" in out
    assert not _november().exists()
