"""The report's life: draft → submitted → approved, a correction kept in the history, and the
rules the services hold (non-negative, not in the future, not before selection, scope)."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring.models import MonthlyReport
from monitoring.rates import rates
from monitoring.services import report_reopen, report_save, report_submit, reports_approve
from villages.models import VillageLibrary

OCTOBER = datetime.date(2026, 10, 1)
FIGURES = {"visitors_women": 10, "visitors_men": 8, "loans": 30}


@pytest.fixture
def mengwi(reports):
    return VillageLibrary.objects.get(slug="perpustakaan-desa-mengwi-badung")


def test_draft_submit_approve_reopen_keeps_the_approved_version(
    mengwi, badung_coordinator, reports
):
    MonthlyReport.objects.filter(library=mengwi, month=OCTOBER).delete()
    report = report_save(
        user=badung_coordinator,
        library=mengwi,
        month=OCTOBER,
        figures=FIGURES,
        activities=[
            {
                "date": OCTOBER.replace(day=5),
                "kind": "literacy",
                "title": "Kelas membaca",
                "participants_women": 7,
                "participants_men": 3,
            }
        ],
    )
    assert (report.status, report.activities_total, report.participants_women) == ("draft", 1, 7)
    report_submit(user=badung_coordinator, report=report)
    assert reports_approve(user=badung_coordinator, reports=[report]) == 1
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by == badung_coordinator
    report_reopen(user=badung_coordinator, report=report, reason="pengunjung salah hitung")
    report_save(
        user=badung_coordinator,
        library=mengwi,
        month=OCTOBER,
        figures={**FIGURES, "visitors_women": 12},
    )
    history = list(
        report.history.order_by("history_date").values_list(
            "status", "visitors_women", "history_change_reason"
        )
    )
    assert ("approved", 10, "approve") in history
    assert history[-1][:2] == ("draft", 12)
    assert any(reason.startswith("reopen: pengunjung") for *_x, reason in history if reason)


def test_rules(mengwi, badung_coordinator):
    with pytest.raises(ValidationError, match="negative"):
        report_save(user=badung_coordinator, library=mengwi, month=OCTOBER, figures={"loans": -1})
    with pytest.raises(ValidationError, match="future"):
        report_save(
            user=badung_coordinator,
            library=mengwi,
            month=datetime.date(2030, 1, 1),
            figures=FIGURES,
        )
    with pytest.raises(ValidationError, match="selected"):
        report_save(
            user=badung_coordinator,
            library=mengwi,
            month=datetime.date(2024, 1, 1),
            figures=FIGURES,
        )
    approved = MonthlyReport.objects.filter(library=mengwi, status="approved").first()
    with pytest.raises(ValidationError, match="reopen"):
        report_save(
            user=badung_coordinator, library=approved.library, month=approved.month, figures=FIGURES
        )


def test_out_of_region_is_refused(mengwi, tabanan_coordinator):
    with pytest.raises(PermissionDenied):
        report_save(user=tabanan_coordinator, library=mengwi, month=OCTOBER, figures=FIGURES)
    submitted = MonthlyReport.objects.filter(library=mengwi)[:1]
    assert len(submitted) == 1
    with pytest.raises(PermissionDenied):
        reports_approve(user=tabanan_coordinator, reports=list(submitted))


def _at(day: datetime.date):
    """`timezone.now()` fixed at noon (UTC) of `day`."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_a_correction_after_approval_keeps_the_report_on_time(mengwi, badung_coordinator):
    """October is due on 10 November: sent on the 5th, approved, reopened and resent in
    December, it still counts as on time (the first submission), in the rate too."""
    MonthlyReport.objects.filter(library=mengwi, month=OCTOBER).delete()
    with _at(datetime.date(2026, 11, 5)):
        report = report_save(
            user=badung_coordinator, library=mengwi, month=OCTOBER, figures=FIGURES
        )
        report_submit(user=badung_coordinator, report=report)
        reports_approve(user=badung_coordinator, reports=[report])
    with _at(datetime.date(2026, 12, 1)):
        report_reopen(user=badung_coordinator, report=report, reason="salah hitung")
        report_save(
            user=badung_coordinator,
            library=mengwi,
            month=OCTOBER,
            figures={**FIGURES, "loans": 31},
        )
        report = report_submit(user=badung_coordinator, report=report)
    report.refresh_from_db()
    assert report.loans == 31 and report.status == "submitted"
    assert report.submitted_at.date() == datetime.date(2026, 11, 5) and report.on_time
    [rate] = rates(libraries=VillageLibrary.objects.filter(pk=mengwi.pk), months=[OCTOBER])
    assert (rate.received, rate.on_time) == (1, 1)
    # The resubmission itself is not lost: the history row has its real time.
    resent = report.history.filter(history_change_reason="submit").order_by("-history_date")[0]
    assert resent.history_date.date() == datetime.date(2026, 12, 1)


def test_a_late_report_stays_late_and_a_seeded_one_keeps_its_time(mengwi, badung_coordinator):
    """The first submission counts both ways: late stays late; a report imported or seeded
    (no first time recorded yet) keeps the time it was received."""
    seeded = (
        MonthlyReport.objects.filter(library=mengwi, status="approved").order_by("month").first()
    )
    received = seeded.submitted_at
    with _at(datetime.date(2026, 12, 1)):
        report_reopen(user=badung_coordinator, report=seeded, reason="koreksi")
        seeded = report_submit(user=badung_coordinator, report=seeded)
    assert seeded.submitted_at == received
    MonthlyReport.objects.filter(library=mengwi, month=OCTOBER).delete()
    with _at(datetime.date(2026, 11, 15)):
        late = report_save(user=badung_coordinator, library=mengwi, month=OCTOBER, figures=FIGURES)
        report_submit(user=badung_coordinator, report=late)
        report_reopen(user=badung_coordinator, report=late, reason="koreksi")
    with _at(datetime.date(2026, 11, 16)):
        late = report_submit(user=badung_coordinator, report=late)
    assert late.submitted_at.date() == datetime.date(2026, 11, 15) and not late.on_time
