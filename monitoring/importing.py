"""Importing a regency's monthly sheet: one row per library, the month given by the caller.

Regencies collect the figures on sheets of their own making: title rows, a "No" column, headers
merged over two rows ("Pengunjung" above "L" and "P"), a totals row at the bottom, empty rows,
numbers typed "1.234" or "12 orang". The shared engine reads the file (`core.tabular` finds the
header row below the titles, `core.importing` reports per row and column); this module knows
what the headers mean by their words (any header with "pengunjung" and "perempuan"/"P" is the
women visitors), finds each row's library among the libraries that owe the month inside the
user's region (by its name, its village's name or the village code), and plans each row:
new, changed, unchanged or error. All or nothing: any error writes nothing. Writes go through
history and one bulk audit record.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.audit import audit_bulk
from core.importing import ImportRefused, RowMessage, normalise_header
from core.tabular import Table, read_table
from villages.importing import normalise_village_code, place_key
from villages.models import VillageLibrary

from .expected import owing_q
from .models import MonthlyReport
from .models.reports import due_date
from .services import may_edit

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
OUTCOMES = (NEW, CHANGED, UNCHANGED, ERROR)

#: What the import writes on a report (the sheet's columns may give any of them).
FIELDS = (
    "visitors_women",
    "visitors_men",
    "new_members",
    "loans",
    "computer_sessions",
    "internet_sessions",
    "collection_added",
    "activities_total",
    "participants_women",
    "participants_men",
)
_WOMEN = {"p", "pr", "prp", "perempuan", "wanita", "women", "woman", "female", "f", "w"}
_MEN = {"l", "lk", "laki", "lakilaki", "pria", "men", "man", "male", "m"}
_TOTAL_WORDS = {"jumlah", "total", "jumlahtotal", "grandtotal", "total keseluruhan"}


def _words(text: str) -> list[str]:
    text = re.sub(r"laki\s*-\s*laki", "lakilaki", text.casefold())
    return [normalise_header(w) for w in re.split(r"[^\w]+", text) if normalise_header(w)]


def classify(header: str) -> str | None:
    """The field a header names, judged by its words; None if it names none we read."""
    words = _words(header)
    joined = "".join(words)
    gender = "women" if _WOMEN & set(words) else "men" if _MEN & set(words) else ""
    if not words:
        return None
    if "kode" in words or "code" in words:
        return "code"
    if "peserta" in words or "participants" in words or "participant" in words:
        return f"participants_{gender}" if gender else "participants_total"
    if {"pengunjung", "kunjungan", "visitors", "visitor"} & set(words):
        return f"visitors_{gender}" if gender else "visitors_total"
    if "anggota" in words or "member" in joined:
        return "new_members"
    if {"peminjaman", "pinjam", "dipinjam", "pinjaman", "loans", "loan", "sirkulasi"} & set(words):
        return "loans"
    if {"komputer", "computer", "pc"} & set(words):
        return "computer_sessions"
    if {"internet", "wifi", "online"} & set(words):
        return "internet_sessions"
    if {"koleksi", "collection", "buku"} & set(words):
        return "collection_added"
    if {"kegiatan", "activities", "activity"} & set(words):
        return "activities_total"
    if {"perpustakaan", "perpus", "perpusdes", "library", "nama"} & set(words):
        return "library"
    if {"desa", "kelurahan", "village", "desakelurahan"} & set(words):
        return "village"
    if joined in {"no", "nomor", "number", "nourut"}:
        return "number"
    if {"keterangan", "catatan", "notes", "ket"} & set(words):
        return "notes"
    return None


def _header_score(cells: list[str]) -> int:
    return len({c for c in map(classify, cells) if c and c != "number"})


def parse_count(text: str) -> int | None:
    """A count as typed: "1.234", "1,234", "12 orang", "-" (none). None if it is not one."""
    text = text.strip().casefold()
    if text in ("", "-", "–", "nihil", "tidak ada"):
        return 0
    text = re.sub(r"\s*(orang|org|kali|buku|eksemplar|eks|judul|kegiatan|sesi|jiwa)\.?$", "", text)
    text = text.replace(" ", "")
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        return int(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"\d+[.,]0+", text):  # 12.0 from a spreadsheet
        return int(re.split(r"[.,]", text)[0])
    return None


@dataclass
class PlannedRow:
    number: int
    label: str = ""
    library: VillageLibrary | None = None
    values: dict[str, int] = field(default_factory=dict)
    notes: str = ""
    outcome: str = NEW
    messages: list[RowMessage] = field(default_factory=list)
    report: MonthlyReport | None = None

    def error(self, column: str, text: str) -> None:
        self.outcome = ERROR
        self.messages.append(RowMessage(self.number, column, text))


@dataclass
class ReportImport:
    month: datetime.date
    rows: list[PlannedRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    committed: bool = False
    written: int = 0

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(row.outcome for row in self.rows)
        return {outcome: found.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == ERROR for row in self.rows)


def reports_import(
    *, user: Any, month: datetime.date, data: bytes, filename: str = "", commit: bool = False
) -> ReportImport:
    """Plan (and with `commit`, write) a month's sheet. Raises ImportRefused (a TableError) for
    an unusable file and PermissionDenied for a user who may not write reports."""
    if not may_edit(user):
        raise PermissionDenied(_("You may not write monthly reports."))
    if month > timezone.localdate().replace(day=1):
        raise ImportRefused(_("%(month)s has not begun yet.") % {"month": month.strftime("%Y-%m")})
    table = read_table(data, filename=filename, header_score=_header_score)
    with transaction.atomic():
        result = _plan(table, user=user, month=month)
        if commit and not result.has_errors and (result.counts[NEW] or result.counts[CHANGED]):
            _write(result, user=user, filename=filename, data=data)
    return result


def _columns(table: Table) -> tuple[dict[str, tuple[int, str]], int]:
    """Field -> (column index, header as written); and how many data rows were header rows.
    A second header row (gender under a merged "Pengunjung") is folded into the first."""
    header = list(table.header)
    used_rows = 0
    first = table.rows[0].cells if table.rows else []
    if first and any(_words(c) and set(_words(c)) <= (_WOMEN | _MEN) for c in first):
        parent = ""
        merged = []
        for index in range(max(len(header), len(first))):
            top = header[index] if index < len(header) else ""
            parent = top or parent
            sub = first[index] if index < len(first) else ""
            merged.append(f"{parent} {sub}".strip() if sub else top)
        header, used_rows = merged, 1
    columns: dict[str, tuple[int, str]] = {}
    for index, text in enumerate(header):
        kind = classify(text)
        if kind and kind not in columns:
            columns[kind] = (index, text)
    if not ({"library", "village", "code"} & columns.keys()):
        raise ImportRefused(
            _("No column names the library: add “Nama Perpustakaan”, “Desa” or “Kode Desa”.")
        )
    if not (set(FIELDS) & columns.keys()):
        raise ImportRefused(_("No column of figures was recognised (e.g. “Pengunjung (P)”)."))
    return columns, used_rows


def _candidates(user: Any, month: datetime.date):
    """Libraries owing the month inside the user's region, looked up by code, name, village."""
    libraries = (
        VillageLibrary.objects.in_scope(user)
        .filter(owing_q(month))
        .select_related("village")
        .only("pk", "name", "slug", "village__name", "village__code", "regency_id", "province_id")
    )
    by_code, by_name = {}, {}
    for library in libraries:
        if library.village_id:
            by_code[library.village.code] = library
            by_name.setdefault(place_key(library.village.name, "village"), set()).add(library)
        by_name.setdefault(place_key(library.name, "village"), set()).add(library)
    return by_code, by_name


def _plan(table: Table, *, user: Any, month: datetime.date) -> ReportImport:
    result = ReportImport(month=month)
    columns, skip = _columns(table)
    by_code, by_name = _candidates(user, month)
    seen: dict[int, int] = {}
    for row in table.rows[skip:]:
        cells = {kind: row.get(index).strip() for kind, (index, _h) in columns.items()}
        ident = [cells.get(k, "") for k in ("library", "village", "code")]
        if any(normalise_header(v) in _TOTAL_WORDS for v in ident + [row.get(0)]):
            result.skipped.append(_("row %(row)d: totals row skipped") % {"row": row.number})
            continue
        if not any(ident) and not any(cells.get(f) for f in FIELDS):
            continue  # a row of only a number or a note: nothing to read
        planned = PlannedRow(number=row.number, label=next((v for v in ident if v), ""))
        result.rows.append(planned)
        _locate(planned, cells, columns, by_code, by_name)
        for name in FIELDS + ("visitors_total", "participants_total"):
            if name not in columns:
                continue
            value = parse_count(cells.get(name, ""))
            if value is None:
                planned.error(
                    columns[name][1],
                    _("“%(value)s” is not a whole number.") % {"value": cells[name]},
                )
            elif name in FIELDS:
                planned.values[name] = value
        planned.notes = cells.get("notes", "")
        if planned.library is not None:
            if planned.library.pk in seen:
                planned.error(
                    "", _("the same library as row %(row)d.") % {"row": seen[planned.library.pk]}
                )
            seen.setdefault(planned.library.pk, row.number)
    _compare(result, month)
    return result


def _locate(planned, cells, columns, by_code, by_name) -> None:
    code_text = cells.get("code", "")
    if code_text:
        code = normalise_village_code(code_text)
        planned.library = by_code.get(code or "")
        if planned.library is None:
            planned.error(
                columns["code"][1],
                _("no library owing this month in your region has village code “%(code)s”.")
                % {"code": code_text},
            )
        return
    for kind in ("library", "village"):
        text = cells.get(kind, "")
        if not text:
            continue
        found = by_name.get(place_key(text, "village"), set())
        if len(found) == 1:
            planned.library = next(iter(found))
            return
        if len(found) > 1:
            planned.error(
                columns[kind][1],
                _("“%(name)s” names %(count)d libraries in your region; give the village code.")
                % {"name": text, "count": len(found)},
            )
            return
    planned.error(
        "",
        _("no library owing this month in your region is named “%(name)s”.")
        % {"name": planned.label or "?"},
    )


def _compare(result: ReportImport, month: datetime.date) -> None:
    found = [r for r in result.rows if r.library is not None]
    existing = {
        report.library_id: report
        for report in MonthlyReport.objects.select_for_update()
        .filter(library__in=[r.library for r in found], month=month)
        .order_by("pk")
    }
    for row in found:
        report = existing.get(row.library.pk)
        row.report = report
        if row.outcome == ERROR or report is None:
            continue
        same = all(getattr(report, k) == v for k, v in row.values.items()) and (
            not row.notes or row.notes == report.notes
        )
        if same and report.status != MonthlyReport.Status.DRAFT:
            row.outcome = UNCHANGED
        elif report.status != MonthlyReport.Status.DRAFT:
            row.error(
                "",
                _(
                    "%(library)s already sent %(month)s (%(status)s); a coordinator reopens it "
                    "before it is corrected."
                )
                % {
                    "library": row.library,
                    "month": month.strftime("%Y-%m"),
                    "status": report.get_status_display(),
                },
            )
        else:
            row.outcome = CHANGED


def _write(result: ReportImport, *, user: Any, filename: str, data: bytes) -> None:
    now = timezone.now()
    new, changed = [], []
    for row in result.rows:
        if row.outcome == NEW:
            report = MonthlyReport(library=row.library, month=result.month, notes=row.notes)
            new.append(report)
        elif row.outcome == CHANGED:
            report = row.report
            report.notes = row.notes or report.notes
            changed.append(report)
        else:
            continue
        for name, value in row.values.items():
            setattr(report, name, value)
        # A sheet that corrects a report keeps its first submission time: the on-time rate
        # counts when the library first reported, not when the regency re-sent its sheet.
        report.first_submitted_at = report.first_submitted_at or report.submitted_at or now
        report.status, report.submitted_at, report.submitted_by = (
            MonthlyReport.Status.SUBMITTED,
            report.first_submitted_at,
            user,
        )
        report.due_on = due_date(result.month)
    created = bulk_create_with_history(
        new, MonthlyReport, default_user=user, default_change_reason="import"
    )
    if changed:
        bulk_update_with_history(
            changed,
            MonthlyReport,
            ["status", "submitted_at", "first_submitted_at", "submitted_by", "notes", *FIELDS],
            default_user=user,
            default_change_reason="import",
        )
    pks = [r.pk for r in created] + [r.pk for r in changed]
    audit_bulk(
        user=user,
        action="import",
        model=MonthlyReport,
        pks=pks,
        detail={
            "file": filename,
            "sha256": hashlib.sha256(data).hexdigest(),
            "month": result.month.isoformat(),
            "counts": result.counts,
        },
    )
    result.committed, result.written = True, len(pks)
