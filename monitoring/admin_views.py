"""Admin pages beside the report list: the reporting rates with the missing reports, and the
sheet import (upload → preview → confirm, as the other imports in the admin).

Every figure is scoped through `.in_scope(user)` and counted in SQL (`monitoring.rates`), so the
rates page costs the same few queries for one regency or the whole country.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tabular import TableError, check_size
from core.uploads import UploadGone, UploadStore
from villages.models import Province, Regency, VillageLibrary
from villages.scoping import scope_of

from .importing import CHANGED, ERROR, NEW, UNCHANGED, reports_import
from .rates import last_due_month, missing_reports, rates, recent_months
from .services import may_edit

UPLOADS = UploadStore("report_imports")
MISSING_PER_PAGE = 50


def _context(model_admin: ModelAdmin, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def _month(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return default


def rates_view(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    """Reporting and on-time rates of the user's region: per regency (or per province for
    national staff) for one month, the last 12 months in total, and the missing reports."""
    scope = scope_of(request.user)
    if scope is None or not model_admin.has_view_permission(request):
        raise PermissionDenied
    month = _month(request.GET.get("month"), last_due_month())
    libraries = VillageLibrary.objects.in_scope(request.user)
    group = "province" if scope.is_national and request.GET.get("by") != "regency" else "regency"
    rows = rates(libraries=libraries, months=[month], group=group)
    region_model = Province if group == "province" else Regency
    names = dict(
        region_model.objects.filter(code__in=[r.region for r in rows]).values_list("code", "name")
    )
    total = rates(libraries=libraries, months=recent_months(12), group=None)
    page = Paginator(missing_reports(request.user, month), MISSING_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "admin/monitoring/rates.html",
        _context(
            model_admin,
            request,
            title=_("Reporting rates"),
            month=month,
            months=recent_months(12),
            group=group,
            rows=[(r, names.get(r.region, r.region or "—")) for r in rows],
            total=total,
            page=page,
        ),
    )


class ReportImportForm(forms.Form):
    month = forms.CharField(
        label=gettext_lazy("Month"), help_text=gettext_lazy("YYYY-MM, e.g. 2026-03"), max_length=7
    )
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("Excel workbook (.xlsx) or CSV.")
    )

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.data_bytes = user, b""

    def clean_month(self):
        try:
            return datetime.datetime.strptime(self.cleaned_data["month"], "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-03.")) from None

    def clean(self):
        cleaned = super().clean()
        upload, month = cleaned.get("file"), cleaned.get("month")
        if upload is None or month is None:
            return cleaned
        try:
            check_size(upload.size)
            data = upload.read()
            reports_import(user=self.user, month=month, data=data, filename=upload.name)
        except TableError as exc:
            raise forms.ValidationError({"file": exc.message}) from None
        self.data_bytes = data
        return cleaned


def _check_import(request: HttpRequest) -> None:
    if not may_edit(request.user):
        raise PermissionDenied


def import_upload(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    _check_import(request)
    form = ReportImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        staged = UPLOADS.put(
            request,
            data=form.data_bytes,
            meta={
                "month": form.cleaned_data["month"].isoformat(),
                "filename": Path(form.cleaned_data["file"].name).name[:200],
            },
        )
        return redirect(
            reverse("admin:monitoring_monthlyreport_import_preview", args=[staged.token])
        )
    return TemplateResponse(
        request,
        "admin/monitoring/import.html",
        _context(model_admin, request, title=_("Import a month's sheet"), form=form),
    )


def import_preview(request: HttpRequest, model_admin: ModelAdmin, token: str) -> HttpResponse:
    _check_import(request)
    try:
        staged = UPLOADS.get(request, token)
    except UploadGone:
        raise Http404(
            _("This import is not (or no longer) available. Upload the file again.")
        ) from None
    month = datetime.date.fromisoformat(staged.meta["month"])
    options = {
        "user": request.user,
        "month": month,
        "data": staged.data,
        "filename": staged.meta["filename"],
    }
    changelist = reverse("admin:monitoring_monthlyreport_changelist")
    try:
        if request.method == "POST":
            UPLOADS.forget(request, token)
            if "cancel" in request.POST:
                messages.info(request, _("Import cancelled; nothing was written."))
                return redirect(changelist)
            result = reports_import(**options, commit=True)
            if result.committed:
                messages.success(
                    request, _("Imported: %(count)d reports written.") % {"count": result.written}
                )
            else:
                messages.warning(request, _("Nothing was written."))
            return redirect(changelist)
        result = reports_import(**options)
    except TableError as exc:
        UPLOADS.forget(request, token)
        messages.error(request, exc.message)
        return redirect(reverse("admin:monitoring_monthlyreport_import"))
    return TemplateResponse(
        request,
        "admin/monitoring/import_preview.html",
        _context(
            model_admin,
            request,
            title=_("Import a month's sheet: preview"),
            result=result,
            meta=staged.meta,
            labels={
                NEW: _("new"),
                CHANGED: _("changed"),
                UNCHANGED: _("unchanged"),
                ERROR: _("error"),
            },
            writable=not result.has_errors and (result.counts[NEW] or result.counts[CHANGED]),
        ),
    )


def admin_urls(model_admin: ModelAdmin) -> list:
    site = model_admin.admin_site

    def wrap(view):
        def wrapper(request, *args, **kwargs):
            return view(request, model_admin, *args, **kwargs)

        return site.admin_view(wrapper)

    return [
        path("rates/", wrap(rates_view), name="monitoring_monthlyreport_rates"),
        path("import/", wrap(import_upload), name="monitoring_monthlyreport_import"),
        path(
            "import/<str:token>/",
            wrap(import_preview),
            name="monitoring_monthlyreport_import_preview",
        ),
    ]
