from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.localized import english_fieldset

from .admin_filters import province_filter, regency_filter
from .admin_scoping import ScopedModelAdmin
from .models import District, Province, Regency, Village, VillageLibrary
from .scoping import operator_library_id

#: What a library operator may change on their library's profile; the rest (level, region, name,
#: slug, NPP, active) is the coordinators' and read-only for them.
OPERATOR_EDITABLE_FIELDS = (
    "address",
    "manager_name",
    "founded_year",
    "collection_size",
    "opening_hours",
    "description",
    "description_en",
    "phone",
    "email",
    "latitude",
    "longitude",
)


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
    # A village is found by its own name or code, or by its district, regency or province.
    search_fields = ["code", "name", "district__name", "regency__name", "province__name"]
    autocomplete_fields = ["district"]
    readonly_fields = ["regency", "province"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete's labels name the district, regency and province (one join each).
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("district", "regency", "province"), may_have_duplicates


@admin.register(VillageLibrary)
class VillageLibraryAdmin(ScopedModelAdmin):
    list_display = [
        "name",
        "level",
        "region_code",
        "npp",
        "regency_name",
        "province_name",
        "is_active",
    ]
    list_filter = [
        "level",
        "is_active",
        province_filter("province"),
        regency_filter("regency"),
    ]
    list_select_related = ["regency", "province"]
    search_fields = [
        "name",
        "region_code",
        "npp",
        "village__name",
        "village__district__name",
        "regency__name",
        "province__name",
    ]

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete's labels name the regency and province (one join each).
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("regency", "province"), may_have_duplicates

    autocomplete_fields = ["village", "regency", "province"]
    prepopulated_fields = {"slug": ["name"]}
    contact_fields = ("phone", "email")
    actions: list = []
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "level",
                    "village",
                    "regency",
                    "province",
                    "name",
                    "slug",
                    "npp",
                    "is_active",
                ]
            },
        ),
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
        english_fieldset("description_en"),
    ]

    def _is_operator(self, request) -> bool:
        return operator_library_id(request.user) is not None

    def hidden_fields(self, request) -> set[str]:
        # An operator keeps their own library's contacts (its manager's): the only library
        # they can open is theirs, so they see and edit them without the contacts permission.
        if self._is_operator(request):
            return set()
        return super().hidden_fields(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._is_operator(request):
            fields = [f for _name, opts in self.fieldsets for f in opts["fields"]]
            readonly += [f for f in fields if f not in OPERATOR_EDITABLE_FIELDS]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self._is_operator(request) else super().get_prepopulated_fields(request, obj)

    def get_list_filter(self, request):
        # One library: no region filters for an operator.
        return ["level"] if self._is_operator(request) else super().get_list_filter(request)

    @admin.display(description=_("regency/city"), ordering="regency__name")
    def regency_name(self, obj: VillageLibrary) -> str:
        return obj.regency.name if obj.regency_id else ""

    @admin.display(description=_("province"), ordering="province__name")
    def province_name(self, obj: VillageLibrary) -> str:
        return obj.province.name


# The literacy index's admin and import pages.
from . import admin_indicators  # noqa: E402, F401
