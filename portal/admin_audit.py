"""The audit admin and the user list in the reader's language (issue 16).

Imported at the end of portal/admin.py; it re-registers two admins defined there with:

- audit records: action labels ("impor", not "import") in the list, its filter and the record
  page; the type filter lists only the portal's own kinds of record (no third-party ones such
  as django-axes' "access attempt expiration");
- users: the scope by region name ("Kabupaten/Kota: Kabupaten Badung", not "51.03") and a
  "send invitation" action (an e-mail with a set-password link, portal/onboarding.py).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.audit_labels import ACTION_LABELS, action_label
from core.models import AuditEvent

from .admin import AuditEventAdmin, ScopedUserAdmin
from .onboarding import send_invitation

#: Apps whose records the audit filter offers: the portal's own.
PORTAL_APPS = ("core", "villages", "programs", "trainings", "monitoring", "portal", "auth")


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class RecordTypeFilter(admin.SimpleListFilter):
    title = _("type of record")
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        used = model_admin.get_queryset(request).values_list("content_type", flat=True)
        types = ContentType.objects.filter(pk__in=used.distinct(), app_label__in=PORTAL_APPS)
        return sorted(((str(ct.pk), str(ct)) for ct in types), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit():
            return queryset.none()
        return queryset.filter(content_type_id=int(self.value()))


class LabelledAuditEventAdmin(AuditEventAdmin):
    list_display = ["timestamp", "action_name", "content_type", "row_count", "user"]
    list_filter = [ActionFilter, RecordTypeFilter]
    readonly_fields = [
        "timestamp",
        "user",
        "action_name",
        "content_type",
        "row_count",
        "detail",
        "row_ids",
    ]
    fields = readonly_fields

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, obj: AuditEvent) -> str:
        return action_label(obj.action)

    def get_search_results(self, request, queryset, search_term):
        # A typed label ("impor") finds its code too.
        results, distinct = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().casefold()
        codes = [
            code for code, label in ACTION_LABELS.items() if term and term in str(label).casefold()
        ]
        if codes:
            results = results | queryset.filter(action__in=codes)
        return results, distinct


class InvitingUserAdmin(ScopedUserAdmin):
    list_display = [
        name if name != "region_scope" else "region_scope_name"
        for name in ScopedUserAdmin.list_display
    ]
    list_select_related = [
        "region_scope__province",
        "region_scope__regency",
        "region_scope__library",
    ]
    actions = ["send_invitation"]

    @admin.display(description=_("regional scope"))
    def region_scope_name(self, obj) -> str:
        scope = getattr(obj, "region_scope", None)
        if scope is None:
            return "–"
        place = {
            "province": scope.province,
            "regency": scope.regency,
            "library": scope.library,
        }.get(scope.level)
        level = scope.get_level_display()
        return f"{level}: {place}" if place is not None else str(level)

    @admin.action(description=_("Send an invitation (set-password link by e-mail)"))
    def send_invitation(self, request, queryset):
        if not self.has_change_permission(request):
            return
        sent, refused = 0, []
        for user in queryset:
            try:
                send_invitation(
                    user, invited_by=request.user, base_url=request.build_absolute_uri("/")
                )
            except ValidationError as error:
                refused.extend(error.messages)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)
        if not sent and not refused:
            self.message_user(request, gettext("No user chosen."), messages.WARNING)


admin.site.unregister(AuditEvent)
admin.site.register(AuditEvent, LabelledAuditEventAdmin)
User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, InvitingUserAdmin)
