from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from libportal.admin_safety import CheckedSelectionMixin
from libportal.models import AuditEvent

from .admin_filters import province_filter, regency_filter
from .admin_scoping import ScopedModelAdmin
from .models import District, Province, Regency, UserScope, Village, VillageLibrary
from .scoping import is_national


@admin.register(Province)
class ProvinceAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "regency_count"]
    search_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_regency_count=Count("regencies"))

    @admin.display(description=_("regencies/cities"), ordering="_regency_count")
    def regency_count(self, obj: Province) -> int:
        return obj._regency_count


@admin.register(Regency)
class RegencyAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = [province_filter("province")]
    list_select_related = ["province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province"]


@admin.register(District)
class DistrictAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "regency"]
    list_filter = [province_filter("regency__province"), regency_filter("regency")]
    list_select_related = ["regency"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["regency"]
    show_full_result_count = False


@admin.register(Village)
class VillageAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "kind", "district", "regency", "province"]
    list_filter = ["kind", province_filter("province"), regency_filter("regency")]
    list_select_related = ["district", "regency", "province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["district"]
    readonly_fields = ["regency", "province"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Regency and province are derived from the district, never typed.
        obj.regency_id = obj.district.regency_id
        obj.province_id = obj.district.regency.province_id
        super().save_model(request, obj, form, change)


@admin.register(VillageLibrary)
class VillageLibraryAdmin(ScopedModelAdmin):
    list_display = ["name", "village_code", "district", "regency", "province", "is_active"]
    list_filter = [
        "is_active",
        province_filter("village__province"),
        regency_filter("village__regency"),
    ]
    list_select_related = [
        "village__district",
        "village__regency",
        "village__province",
    ]
    search_fields = ["name", "village__name", "village__code"]
    autocomplete_fields = ["village"]
    prepopulated_fields = {"slug": ["name"]}
    contact_fields = ("phone", "email")
    actions: list = []
    fieldsets = [
        (None, {"fields": ["village", "name", "slug", "is_active"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "address",
                    "manager_name",
                    "founded_year",
                    "collection_size",
                    "opening_hours",
                    "description",
                ]
            },
        ),
        (_("Contact (personal data)"), {"fields": ["phone", "email"]}),
        (_("Location"), {"fields": ["latitude", "longitude"]}),
    ]

    @admin.display(description=_("village code"), ordering="village__code")
    def village_code(self, obj: VillageLibrary) -> str:
        return obj.village.code

    @admin.display(description=_("district"), ordering="village__district__name")
    def district(self, obj: VillageLibrary) -> str:
        return obj.village.district.name

    @admin.display(description=_("regency/city"), ordering="village__regency__name")
    def regency(self, obj: VillageLibrary) -> str:
        return obj.village.regency.name

    @admin.display(description=_("province"), ordering="village__province__name")
    def province(self, obj: VillageLibrary) -> str:
        return obj.village.province.name


class UserScopeInline(admin.StackedInline):
    """Where the user works; no row = sees nothing (villages/scoping.py)."""

    model = UserScope
    can_delete = True
    extra = 0
    max_num = 1
    fields = ["level", "province", "regency"]
    autocomplete_fields = ["province", "regency"]
    verbose_name = _("regional scope")
    verbose_name_plural = _("regional scope (no scope: sees no regional record)")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(CheckedSelectionMixin, UserAdmin):
    """Django's user admin with the regional scope inline. Groups carry the roles."""

    inlines = [*UserAdmin.inlines, UserScopeInline]
    list_display = [*UserAdmin.list_display, "region_scope", "is_active"]
    list_select_related = ["region_scope"]

    @admin.display(description=_("regional scope"))
    def region_scope(self, obj) -> str:
        scope = getattr(obj, "region_scope", None)
        return str(scope) if scope else "–"


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
