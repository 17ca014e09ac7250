"""Writing monthly reports: save a draft, submit, approve, reopen for correction.

Every write checks who may do it and where (the user's scope through `.in_scope(user)`), checks
the current status, and records the user and the reason on the history row; approving many at
once also writes one bulk audit record. A correction after approval goes through
`report_reopen`, so the approved figures stay in the history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.audit import audit_bulk
from villages.models import VillageLibrary
from villages.scoping import NATIONAL, PROVINCE, REGENCY, scope_of

from .expected import first_month_owed, first_of_month
from .models import MonthlyReport, ReportActivity

#: The figures of a report, in form order.
FIGURES = (
    "visitors_women",
    "visitors_men",
    "new_members",
    "loans",
    "computer_sessions",
    "internet_sessions",
    "collection_added",
)
ACTIVITY_FIELDS = ("date", "kind", "title", "participants_women", "participants_men", "partners")
CHANGE_PERMISSION = "monitoring.change_monthlyreport"
_COORDINATOR_LEVELS = (NATIONAL, PROVINCE, REGENCY)


def may_edit(user: Any) -> bool:
    return scope_of(user) is not None and user.has_perm(CHANGE_PERMISSION)


def may_approve(user: Any) -> bool:
    """Regency coordinators and above approve; an operator (one library) never does."""
    scope = scope_of(user)
    return (
        scope is not None
        and scope.level in _COORDINATOR_LEVELS
        and user.has_perm(CHANGE_PERMISSION)
    )


def _library_in_scope(user: Any, library: VillageLibrary) -> None:
    if (
        not may_edit(user)
        or not VillageLibrary.objects.in_scope(user).filter(pk=library.pk).exists()
    ):
        raise PermissionDenied(_("You may not write reports for this library."))


def validate_month(*, library: VillageLibrary, month: datetime.date, today: datetime.date) -> None:
    """A report's month: not in the future, not before the library was selected."""
    if month != first_of_month(month):
        raise ValidationError(_("A report's month is given by its first day."))
    if month > first_of_month(today):
        raise ValidationError(
            _("%(month)s is in the future: a month is reported once it has begun.")
            % {"month": month.strftime("%Y-%m")}
        )
    first = first_month_owed(library)
    if first is None:
        raise ValidationError(
            _("%(library)s is not an active beneficiary: it has no monthly reports.")
            % {"library": library}
        )
    if month < first:
        raise ValidationError(
            _("%(library)s was selected in %(first)s; %(month)s is before that.")
            % {
                "library": library,
                "first": first.strftime("%Y-%m"),
                "month": month.strftime("%Y-%m"),
            }
        )


def _clean_figures(figures: dict[str, Any]) -> dict[str, int]:
    cleaned, problems = {}, []
    for name in FIGURES:
        value = figures.get(name, 0)
        if value in (None, ""):
            value = 0
        try:
            number = int(value)
        except (TypeError, ValueError):
            problems.append(
                _("%(field)s: “%(value)s” is not a whole number.")
                % {"field": MonthlyReport._meta.get_field(name).verbose_name, "value": value}
            )
            continue
        if number < 0:
            problems.append(
                _("%(field)s may not be negative.")
                % {"field": MonthlyReport._meta.get_field(name).verbose_name}
            )
        cleaned[name] = number
    if problems:
        raise ValidationError(problems)
    return cleaned


@transaction.atomic
def report_save(
    *,
    user: Any,
    library: VillageLibrary,
    month: datetime.date,
    figures: dict[str, Any],
    notes: str | None = None,
    activities: Iterable[dict[str, Any]] | None = None,
    reason: str = "save",
    today: datetime.date | None = None,
) -> MonthlyReport:
    """Create or change the draft report of `library` for `month`. `activities`, when given,
    replaces the month's activities. A submitted or approved report is not changed here: it is
    reopened first (`report_reopen`)."""
    _library_in_scope(user, library)
    validate_month(library=library, month=month, today=today or timezone.localdate())
    cleaned = _clean_figures(figures)
    report = MonthlyReport.objects.select_for_update().filter(library=library, month=month).first()
    if report is not None and report.status != MonthlyReport.Status.DRAFT:
        raise ValidationError(
            _("The report of %(month)s is %(status)s; reopen it to correct it.")
            % {"month": month.strftime("%Y-%m"), "status": report.get_status_display()}
        )
    report = report or MonthlyReport(library=library, month=month)
    for name, value in cleaned.items():
        setattr(report, name, value)
    if notes is not None:
        report.notes = notes
    report._history_user = user
    report._change_reason = reason
    report.save()
    if activities is not None:
        rows = list(activities)
        _replace_activities(report, rows, month=month)
        report.activities_total = len(rows)
        report.participants_women = sum(int(r.get("participants_women") or 0) for r in rows)
        report.participants_men = sum(int(r.get("participants_men") or 0) for r in rows)
        report._history_user, report._change_reason = user, reason
        report.save()
    return report


def _replace_activities(report: MonthlyReport, rows: list[dict[str, Any]], *, month) -> None:
    problems = []
    for number, row in enumerate(rows, start=1):
        day = row.get("date")
        if not isinstance(day, datetime.date) or first_of_month(day) != month:
            problems.append(
                _("Activity %(number)d: its date must fall in %(month)s.")
                % {"number": number, "month": month.strftime("%Y-%m")}
            )
        for name in ("participants_women", "participants_men"):
            if int(row.get(name) or 0) < 0:
                problems.append(
                    _("Activity %(number)d: participants may not be negative.") % {"number": number}
                )
        if not (row.get("title") or "").strip():
            problems.append(_("Activity %(number)d: a title is needed.") % {"number": number})
    if problems:
        raise ValidationError(problems)
    report.activities.all().delete()
    ReportActivity.objects.bulk_create(
        [
            ReportActivity(
                report=report,
                date=row["date"],
                kind=row.get("kind") or ReportActivity.Kind.OTHER,
                title=row["title"].strip()[:200],
                participants_women=int(row.get("participants_women") or 0),
                participants_men=int(row.get("participants_men") or 0),
                partners=(row.get("partners") or "").strip()[:300],
            )
            for row in rows
        ]
    )


@transaction.atomic
def report_submit(*, user: Any, report: MonthlyReport) -> MonthlyReport:
    """Draft → submitted: the library says the month is complete. A report reopened for a
    correction keeps its first submission time: the on-time rate asks whether the library
    reported by the due date, and a coordinator's correction afterwards must not make it late
    (the resubmission itself is on the history row)."""
    report = _locked(user, report)
    if report.status != MonthlyReport.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be submitted; this report is %(status)s.")
            % {"status": report.get_status_display()}
        )
    report.status = MonthlyReport.Status.SUBMITTED
    report.first_submitted_at = report.first_submitted_at or timezone.now()
    report.submitted_at, report.submitted_by = report.first_submitted_at, user
    report._history_user, report._change_reason = user, "submit"
    report.save()
    return report


def _locked(user: Any, report: MonthlyReport) -> MonthlyReport:
    if not may_edit(user):
        raise PermissionDenied(_("You may not write reports for this library."))
    locked = (
        MonthlyReport.objects.in_scope(user)
        .select_for_update(of=("self",))
        .select_related("library")
        .filter(pk=report.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("You may not write reports for this library."))
    return locked


@transaction.atomic
def reports_approve(*, user: Any, reports: Iterable[MonthlyReport]) -> int:
    """Submitted → approved, by a regency coordinator or above, inside their region."""
    if not may_approve(user):
        raise PermissionDenied(_("Only a regency coordinator or above approves reports."))
    pks = {r.pk for r in reports}
    rows = list(
        MonthlyReport.objects.in_scope(user)
        .select_for_update(of=("self",))
        .select_related("library")
        .filter(pk__in=pks)
        .order_by("pk")
    )
    if len(rows) != len(pks):
        raise PermissionDenied(_("Some of these reports are outside your region."))
    problems = [
        _("%(report)s is %(status)s: only a submitted report can be approved.")
        % {"report": row, "status": row.get_status_display()}
        for row in rows
        if row.status != MonthlyReport.Status.SUBMITTED
    ]
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for row in rows:
        row.status, row.approved_at, row.approved_by, row.modified = (
            MonthlyReport.Status.APPROVED,
            now,
            user,
            now,
        )
    bulk_update_with_history(
        rows,
        MonthlyReport,
        ["status", "approved_at", "approved_by", "modified"],
        default_user=user,
        default_change_reason="approve",
    )
    audit_bulk(user=user, action="report_approve", model=MonthlyReport, pks=[r.pk for r in rows])
    return len(rows)


@transaction.atomic
def report_reopen(*, user: Any, report: MonthlyReport, reason: str) -> MonthlyReport:
    """Submitted or approved → draft, for a correction; the reason goes on the history row, and
    the approved version stays in the history. Only a coordinator (regency or above) reopens."""
    if not may_approve(user):
        raise PermissionDenied(_("Only a regency coordinator or above reopens reports."))
    report = _locked(user, report)
    if report.status == MonthlyReport.Status.DRAFT:
        raise ValidationError(_("This report is already a draft."))
    if not reason.strip():
        raise ValidationError(_("Say why the report is reopened."))
    report.status = MonthlyReport.Status.DRAFT
    # A draft holds no submission time; the first one is kept for the resubmission (reports
    # imported or seeded before this field existed have it only in `submitted_at`).
    report.first_submitted_at = report.first_submitted_at or report.submitted_at
    report.submitted_at = report.submitted_by = None
    report.approved_at = report.approved_by = None
    report._history_user, report._change_reason = user, f"reopen: {reason.strip()[:90]}"
    report.save()
    audit_bulk(
        user=user,
        action="report_reopen",
        model=MonthlyReport,
        pks=[report.pk],
        detail={"reason": reason.strip()},
    )
    return report
