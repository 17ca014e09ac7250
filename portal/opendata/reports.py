"""The monthly-report dataset (issue 13): per library and month, the figures of its approved
monthly report.

Only approved reports are published: a submitted report is still the library's claim, which a
regency coordinator may send back for correction; public figures are the ones a coordinator
checked. No notes, no photos, no activity titles or partners, no person: counts only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat, ExtractMonth, ExtractYear, LPad
from django.utils.translation import gettext_lazy as _

from core.exporters import Column
from monitoring.models import MonthlyReport

from .exporters import _PublicExporter


def _month_text() -> Concat:
    """The report's month as YYYY-MM, in SQL the same way on SQLite and PostgreSQL."""
    return Concat(
        Cast(ExtractYear("month"), CharField()),
        Value("-"),
        LPad(Cast(ExtractMonth("month"), CharField()), 2, Value("0")),
        output_field=CharField(),
    )


class MonthlyReportExporter(_PublicExporter):
    """Approved monthly reports of active libraries, one row per library and month."""

    identifier = "laporan-bulanan-tpbis"
    verbose_name = _("Monthly library reports")
    columns = (
        Column("month", _("Month"), "Bulan", "Month"),
        Column("slug", _("Identifier"), "Pengenal", "Identifier"),
        Column("library", _("Library"), "Perpustakaan", "Library"),
        Column("village_code", _("Village code"), "Kode desa", "Village code"),
        Column("regency_code", _("Regency code"), "Kode kabupaten/kota", "Regency code"),
        Column("regency", _("Regency/city"), "Kabupaten/kota", "Regency/city"),
        Column("province_code", _("Province code"), "Kode provinsi", "Province code"),
        Column("province", _("Province"), "Provinsi", "Province"),
        Column("status", _("Status"), "Status", "Status"),
        Column("visitors_women", _("Visitors (women)"), "Pengunjung perempuan", "Visitors (women)"),
        Column("visitors_men", _("Visitors (men)"), "Pengunjung laki-laki", "Visitors (men)"),
        Column("new_members", _("New members"), "Anggota baru", "New members"),
        Column("loans", _("Loans"), "Peminjaman", "Loans"),
        Column("computer_sessions", _("Computer sessions"), "Sesi komputer", "Computer sessions"),
        Column("internet_sessions", _("Internet sessions"), "Sesi internet", "Internet sessions"),
        Column("collection_added", _("Collection added"), "Koleksi bertambah", "Collection added"),
        Column("activities", _("Activities"), "Kegiatan", "Activities"),
        Column(
            "participants_women",
            _("Activity participants (women)"),
            "Peserta kegiatan perempuan",
            "Activity participants (women)",
        ),
        Column(
            "participants_men",
            _("Activity participants (men)"),
            "Peserta kegiatan laki-laki",
            "Activity participants (men)",
        ),
    )

    def get_queryset(self) -> QuerySet:
        qs = MonthlyReport.objects.filter(
            status=MonthlyReport.Status.APPROVED, library__is_active=True
        )
        if self.filters.get("month"):
            qs = qs.filter(month=self.filters["month"])
        if self.filters.get("province"):
            qs = qs.filter(library__province=self.filters["province"])
        if self.filters.get("regency"):
            qs = qs.filter(library__regency=self.filters["regency"])
        return qs.order_by(
            "month", "library__province_id", "library__regency_id", "library__name", "pk"
        )

    def field_expressions(self) -> dict[str, Any]:
        return {
            "month": _month_text(),
            "slug": "library__slug",
            "library": "library__name",
            "village_code": "library__village_id",
            "regency_code": "library__regency_id",
            "regency": "library__regency__name",
            "province_code": "library__province_id",
            "province": "library__province__name",
            "status": "status",
            "visitors_women": "visitors_women",
            "visitors_men": "visitors_men",
            "new_members": "new_members",
            "loans": "loans",
            "computer_sessions": "computer_sessions",
            "internet_sessions": "internet_sessions",
            "collection_added": "collection_added",
            "activities": "activities_total",
            "participants_women": "participants_women",
            "participants_men": "participants_men",
        }
