"""The event page's work in one place: copy as a new event, draft the report, the sign-in sheet,
and the toolbar linking every task of an event (wired in ``TrainingEventAdmin``).

Each view checks its own permission and the event's scope: a link shown on the toolbar is one
the user may follow (`event_tools`), and following a link by hand gives nothing more.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.exporters import ExportError, response

from .admin_dates import PlainDateInput
from .cloning import can_clone, clone_title, event_clone
from .exporters import ParticipantExporter
from .models import TrainingEvent
from .report_draft import LANGUAGES, draft_report, event_report_save, report_field


def _event_for(request: HttpRequest, object_id: str) -> TrainingEvent:
    event = (
        TrainingEvent.objects.in_scope(request.user).filter(pk=object_id).first()
        if str(object_id).isdigit()
        else None
    )
    if event is None:
        raise Http404(_("No such event in your region."))
    return event


def _context(model_admin: ModelAdmin, request: HttpRequest, event: TrainingEvent, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "event": event,
        **extra,
    }


class CloneForm(forms.Form):
    start_date = forms.DateField(
        label=gettext_lazy("Start date of the new event"),
        widget=PlainDateInput,
        help_text=gettext_lazy(
            "Format dd/mm/yyyy. The new event lasts as many days; its agenda moves with it."
        ),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=TrainingEvent._meta.get_field("title").max_length,
        required=False,
        help_text=gettext_lazy("Empty: the same title, with the year changed if it names one."),
    )


def clone_view(request: HttpRequest, model_admin: ModelAdmin, object_id: str) -> HttpResponse:
    """Copy as new event: a form asking the new start date (and title), then the new draft."""
    event = _event_for(request, object_id)
    if not can_clone(event=event, user=request.user):
        raise PermissionDenied
    form = CloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start = form.cleaned_data["start_date"]
        try:
            clone = event_clone(
                event=event, user=request.user, start_date=start, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "“%(title)s” was copied as a new draft event with %(agenda)d agenda items "
                    "and no participants. Check its details, then publish it."
                )
                % {"title": event.title, "agenda": clone.agenda.count()},
            )
            return redirect("admin:trainings_trainingevent_change", clone.pk)
    return TemplateResponse(
        request,
        "admin/trainings/trainingevent/clone.html",
        _context(
            model_admin,
            request,
            event,
            form=form,
            title=_("Copy as new event"),
            media=model_admin.media + form.media,
            agenda_count=event.agenda.count(),
        ),
    )


def draft_report_view(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """The report drafted from the records, in a text box to edit; saving it writes the event's
    report narrative (confirming first when it already has one). The event's status is never
    changed here: a draft event stays a draft."""
    event = _event_for(request, object_id)
    if not model_admin.has_change_permission(request, event):
        raise PermissionDenied
    language = request.POST.get("language") or request.GET.get("language", "id")
    if language not in LANGUAGES:
        language = "id"
    error = ""
    text = draft_report(event=event, user=request.user, language=language)
    if request.method == "POST":
        text = request.POST.get("report", "")
        try:
            event_report_save(
                event=event,
                user=request.user,
                text=text,
                replace=bool(request.POST.get("replace")),
                language=language,
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("The report was saved. It is public only when the event is published.")
            )
            return redirect("admin:trainings_trainingevent_change", event.pk)
    return TemplateResponse(
        request,
        "admin/trainings/trainingevent/draft_report.html",
        _context(
            model_admin,
            request,
            event,
            title=_("Draft report"),
            text=text,
            error=error,
            language=language,
            is_published=event.status == TrainingEvent.Status.PUBLISHED,
            current=getattr(event, report_field(language), ""),
        ),
    )


def sign_in_sheet_view(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str
) -> HttpResponse:
    """The event's sign-in sheet (daftar hadir) as PDF, one click from the event page: the
    participant exporter's PDF filtered to this event (scope and audit applied there)."""
    event = _event_for(request, object_id)
    if not request.user.has_perm("trainings.view_participant"):
        raise PermissionDenied
    try:
        exporter = ParticipantExporter(
            user=request.user, filters={"event": event.slug}, language=get_language() or "id"
        )
        return response(exporter, "pdf")
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("admin:trainings_trainingevent_change", event.pk)


def event_tool_urls(model_admin: ModelAdmin) -> list:
    site = model_admin.admin_site

    def wrap(view):
        def wrapper(request, *args, **kwargs):
            return view(request, model_admin, *args, **kwargs)

        return site.admin_view(wrapper)

    return [
        path("<path:object_id>/copy/", wrap(clone_view), name="trainings_trainingevent_clone"),
        path(
            "<path:object_id>/draft-report/",
            wrap(draft_report_view),
            name="trainings_trainingevent_draft_report",
        ),
        path(
            "<path:object_id>/sign-in-sheet.pdf",
            wrap(sign_in_sheet_view),
            name="trainings_trainingevent_sign_in_sheet",
        ),
    ]


def _optional_reverse(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:  # a part not installed (yet): no dead link
        return None


def event_tools(request: HttpRequest, event: TrainingEvent, model_admin: ModelAdmin) -> list:
    """The toolbar's links, each only when the user may use it: (label, url, is_download)."""
    user = request.user
    pk = event.pk
    tools: list[tuple[str, str | None, bool]] = []
    if user.has_perm("trainings.view_participant"):
        tools.append(
            (
                _("Participants"),
                f"{reverse('admin:trainings_participant_changelist')}?event__id__exact={pk}",
                False,
            )
        )
    if user.has_perm("trainings.view_attendance"):
        tools.append(
            (_("Attendance"), reverse("admin:trainings_trainingevent_attendance", args=[pk]), False)
        )
    if user.has_perm("trainings.view_participant"):
        tools.append(
            (
                _("Sign-in sheet (PDF)"),
                reverse("admin:trainings_trainingevent_sign_in_sheet", args=[pk]),
                True,
            )
        )
    if user.has_perm("trainings.view_attendance"):
        tools.append(
            (
                _("Attendance recap (PDF)"),
                reverse("admin:trainings_trainingevent_attendance_recap", args=[pk]),
                True,
            )
        )
    if user.has_perm("trainings.view_certificate"):
        slug = {"slug": event.slug}
        tools += [
            (_("Badges (PDF)"), _optional_reverse("paperwork:event-badges", kwargs=slug), True),
            (
                _("Certificates (ZIP)"),
                _optional_reverse("paperwork:event-certificates", kwargs=slug),
                True,
            ),
            (
                _("Invitation letters (PDF)"),
                _optional_reverse("paperwork:event-invitations", kwargs=slug),
                True,
            ),
        ]
    if user.has_perm("trainings.view_participant"):
        export = _optional_reverse("staff-export")
        # The staff export page (portal), its list and this event chosen.
        url = export and f"{export}?kind=participants&event={event.slug}"
        tools.append((_("Exports"), url, False))
    if user.has_perm("trainings.add_participant") and model_admin.has_change_permission(
        request, event
    ):
        tools.append(
            (
                _("Import participants"),
                reverse("admin:trainings_trainingevent_import", args=[pk]),
                False,
            )
        )
    if model_admin.has_change_permission(request, event):
        tools.append(
            (
                _("Draft report"),
                reverse("admin:trainings_trainingevent_draft_report", args=[pk]),
                False,
            )
        )
    if can_clone(event=event, user=user):
        tools.append(
            (
                _("Copy as new event"),
                reverse("admin:trainings_trainingevent_clone", args=[pk]),
                False,
            )
        )
    tools.append((_("Public preview"), event.get_absolute_url(), False))
    return [(label, url, download) for label, url, download in tools if url]


__all__ = ["clone_title", "event_tool_urls", "event_tools"]
