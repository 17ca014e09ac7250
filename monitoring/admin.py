"""The coordinators' admin for monthly reports: the list with filters, approve and reopen, the
reporting-rate page with the missing reports, and the sheet import (admin_views.py).

Figures are written only through the services (the staff form, the import); here a report is
read, approved or reopened, so the admin's change form is read-only.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from villages.admin_filters import province_filter, regency_filter
from villages.admin_scoping import ScopedInlineMixin, ScopedModelAdmin

from .admin_views import admin_urls
from .models import MonthlyReport, ReportActivity, ReportPhoto
from .services import FIGURES, may_approve, report_reopen, reports_approve


class _ReadOnlyInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportActivityInline(_ReadOnlyInline):
    model = ReportActivity
    fields = ["date", "kind", "title", "participants_women", "participants_men", "partners"]
    readonly_fields = fields


class ReportPhotoInline(_ReadOnlyInline):
    model = ReportPhoto
    fields = ["caption", "is_public", "created"]
    readonly_fields = fields


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is it reopened?"), max_length=300)


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ScopedModelAdmin):
    list_display = [
        "library",
        "month_display",
        "status",
        "visitors",
        "activities_total",
        "submitted_at",
        "on_time_display",
        "approved_at",
    ]
    list_filter = [
        "status",
        "month",
        province_filter("library__province"),
        regency_filter("library__regency"),
        "is_sample",
    ]
    list_select_related = ["library"]
    search_fields = ["library__name", "library__village__name", "library__region_code"]
    date_hierarchy = "month"
    fields = [
        "library",
        "month",
        "due_on",
        "status",
        *FIGURES,
        "activities_total",
        "participants_women",
        "participants_men",
        "notes",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
        "is_sample",
    ]
    readonly_fields = fields
    inlines = [ReportActivityInline, ReportPhotoInline]
    actions = ["approve", "reopen"]

    def get_urls(self):
        return admin_urls(self) + super().get_urls()

    def has_add_permission(self, request):
        return False  # reports are written on the staff form or imported

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_approve(request.user):
            actions.pop("approve", None)
            actions.pop("reopen", None)
        return actions

    @admin.display(description=_("month"), ordering="month")
    def month_display(self, obj):
        return obj.month.strftime("%Y-%m")

    @admin.display(description=_("visitors"))
    def visitors(self, obj):
        return obj.visitors

    @admin.display(description=_("on time"), boolean=True)
    def on_time_display(self, obj):
        return obj.on_time if obj.submitted_at else None

    @admin.action(description=_("Approve the selected submitted reports"), permissions=["change"])
    def approve(self, request, queryset):
        try:
            count = reports_approve(user=request.user, reports=list(queryset))
        except (ValidationError, PermissionDenied) as error:
            self.message_user(
                request, "; ".join(getattr(error, "messages", None) or [str(error)]), "error"
            )
            return
        self.message_user(request, _("%(count)d reports approved.") % {"count": count})

    @admin.action(
        description=_("Reopen the selected reports for correction"), permissions=["change"]
    )
    def reopen(self, request, queryset):
        form = ReopenForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            try:
                with transaction.atomic():  # all of them or none
                    for report in queryset[:200]:
                        report_reopen(
                            user=request.user, report=report, reason=form.cleaned_data["reason"]
                        )
                        done += 1
            except (ValidationError, PermissionDenied) as error:
                done = 0
                self.message_user(
                    request, "; ".join(getattr(error, "messages", None) or [str(error)]), "error"
                )
            if done:
                self.message_user(request, _("%(count)d reports reopened.") % {"count": done})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reopen the selected reports for correction"),
            "opts": self.model._meta,
            "queryset": queryset.select_related("library")[:200],
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/monitoring/reopen.html", context)
