"""The admin of people and of the audit trail: who works where, with which role, and the bulk
operations they ran. Access is granted only through `portal.services.user_access_grant`, the same
service as `manage.py grant_scope`."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin_safety import CheckedSelectionMixin
from core.models import AuditEvent
from villages.models import Province, Regency, UserScope, VillageLibrary
from villages.scoping import is_national

from .roles import CONTACT_DATA, HEALTH_DATA, VIEWER
from .services import (
    ROLE_COORDINATOR,
    ROLE_VIEWER,
    scope_build,
    user_access_grant,
    user_access_revoke,
)

NO_ACCESS = ""


class UserAccessForm(UserChangeForm):
    """Django's user form plus the user's access: level, region, role, protected data."""

    access_level = forms.ChoiceField(
        label=_("regional scope"),
        required=False,
        choices=[(NO_ACCESS, _("none (sees no regional record)")), *UserScope.Level.choices],
    )
    access_province = forms.ModelChoiceField(
        label=_("province"),
        queryset=Province.objects.order_by("code"),
        required=False,
        widget=AutocompleteSelect(UserScope._meta.get_field("province"), admin.site),
    )
    access_regency = forms.ModelChoiceField(
        label=_("regency/city"),
        queryset=Regency.objects.order_by("code"),
        required=False,
        widget=AutocompleteSelect(UserScope._meta.get_field("regency"), admin.site),
    )
    access_library = forms.ModelChoiceField(
        label=_("library"),
        queryset=VillageLibrary.objects.order_by("name"),
        required=False,
        widget=AutocompleteSelect(UserScope._meta.get_field("library"), admin.site),
        help_text=_("For a library operator: the one library whose profile and reports they keep."),
    )
    access_role = forms.ChoiceField(
        label=_("role"),
        choices=[
            (ROLE_COORDINATOR, _("coordinator (nationally: national administrator)")),
            (ROLE_VIEWER, _("viewer (reads only)")),
        ],
    )
    access_contacts = forms.BooleanField(label=_("may see contact data"), required=False)
    access_health = forms.BooleanField(label=_("may see health data"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.instance
        if user.pk is None:
            return
        scope = UserScope.objects.filter(user=user).first()
        groups = set(user.groups.values_list("name", flat=True))
        self.initial.update(
            access_level=scope.level if scope else NO_ACCESS,
            access_province=scope.province_id if scope else None,
            access_regency=scope.regency_id if scope else None,
            access_library=scope.library_id if scope else None,
            access_role=ROLE_VIEWER if VIEWER in groups else ROLE_COORDINATOR,
            access_contacts=CONTACT_DATA in groups,
            access_health=HEALTH_DATA in groups,
        )

    def clean(self):
        data = super().clean()
        level = data.get("access_level")
        if level:
            province, regency = data.get("access_province"), data.get("access_regency")
            library = data.get("access_library")
            code = ""
            if level == UserScope.Level.PROVINCE and province:
                code = province.code
            elif level == UserScope.Level.REGENCY and regency:
                code = regency.code
            elif level == UserScope.Level.LIBRARY:
                if library is None:
                    self.add_error("access_library", _("Choose the library."))
                    return data
                code = library.slug
            try:
                scope_build(level=level, code=code)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(f"access_{field}" if field != "__all__" else None, messages)
            data["access_code"] = code
        return data


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(CheckedSelectionMixin, UserAdmin):
    """Django's user admin with the user's access (scope, role, protected data)."""

    form = UserAccessForm
    list_display = [*UserAdmin.list_display, "region_scope", "is_active"]
    list_select_related = ["region_scope"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            _("Access"),
            {
                "fields": [
                    "access_level",
                    "access_province",
                    "access_regency",
                    "access_library",
                    "access_role",
                    "access_contacts",
                    "access_health",
                ],
                "description": _(
                    "Where the user works and what they may do. No scope: they see no "
                    "regional record."
                ),
            },
        ),
    ]

    @admin.display(description=_("regional scope"))
    def region_scope(self, obj) -> str:
        scope = getattr(obj, "region_scope", None)
        return str(scope) if scope else "–"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        data = form.cleaned_data
        if "access_level" not in data:
            return  # the add form: access is set on the change page that follows
        if data["access_level"]:
            user_access_grant(
                user=form.instance,
                level=data["access_level"],
                code=data.get("access_code", ""),
                role=data["access_role"],
                contacts=data["access_contacts"],
                health=data["access_health"],
            )
        else:
            user_access_revoke(user=form.instance)


@admin.register(AuditEvent)
class AuditEventAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    """Bulk operations (admin actions, imports, exports). Read-only; national staff only,
    coordinators see them on each record's history page."""

    list_display = ["timestamp", "action", "content_type", "row_count", "user"]
    list_filter = ["action", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["action", "user__username"]
    readonly_fields = [
        "timestamp",
        "user",
        "action",
        "content_type",
        "row_count",
        "detail",
        "row_ids",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if is_national(request.user) else qs.none()

    def has_module_permission(self, request):
        return is_national(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_national(request.user) and super().has_view_permission(request, obj)

    @admin.display(description=_("record ids"))
    def row_ids(self, obj: AuditEvent) -> str:
        return ", ".join(obj.rows.values_list("object_id", flat=True)[:1000])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Admin pages of their own modules, installed on admin.site: personal data, API tokens.
from . import admin_audit, admin_privacy, admin_tokens, scheduled_exports_admin  # noqa: E402, F401
