"""The report's life: draft → submitted → approved, a correction kept in the history, and the
rules the services hold (non-negative, not in the future, not before selection, scope)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring.models import MonthlyReport
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
