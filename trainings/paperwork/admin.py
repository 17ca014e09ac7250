"""The certificates' admin: a read-only list (certificates are issued by the service, never
typed), each with its PDF and its public check, and the "revoke" action that asks a reason.

Registered from `trainings.apps.TrainingsConfig.ready` (autodiscover imports only
trainings/admin.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from trainings.models import Certificate, TrainingEvent
from villages.admin_filters import chosen_object_filter
from villages.admin_scoping import ScopedModelAdmin

from .services import certificate_revoke


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=1000,
        help_text=_("Kept in the certificate's history; not shown on the public page."),
    )


class RevokedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("no", _("valid")), ("yes", _("revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(Certificate)
class CertificateAdmin(ScopedModelAdmin):
    list_display = ["number", "participant", "event", "issued_at", "status", "links"]
    list_filter = [chosen_object_filter("event", TrainingEvent, _("event")), RevokedFilter]
    list_select_related = ["participant", "event"]
    search_fields = ["number", "code", "participant__full_name"]
    readonly_fields = [
        "event",
        "participant",
        "sequence",
        "number",
        "code",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
        "links",
    ]
    fields = readonly_fields
    actions = ["revoke"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False  # issued by the service (the event's certificates), never typed

    def has_delete_permission(self, request, obj=None):
        return False  # a certificate is revoked, not deleted: its code must keep answering

    def has_change_permission(self, request, obj=None):
        return False  # read-only page; revoking is the action below

    @admin.display(description=_("status"), ordering="revoked_at")
    def status(self, obj: Certificate) -> str:
        return _("revoked") if obj.is_revoked else _("valid")

    @admin.display(description=_("documents"))
    def links(self, obj: Certificate) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("paperwork:participant-certificate", kwargs={"pk": obj.participant_id}),
            _("PDF"),
            obj.get_absolute_url(),
            _("public check"),
        )

    @admin.action(description=_("Revoke selected certificates…"))
    def revoke(self, request, queryset):
        if not request.user.has_perm("trainings.change_certificate"):
            raise PermissionDenied
        queryset = queryset.filter(revoked_at__isnull=True).select_related("event", "participant")
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for certificate in queryset:
                try:
                    certificate_revoke(
                        certificate=certificate,
                        reason=form.cleaned_data["reason"],
                        user=request.user,
                    )
                    done += 1
                except (ValidationError, PermissionDenied) as error:
                    message = getattr(error, "messages", None) or [str(error)]
                    self.message_user(
                        request, f"{certificate.number}: {' '.join(message)}", messages.ERROR
                    )
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d certificate revoked.",
                        "%(count)d certificates revoked.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke certificates"),
            "opts": self.model._meta,
            "queryset": queryset,
            "count": queryset.count(),
            "form": form,
            "action": "revoke",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/paperwork/revoke.html", context)
