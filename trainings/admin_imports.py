"""The admin's "Import participants" pages: upload → preview → confirm, and the templates.

Wired into ``TrainingEventAdmin.get_urls`` (trainings/admin.py) with :func:`import_urls`. The
rules live in :mod:`trainings.importing`; the upload waits between the preview and the
confirmation in :mod:`core.uploads` (server-side, bound to the session and the user, checked by
its sha256). Confirming makes the plan again inside the transaction (the preview shown to the
user is never trusted), and then forgets the upload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.exporters import ExportError
from core.tabular import Table, TableError
from core.uploads import UploadGone, UploadStore
from villages.scoping import can_see_contacts

from .admin_attendance import attendance_grid_view, attendance_recap_view
from .columns import COLUMNS_BY_KEY
from .importing import (
    DUPLICATE,
    ERROR,
    NEW,
    TEMPLATE_KEYS,
    UPDATE,
    ImportReport,
    ParticipantImportTemplate,
    participants_import,
)
from .importing.forms import ImportForm
from .models import TrainingEvent

UPLOADS = UploadStore("participant_imports")
#: The preview page lists at most this many rows (all counts are always shown).
PREVIEW_ROW_LIMIT = 500


def _check_permission(request: HttpRequest) -> None:
    if not (
        request.user.has_perm("trainings.add_participant")
        and request.user.has_perm("trainings.change_participant")
    ):
        raise PermissionDenied


def _context(model_admin: ModelAdmin, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def import_upload(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str | None = None
) -> HttpResponse:
    """Step 1: choose the file (and the event, from the participant list)."""
    _check_permission(request)
    event = None
    if object_id is not None:
        if object_id.isdigit():
            event = TrainingEvent.objects.in_scope(request.user).filter(pk=object_id).first()
        if event is None:
            raise Http404(_("No such event in your region."))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        staged = UPLOADS.put(
            request,
            data=form.data_bytes,
            meta={
                "event": form.cleaned_data["event"].pk,
                "filename": Path(form.cleaned_data["file"].name).name[:200],
                "sheet": form.cleaned_data.get("sheet") or None,
                "create_libraries": form.cleaned_data["create_libraries"],
                "strict": form.cleaned_data["strict"],
                "table": form.table.to_json(),
            },
        )
        preview = reverse("admin:trainings_trainingevent_import_preview", args=[staged.token])
        return redirect(preview)
    return TemplateResponse(
        request,
        "admin/trainings/participant_import.html",
        _context(
            model_admin,
            request,
            title=_("Import participants"),
            event=event,
            form=form,
            template_keys=TEMPLATE_KEYS,
            headers=[COLUMNS_BY_KEY[k].header_id for k in TEMPLATE_KEYS],
        ),
    )


def import_preview(request: HttpRequest, model_admin: ModelAdmin, token: str) -> HttpResponse:
    """Step 2 (GET): what each row would do. Step 3 (POST): do it, in one transaction."""
    _check_permission(request)
    try:
        staged = UPLOADS.get(request, token)
    except UploadGone:
        raise Http404(
            _("This import is not (or no longer) available. Upload the file again.")
        ) from None
    meta = staged.meta
    event = TrainingEvent.objects.in_scope(request.user).filter(pk=meta["event"]).first()
    if event is None:
        raise Http404(_("No such event in your region."))
    options = {
        "event": event,
        "user": request.user,
        "data": staged.data,
        "filename": meta["filename"],
        "sheet": meta["sheet"],
        "create_libraries": meta["create_libraries"],
        "strict": meta["strict"],
        "table": Table.from_json(meta["table"]),
    }
    change_url = reverse("admin:trainings_trainingevent_change", args=[event.pk])
    try:
        if request.method == "POST":
            if "cancel" in request.POST:
                UPLOADS.forget(request, token)
                messages.info(request, _("Import cancelled; nothing was written."))
                return redirect(change_url)
            report = participants_import(**options, commit=True)
            UPLOADS.forget(request, token)
            _report_done(request, report)
            return redirect(change_url)
        report = participants_import(**options)
    except TableError as exc:
        UPLOADS.forget(request, token)
        messages.error(request, exc.message)
        return redirect(reverse("admin:trainings_trainingevent_import", args=[event.pk]))
    contacts = can_see_contacts(request.user)
    # Every row with something to say, then new rows up to the limit, in file order.
    shown = [r for r in report.rows if r.outcome != NEW] + [
        r for r in report.rows if r.outcome == NEW
    ]
    shown = sorted(shown[:PREVIEW_ROW_LIMIT], key=lambda r: r.number)
    return TemplateResponse(
        request,
        "admin/trainings/participant_import_preview.html",
        _context(
            model_admin,
            request,
            title=_("Import participants: preview"),
            event=event,
            report=report,
            counts=report.counts,
            rows=[{"row": r, "summary": r.summary(contacts=contacts)} for r in shown],
            hidden_rows=len(report.rows) - len(shown),
            token=token,
            meta=meta,
            outcome_labels={
                NEW: _("new"),
                UPDATE: _("update"),
                DUPLICATE: _("duplicate"),
                ERROR: _("error"),
            },
            nothing_reason="" if report.writable else _nothing_reason(report),
        ),
    )


def _report_done(request: HttpRequest, report: ImportReport) -> None:
    if not report.committed:
        messages.warning(
            request, _("Nothing was written: %(reason)s") % {"reason": _nothing_reason(report)}
        )
        return
    messages.success(
        request,
        _(
            "Imported from %(file)s: %(created)d "
            "participants added, %(updated)d updated; "
            "%(duplicate)d duplicates and %(error)d rows with errors were not written."
        )
        % {
            "file": report.filename,
            "created": len(report.created_pks),
            "updated": len(report.updated_pks),
            "duplicate": report.counts[DUPLICATE],
            "error": report.counts[ERROR],
        },
    )


def _nothing_reason(report: ImportReport) -> str:
    if report.strict and report.has_errors:
        return _("“All or nothing” was chosen and %(n)d rows have errors.") % {
            "n": report.counts[ERROR]
        }
    return _("no row is new or changed.")


def import_template(request: HttpRequest, model_admin: ModelAdmin, fmt: str) -> HttpResponse:
    """The empty template, with exactly the headers the importer reads (the shared columns)."""
    _check_permission(request)
    try:
        content, content_type, filename = ParticipantImportTemplate(user=request.user).file(fmt)
    except ExportError:
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_urls(model_admin: ModelAdmin) -> list:
    """The URLs to add in ``TrainingEventAdmin.get_urls`` (before the default ones): the
    import's and the attendance grid's."""
    site = model_admin.admin_site

    def wrap(view):
        def wrapper(request, *args, **kwargs):
            return view(request, model_admin, *args, **kwargs)

        return site.admin_view(wrapper)

    return [
        path(
            "import-participants/", wrap(import_upload), name="trainings_trainingevent_import_start"
        ),
        path(
            "import-participants/template.<str:fmt>",
            wrap(import_template),
            name="trainings_trainingevent_import_template",
        ),
        path(
            "import-participants/<str:token>/",
            wrap(import_preview),
            name="trainings_trainingevent_import_preview",
        ),
        path(
            "<path:object_id>/import-participants/",
            wrap(import_upload),
            name="trainings_trainingevent_import",
        ),
        # The attendance grid and the recap PDF (admin_attendance.py).
        path(
            "<path:object_id>/attendance/",
            wrap(attendance_grid_view),
            name="trainings_trainingevent_attendance",
        ),
        path(
            "<path:object_id>/attendance/recap.pdf",
            wrap(attendance_recap_view),
            name="trainings_trainingevent_attendance_recap",
        ),
    ]
