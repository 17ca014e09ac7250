"""The staff pages of monthly reports: the months of a library (due, missing, draft, submitted,
approved) and the report form of one month, for the library's operator and for coordinators of
its region. Phone-friendly (one column at 390 px) and working without JavaScript.

Every library is looked up through `VillageLibrary.objects.in_scope(user)`: a library outside the
user's region is a 404, a user who may not write reports gets a 403. Writes call the services.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from villages.models import VillageLibrary

from .expected import first_month_owed, first_of_month, months_between, owing_q
from .forms import ActivityFormSet, ReportForm
from .models import MonthlyReport, ReportPhoto
from .models.reports import due_date
from .services import ACTIVITY_FIELDS, FIGURES, may_edit, report_save, report_submit

LIBRARIES_PER_PAGE = 50


def _check(request: HttpRequest) -> None:
    if not may_edit(request.user):
        raise PermissionDenied


def _library(request: HttpRequest, slug: str) -> VillageLibrary:
    library = (
        VillageLibrary.objects.in_scope(request.user)
        .select_related("village", "regency")
        .filter(slug=slug)
        .first()
    )
    if library is None:
        raise Http404
    return library


def month_state(month: datetime.date, report: MonthlyReport | None, today: datetime.date) -> str:
    """approved / submitted / draft / missing (due date passed) / due (not yet due)."""
    if report is not None:
        return report.status
    return "missing" if due_date(month) < today else "due"


STATE_LABELS = {
    "approved": gettext_lazy("approved"),
    "submitted": gettext_lazy("submitted"),
    "draft": gettext_lazy("draft"),
    "missing": gettext_lazy("missing"),
    "due": gettext_lazy("not yet due"),
}


@never_cache
@login_required(login_url="admin:login")
def report_home(request: HttpRequest) -> HttpResponse:
    """The libraries the user writes reports for; straight to the months if there is one."""
    _check(request)
    libraries = (
        VillageLibrary.objects.in_scope(request.user)
        .filter(owing_q(first_of_month(timezone.localdate())))
        .select_related("regency")
        .order_by("name")
    )
    page = Paginator(libraries, LIBRARIES_PER_PAGE).get_page(request.GET.get("page"))
    if page.paginator.count == 1:
        return redirect("monitoring:library-months", slug=page.object_list[0].slug)
    return render(request, "monitoring/report_home.html", {"page": page})


@never_cache
@login_required(login_url="admin:login")
def library_months(request: HttpRequest, slug: str) -> HttpResponse:
    _check(request)
    library = _library(request, slug)
    first = first_month_owed(library)
    today = timezone.localdate()
    months = months_between(first, first_of_month(today))[::-1] if first else []
    reports = {
        r.month: r
        for r in MonthlyReport.objects.filter(library=library, month__gte=first or today).only(
            "month", "status", "submitted_at", "due_on", "library_id"
        )
    }
    rows = [
        {
            "month": month,
            "due": due_date(month),
            "state": (state := month_state(month, reports.get(month), today)),
            "label": STATE_LABELS[state],
            "url": reverse("monitoring:report-edit", args=[library.slug, month.strftime("%Y-%m")]),
        }
        for month in months
    ]
    return render(request, "monitoring/library_months.html", {"library": library, "rows": rows})


def _activity_initial(report: MonthlyReport | None) -> list[dict]:
    if report is None:
        return []
    return [{name: getattr(a, name) for name in ACTIVITY_FIELDS} for a in report.activities.all()]


@never_cache
@login_required(login_url="admin:login")
def report_edit(request: HttpRequest, slug: str, month: str) -> HttpResponse:
    _check(request)
    library = _library(request, slug)
    try:
        the_month = datetime.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise Http404 from None
    report = MonthlyReport.objects.filter(library=library, month=the_month).first()
    editable = report is None or report.status == MonthlyReport.Status.DRAFT
    initial = {name: getattr(report, name) for name in FIGURES} if report else {}
    if report:
        initial["notes"] = report.notes
    if request.method == "POST" and editable:
        form = ReportForm(request.POST, request.FILES)
        formset = ActivityFormSet(request.POST, prefix="activities")
        if "add_row" in request.POST:
            # A new empty row, keeping what was typed (no JavaScript needed).
            data = request.POST.copy()
            data["activities-TOTAL_FORMS"] = str(int(data.get("activities-TOTAL_FORMS", 0)) + 1)
            formset = ActivityFormSet(data, prefix="activities")
            form = ReportForm(request.POST)
            return _render_form(request, library, the_month, report, form, formset, editable)
        if form.is_valid() and formset.is_valid():
            activities = [
                {name: f.cleaned_data[name] for name in ACTIVITY_FIELDS}
                for f in formset.forms
                if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                with transaction.atomic():
                    saved = report_save(
                        user=request.user,
                        library=library,
                        month=the_month,
                        figures=form.figures(),
                        notes=form.cleaned_data["notes"],
                        activities=activities,
                    )
                    if form.cleaned_data.get("photo"):
                        ReportPhoto.objects.create(
                            report=saved,
                            image=form.cleaned_data["photo"],
                            caption=form.cleaned_data["photo_caption"],
                            is_public=form.cleaned_data["photo_public"],
                        )
                    if "submit" in request.POST:
                        report_submit(user=request.user, report=saved)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if "submit" in request.POST:
                    messages.success(
                        request, _("The report of %(month)s was submitted.") % {"month": month}
                    )
                    return redirect("monitoring:library-months", slug=library.slug)
                messages.success(request, _("Draft saved."))
                return redirect("monitoring:report-edit", slug=library.slug, month=month)
    else:
        form = ReportForm(initial=initial)
        formset = ActivityFormSet(initial=_activity_initial(report), prefix="activities")
    return _render_form(request, library, the_month, report, form, formset, editable)


def _render_form(request, library, month, report, form, formset, editable) -> HttpResponse:
    status = 400 if (form.is_bound and form.errors) else 200
    return render(
        request,
        "monitoring/report_form.html",
        {
            "library": library,
            "month": month,
            "due": due_date(month),
            "report": report,
            "form": form,
            "formset": formset,
            "editable": editable,
            "activities": report.activities.all() if report and not editable else [],
        },
        status=status,
    )
