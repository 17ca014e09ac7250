from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin_safety import CheckedSelectionMixin
from villages.admin_filters import province_filter, regency_filter
from villages.admin_scoping import ScopedInlineMixin, ScopedModelAdmin

from .admin_exports import beneficiary_export_actions
from .models import Beneficiary, Institution, Official, Program, ProgramCycle
from .services import beneficiary_bulk_set_status


@admin.register(Institution)
class InstitutionAdmin(ScopedModelAdmin):
    list_display = ["name", "short_name", "level", "province", "regency"]
    list_filter = ["level", province_filter("province")]
    list_select_related = ["province", "regency"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["province", "regency"]


@admin.register(Official)
class OfficialAdmin(ScopedModelAdmin):
    list_display = ["name", "position", "institution"]
    list_filter = ["institution__level"]
    list_select_related = ["institution"]
    search_fields = ["name", "position", "institution__name"]
    autocomplete_fields = ["institution"]


class ProgramCycleInline(admin.TabularInline):
    model = ProgramCycle
    extra = 0
    fields = ["year", "target_provinces", "target_libraries"]
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    # Annotated counts add a GROUP BY, which drops Meta.ordering: paginate in a stable order.
    ordering = ["name"]
    list_display = ["name", "code", "institution", "cycle_count"]
    list_select_related = ["institution"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["institution"]
    inlines = [ProgramCycleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_cycle_count=Count("cycles"))

    @admin.display(description=_("cycles"), ordering="_cycle_count")
    def cycle_count(self, obj: Program) -> int:
        return obj._cycle_count


class BeneficiaryInline(ScopedInlineMixin, admin.TabularInline):
    model = Beneficiary
    extra = 0
    fields = ["library", "status", "selected_on"]
    autocomplete_fields = ["library"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("library")


@admin.register(ProgramCycle)
class ProgramCycleAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    # Annotated counts add a GROUP BY, which drops Meta.ordering: paginate in a stable order.
    ordering = ["-year", "program__name"]
    list_display = [
        "__str__",
        "year",
        "target_provinces",
        "target_libraries",
        "beneficiary_count",
        "event_count",
    ]
    list_filter = ["program"]
    list_select_related = ["program"]
    search_fields = ["program__name", "program__code", "year"]
    inlines = [BeneficiaryInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _beneficiary_count=Count("beneficiaries", distinct=True),
                _event_count=Count("events", distinct=True),
            )
        )

    @admin.display(description=_("beneficiaries"), ordering="_beneficiary_count")
    def beneficiary_count(self, obj: ProgramCycle) -> int:
        return obj._beneficiary_count

    @admin.display(description=_("events"), ordering="_event_count")
    def event_count(self, obj: ProgramCycle) -> int:
        return obj._event_count


@admin.register(Beneficiary)
class BeneficiaryAdmin(ScopedModelAdmin):
    list_display = [
        "library",
        "village_code",
        "regency",
        "province",
        "cycle",
        "status",
        "selected_on",
    ]
    list_filter = [
        "cycle__year",
        "status",
        province_filter("library__village__province"),
        regency_filter("library__village__regency"),
    ]
    list_select_related = [
        "cycle__program",
        "library__village__regency",
        "library__village__province",
    ]
    search_fields = ["library__name", "library__village__name", "library__village__code"]
    autocomplete_fields = ["library", "cycle"]
    date_hierarchy = "selected_on"
    actions = ["mark_active", "mark_completed", "mark_withdrawn", *beneficiary_export_actions]

    def _set_status(self, request, queryset, status: str) -> None:
        try:
            count = beneficiary_bulk_set_status(
                user=request.user, beneficiaries=queryset, status=status
            )
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), level="error")
            return
        self.message_user(
            request,
            _("%(count)d beneficiaries set to “%(status)s”.")
            % {"count": count, "status": Beneficiary.Status(status).label},
        )

    @admin.action(description=_("Mark selected beneficiaries as active"), permissions=["change"])
    def mark_active(self, request, queryset):
        self._set_status(request, queryset, Beneficiary.Status.ACTIVE)

    @admin.action(description=_("Mark selected beneficiaries as completed"), permissions=["change"])
    def mark_completed(self, request, queryset):
        self._set_status(request, queryset, Beneficiary.Status.COMPLETED)

    @admin.action(description=_("Mark selected beneficiaries as withdrawn"), permissions=["change"])
    def mark_withdrawn(self, request, queryset):
        self._set_status(request, queryset, Beneficiary.Status.WITHDRAWN)

    @admin.display(description=_("village code"), ordering="library__village__code")
    def village_code(self, obj: Beneficiary) -> str:
        return obj.library.village.code

    @admin.display(description=_("regency/city"), ordering="library__village__regency__name")
    def regency(self, obj: Beneficiary) -> str:
        return obj.library.village.regency.name

    @admin.display(description=_("province"), ordering="library__village__province__name")
    def province(self, obj: Beneficiary) -> str:
        return obj.library.village.province.name
