"""The attendance grid on an event: participants × days, "all present" per day, keyboard entry,
check-in by participant code (typed, or read by a barcode scanner acting as a keyboard).

A plain form of checkboxes that works without JavaScript; `static/js/attendance-grid.js` only
makes it quicker (a day's "all present" ticks the column without a round trip, arrow keys move
between cells). Writes go through `trainings.services.attendance_set`, in the user's scope: a
regency coordinator sees and marks only their own people, also at a province-wide or national
event. Wired into ``TrainingEventAdmin.get_urls`` through `admin_imports.import_urls`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.pagination import paginate

from .models import Participant, TrainingEvent
from .selectors import attendance_grid
from .services import attendance_check_in_by_code, attendance_set

#: Rows per page of the grid: a page stays quick to tick and to post (5 days × 100 boxes).
GRID_PAGE_SIZE = 100


def _event_for(request: HttpRequest, object_id: str) -> TrainingEvent:
    if not request.user.has_perm("trainings.view_attendance"):
        raise PermissionDenied
    event = (
        TrainingEvent.objects.in_scope(request.user).filter(pk=object_id).first()
        if object_id.isdigit()
        else None
    )
    if event is None:
        raise Http404(_("No such event in your region."))
    return event


def _can_mark(user: Any) -> bool:
    return user.has_perm("trainings.add_attendance") and user.has_perm(
        "trainings.delete_attendance"
    )


def _day(text: str, event: TrainingEvent) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return day if event.start_date <= day <= event.end_date else None


def attendance_grid_view(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """The grid (GET) and its form (POST: the whole page's marks, or one "check-in by code")."""
    event = _event_for(request, object_id)
    url = reverse("admin:trainings_trainingevent_attendance", args=[event.pk])
    if request.method == "POST":
        if not _can_mark(request.user):
            raise PermissionDenied
        if "code" in request.POST:
            return _check_in(request, event, url)
        return _save_grid(request, event, url)
    participants = Participant.objects.in_scope(request.user).filter(event=event)
    page, page_message = paginate(
        request,
        participants.select_related("library").order_by(
            "library__village__code", "full_name", "pk"
        ),
        GRID_PAGE_SIZE,
    )
    grid = attendance_grid(event=event, participants=list(page.object_list), user=request.user)
    today = datetime.date.today()
    check_in_day = _day(request.GET.get("day", ""), event)
    if check_in_day is None:
        check_in_day = today if event.start_date <= today <= event.end_date else event.start_date
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "title": _("Attendance: %(event)s") % {"event": event.title},
        "event": event,
        "grid": grid,
        "page_obj": page,
        "page_message": page_message,
        "can_mark": _can_mark(request.user),
        "check_in_day": check_in_day,
        "form_url": url,
    }
    return TemplateResponse(request, "admin/trainings/trainingevent/attendance.html", context)


def _save_grid(request: HttpRequest, event: TrainingEvent, url: str) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("participant") if v.isdigit()]
    days = event.days
    all_present = _day(request.POST.get("all_day", ""), event)
    marks: dict[int, set[datetime.date]] = {}
    for pk in ids:
        marked = {_day(v, event) for v in request.POST.getlist(f"m-{pk}")}
        marked.discard(None)
        if all_present is not None:
            marked.add(all_present)
        marks[pk] = marked  # type: ignore[assignment]
    try:
        change = attendance_set(event=event, user=request.user, marks=marks, days=days)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(url)
    messages.success(
        request,
        _("Attendance saved: %(added)s, %(removed)s.")
        % {
            "added": ngettext("%(n)d mark added", "%(n)d marks added", len(change.added))
            % {"n": len(change.added)},
            "removed": ngettext("%(n)d removed", "%(n)d removed", len(change.removed))
            % {"n": len(change.removed)},
        },
    )
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


def _check_in(request: HttpRequest, event: TrainingEvent, url: str) -> HttpResponse:
    day = _day(request.POST.get("day", ""), event)
    if day is None:
        messages.error(request, _("The day must fall within the event's dates."))
        return redirect(url)
    try:
        participant = attendance_check_in_by_code(
            event=event, user=request.user, code=request.POST.get("code", ""), day=day
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(f"{url}?day={day.isoformat()}")
    messages.success(
        request,
        _("%(name)s is present on %(day)s.") % {"name": participant.full_name, "day": day},
    )
    return redirect(f"{url}?day={day.isoformat()}#check-in")


def attendance_recap_view(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """The attendance recap PDF: every participant of the event in the user's region."""
    from django.utils.translation import get_language

    from .exporters import attendance_recap_pdf

    event = _event_for(request, object_id)
    participants = list(
        Participant.objects.in_scope(request.user)
        .filter(event=event)
        .select_related("library")
        .order_by("library__village__code", "full_name", "pk")
    )
    grid = attendance_grid(event=event, participants=participants, user=request.user)
    response = HttpResponse(
        attendance_recap_pdf(grid, language=get_language() or "id"),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="rekap-kehadiran-{event.slug}.pdf"'
    return response
