"""The admin of the literacy index (IPLM) and its import pages: upload → preview → confirm.

The flow is the decree annex's (programs/admin_imports.py): the rules live in
`villages.indicator_import` (the engine the command uses); the pages check the same permission
first, so a regional coordinator gets a 403 rather than a form. The upload waits between the
preview and the confirmation in `core.uploads`; confirming makes the plan again inside the
transaction, then forgets the upload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.importing import ERROR
from core.tabular import TableError, check_size, setting
from core.uploads import UploadGone, UploadStore

from .admin_filters import province_filter
from .admin_scoping import ScopedModelAdmin
from .indicator_import import (
    COLUMNS,
    NEW,
    UNCHANGED,
    UPDATE,
    IndexReport,
    indicators_import,
    may_import_indicators,
)
from .models import LiteracyIndex

UPLOADS = UploadStore("iplm_imports")
PREVIEW_ROW_LIMIT = 600


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel workbook (.xlsx) or CSV, up to %(limit)s."),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Where the figures are published (default: the file name)."),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=gettext_lazy("Only if the file has no “Tahun” column."),
    )

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
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
            indicators_import(
                user=self.user,
                data=data,
                filename=Path(upload.name).name,
                source=cleaned.get("source") or "",
                year=cleaned.get("year"),
            )
        except TableError as exc:  # ImportRefused included
            raise forms.ValidationError({"file": exc.message}) from None
        self.data_bytes = data
        return cleaned


@admin.register(LiteracyIndex)
class LiteracyIndexAdmin(ScopedModelAdmin):
    """Published figures: national staff edit and import them, coordinators read them."""

    list_display = ["region", "year", "value", "category", "is_sample", "source"]
    list_filter = ["year", "category", "is_sample", province_filter("province")]
    list_select_related = ["province", "regency"]
    search_fields = ["regency__name", "province__name", "regency__code", "province__code"]
    autocomplete_fields = ["province", "regency"]
    change_list_template = "admin/villages/literacyindex/change_list.html"

    @admin.display(description=_("region"), ordering="regency__name")
    def region(self, obj: LiteracyIndex) -> str:
        return str(obj.regency or obj.province)

    def changelist_view(self, request, extra_context=None):
        context = dict(extra_context or {})
        if may_import_indicators(request.user):
            context["import_url"] = reverse("admin:villages_literacyindex_import")
        return super().changelist_view(request, extra_context=context)

    def get_urls(self):
        def wrap(view):
            def wrapper(request, *args, **kwargs):
                return view(request, self, *args, **kwargs)

            return self.admin_site.admin_view(wrapper)

        own = [
            path("import/", wrap(import_upload), name="villages_literacyindex_import"),
            path(
                "import/<str:token>/",
                wrap(import_preview),
                name="villages_literacyindex_import_preview",
            ),
        ]
        return own + super().get_urls()


def _check_permission(request: HttpRequest) -> None:
    if not may_import_indicators(request.user):
        raise PermissionDenied


def _context(model_admin, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def import_upload(request: HttpRequest, model_admin) -> HttpResponse:
    """Step 1: choose the published table."""
    _check_permission(request)
    form = IndicatorImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        staged = UPLOADS.put(
            request,
            data=form.data_bytes,
            meta={
                "filename": Path(form.cleaned_data["file"].name).name[:200],
                "source": form.cleaned_data.get("source") or "",
                "year": form.cleaned_data.get("year"),
            },
        )
        return redirect(reverse("admin:villages_literacyindex_import_preview", args=[staged.token]))
    return TemplateResponse(
        request,
        "admin/villages/literacyindex/import.html",
        _context(
            model_admin,
            request,
            title=_("Import the literacy index (IPLM)"),
            form=form,
            headers=[c.header_id for c in COLUMNS],
        ),
    )


def import_preview(request: HttpRequest, model_admin, token: str) -> HttpResponse:
    """Step 2 (GET): what each row would do. Step 3 (POST): do it, in one transaction."""
    _check_permission(request)
    try:
        staged = UPLOADS.get(request, token)
    except UploadGone:
        raise Http404(
            _("This import is not (or no longer) available. Upload the file again.")
        ) from None
    meta = staged.meta
    options = {
        "user": request.user,
        "data": staged.data,
        "filename": meta["filename"],
        "source": meta.get("source") or "",
        "year": meta.get("year"),
    }
    changelist = reverse("admin:villages_literacyindex_changelist")
    try:
        if request.method == "POST":
            UPLOADS.forget(request, token)
            if "cancel" in request.POST:
                messages.info(request, _("Import cancelled; nothing was written."))
                return redirect(changelist)
            report = indicators_import(**options, commit=True)
            _report_done(request, report)
            return redirect(changelist)
        report = indicators_import(**options)
    except TableError as exc:
        UPLOADS.forget(request, token)
        messages.error(request, exc.message)
        return redirect(reverse("admin:villages_literacyindex_import"))
    shown = sorted(
        [r for r in report.rows if r.outcome == ERROR or r.messages][:PREVIEW_ROW_LIMIT]
        + [r for r in report.rows if r.outcome != ERROR and not r.messages][:PREVIEW_ROW_LIMIT],
        key=lambda r: r.number,
    )[:PREVIEW_ROW_LIMIT]
    return TemplateResponse(
        request,
        "admin/villages/literacyindex/import_preview.html",
        _context(
            model_admin,
            request,
            title=_("Import the literacy index (IPLM): preview"),
            report=report,
            rows=shown,
            hidden_rows=len(report.rows) - len(shown),
            counts=report.counts,
            meta=meta,
            token=token,
            outcome_labels=_outcome_labels(),
        ),
    )


def _outcome_labels() -> dict[str, str]:
    return {NEW: _("new"), UPDATE: _("update"), UNCHANGED: _("unchanged"), ERROR: _("error")}


def _report_done(request: HttpRequest, report: IndexReport) -> None:
    counts = report.counts
    if not report.committed:
        messages.warning(
            request,
            _("Nothing was written: %(errors)d rows have errors (all or nothing).")
            % {"errors": counts[ERROR]}
            if report.has_errors
            else _("Nothing was written: every value is already stored as it is."),
        )
        return
    messages.success(
        request,
        _(
            "Imported from %(file)s: %(new)d new values, %(update)d updated, "
            "%(unchanged)d unchanged."
        )
        % {
            "file": report.filename,
            "new": counts[NEW],
            "update": counts[UPDATE],
            "unchanged": counts[UNCHANGED],
        },
    )
