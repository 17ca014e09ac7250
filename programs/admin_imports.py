"""The admin's "Import a decree's annex" pages: upload → preview → confirm, on a program cycle.

Wired into ``ProgramCycleAdmin.get_urls`` (programs/admin.py) with :func:`import_urls`; the flow
mirrors the participant import's (trainings/admin_imports.py). The rules live in
:mod:`programs.importing` (``beneficiaries_import``, the engine the command uses): it refuses
users who may not take the national "select" step, and the pages check the same thing first so
a coordinator gets a 403 rather than a form. The upload waits between the preview and the
confirmation in :mod:`core.uploads`; confirming makes the plan again inside the transaction (the
preview shown to the user is never trusted), and then forgets the upload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.importing import DUPLICATE, ERROR, NEW
from core.tabular import TableError, check_size, setting
from core.uploads import UploadGone, UploadStore

from .importing import ANNEX_COLUMNS, AnnexReport, beneficiaries_import
from .models import ProgramCycle
from .services import step_allowed

UPLOADS = UploadStore("annex_imports")
#: The preview page lists at most this many rows (all counts are always shown).
PREVIEW_ROW_LIMIT = 500


def may_import_annex(user: Any) -> bool:
    """An annex is the national selection: the same check as the service's."""
    return step_allowed(user, "select")


def _check_permission(request: HttpRequest) -> None:
    if not may_import_annex(request.user):
        raise PermissionDenied


class AnnexImportForm(forms.Form):
    """The file (read and planned here, so an unusable file is a form error) and the option."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel workbook (.xlsx) or CSV, up to %(limit)s."),
    )
    strict = forms.BooleanField(
        label=gettext_lazy("All or nothing"),
        required=False,
        help_text=gettext_lazy("Write nothing if any row has an error."),
    )

    def __init__(self, *args, user: Any, cycle: ProgramCycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.cycle = user, cycle
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "limit": filesizeformat(setting("IMPORT_MAX_BYTES"))
        }
        self.data_bytes: bytes = b""

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            check_size(upload.size)
            data = upload.read()
            beneficiaries_import(
                cycle=self.cycle,
                user=self.user,
                data=data,
                filename=Path(upload.name).name,
                strict=cleaned.get("strict", False),
            )
        except TableError as exc:  # ImportRefused included
            raise forms.ValidationError({"file": exc.message}) from None
        self.data_bytes = data
        return cleaned


def _context(model_admin: ModelAdmin, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def _cycle(object_id: str) -> ProgramCycle:
    cycle = None
    if str(object_id).isdigit():
        cycle = ProgramCycle.objects.select_related("program").filter(pk=object_id).first()
    if cycle is None:
        raise Http404(_("No such program cycle."))
    return cycle


def import_upload(request: HttpRequest, model_admin: ModelAdmin, object_id: str) -> HttpResponse:
    """Step 1: choose the annex for the cycle."""
    _check_permission(request)
    cycle = _cycle(object_id)
    form = AnnexImportForm(
        request.POST or None, request.FILES or None, user=request.user, cycle=cycle
    )
    if request.method == "POST" and form.is_valid():
        staged = UPLOADS.put(
            request,
            data=form.data_bytes,
            meta={
                "cycle": cycle.pk,
                "filename": Path(form.cleaned_data["file"].name).name[:200],
                "strict": form.cleaned_data["strict"],
            },
        )
        return redirect(reverse("admin:programs_programcycle_annex_preview", args=[staged.token]))
    return TemplateResponse(
        request,
        "admin/programs/annex_import.html",
        _context(
            model_admin,
            request,
            title=_("Import a decree's annex"),
            cycle=cycle,
            form=form,
            headers=[c.header_id for c in ANNEX_COLUMNS],
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
    cycle = _cycle(str(meta.get("cycle", "")))
    options = {
        "cycle": cycle,
        "user": request.user,
        "data": staged.data,
        "filename": meta["filename"],
        "strict": meta["strict"],
    }
    change_url = reverse("admin:programs_programcycle_change", args=[cycle.pk])
    try:
        if request.method == "POST":
            if "cancel" in request.POST:
                UPLOADS.forget(request, token)
                messages.info(request, _("Import cancelled; nothing was written."))
                return redirect(change_url)
            report = beneficiaries_import(**options, commit=True)
            UPLOADS.forget(request, token)
            _report_done(request, report)
            return redirect(change_url)
        report = beneficiaries_import(**options)
    except TableError as exc:
        UPLOADS.forget(request, token)
        messages.error(request, exc.message)
        return redirect(reverse("admin:programs_programcycle_annex", args=[cycle.pk]))
    # Every row with something to say, then new rows up to the limit, in file order.
    shown = [r for r in report.rows if r.outcome != NEW or r.messages] + [
        r for r in report.rows if r.outcome == NEW and not r.messages
    ]
    shown = sorted(shown[:PREVIEW_ROW_LIMIT], key=lambda r: r.number)
    return TemplateResponse(
        request,
        "admin/programs/annex_import_preview.html",
        _context(
            model_admin,
            request,
            title=_("Import a decree's annex: preview"),
            cycle=cycle,
            report=report,
            counts=report.counts,
            rows=shown,
            hidden_rows=len(report.rows) - len(shown),
            token=token,
            meta=meta,
            outcome_labels={NEW: _("new"), DUPLICATE: _("duplicate"), ERROR: _("error")},
            nothing_reason="" if report.writable else _nothing_reason(report),
        ),
    )


def _report_done(request: HttpRequest, report: AnnexReport) -> None:
    if not report.committed:
        messages.warning(
            request, _("Nothing was written: %(reason)s") % {"reason": _nothing_reason(report)}
        )
        return
    messages.success(
        request,
        _(
            "Imported from %(file)s: %(created)d beneficiaries selected, %(libraries)d libraries "
            "created; %(duplicate)d duplicates and %(error)d rows with errors were not written."
        )
        % {
            "file": report.filename,
            "created": len(report.created_pks),
            "libraries": len(report.libraries_created),
            "duplicate": report.counts[DUPLICATE],
            "error": report.counts[ERROR],
        },
    )


def _nothing_reason(report: AnnexReport) -> str:
    if report.strict and report.has_errors:
        return _("“All or nothing” was chosen and %(n)d rows have errors.") % {
            "n": report.counts[ERROR]
        }
    return _("no row is new.")


def import_urls(model_admin: ModelAdmin) -> list:
    """The URLs to add in ``ProgramCycleAdmin.get_urls`` (before the default ones)."""
    site = model_admin.admin_site

    def wrap(view):
        def wrapper(request, *args, **kwargs):
            return view(request, model_admin, *args, **kwargs)

        return site.admin_view(wrapper)

    return [
        path(
            "import-annex/<str:token>/",
            wrap(import_preview),
            name="programs_programcycle_annex_preview",
        ),
        path(
            "<path:object_id>/import-annex/",
            wrap(import_upload),
            name="programs_programcycle_annex",
        ),
    ]
