from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_safety import CappedInlineMixin, CheckedSelectionMixin
from core.localized import english_fieldset
from villages.admin_filters import chosen_object_filter, province_filter, regency_filter
from villages.admin_scoping import ScopedInlineMixin, ScopedModelAdmin

from .admin_exports import beneficiary_export_actions
from .admin_imports import import_urls, may_import_annex
from .models import (
    PUBLIC_STATUSES,
    AidPackage,
    AidPackageItem,
    Beneficiary,
    BeneficiaryDocument,
    Delivery,
    DeliveryItem,
    Institution,
    Official,
    Program,
    ProgramCycle,
    ProvinceQuota,
    SelectionDecree,
)
from .selectors import cycle_quota_progress
from .services import (
    STEPS,
    beneficiaries_activate,
    beneficiaries_complete,
    beneficiaries_select,
    beneficiaries_verify,
    beneficiaries_withdraw,
    step_allowed,
)


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


class ProgramCycleInline(CappedInlineMixin, admin.TabularInline):
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
    fieldsets = [
        (None, {"fields": ["name", "code", "institution", "description"]}),
        english_fieldset("description_en"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_cycle_count=Count("cycles"))

    @admin.display(description=_("cycles"), ordering="_cycle_count")
    def cycle_count(self, obj: Program) -> int:
        return obj._cycle_count


class ProvinceQuotaInline(CappedInlineMixin, admin.TabularInline):
    model = ProvinceQuota
    extra = 0
    # One row per province at most: all 38 fit, and the cap still bounds the page.
    max_rows = 40
    fields = ["province", "target_libraries"]
    autocomplete_fields = ["province"]


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
        "selected_count",
        "event_count",
    ]
    list_filter = ["program"]
    list_select_related = ["program"]
    search_fields = ["program__name", "program__code", "year"]
    readonly_fields = ["quota_progress"]
    # Beneficiaries are proposed and moved through the workflow in their own list, not inline.
    inlines = [ProvinceQuotaInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _beneficiary_count=Count("beneficiaries", distinct=True),
                _selected_count=Count(
                    "beneficiaries",
                    filter=Q(
                        beneficiaries__status__in=PUBLIC_STATUSES,
                        beneficiaries__track=Beneficiary.Track.CENTRAL,
                    ),
                    distinct=True,
                ),
                _event_count=Count("events", distinct=True),
            )
        )

    @admin.display(description=_("beneficiaries"), ordering="_beneficiary_count")
    def beneficiary_count(self, obj: ProgramCycle) -> int:
        return obj._beneficiary_count

    @admin.display(description=_("selected"), ordering="_selected_count")
    def selected_count(self, obj: ProgramCycle) -> int:
        return obj._selected_count

    @admin.display(description=_("events"), ordering="_event_count")
    def event_count(self, obj: ProgramCycle) -> int:
        return obj._event_count

    @admin.display(description=_("progress against the province quotas"))
    def quota_progress(self, obj: ProgramCycle) -> str:
        if obj.pk is None:
            return "—"
        rows = cycle_quota_progress(obj, user=self._request_user)
        if not rows:
            return _("No province quotas set.")
        header = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("province"),
            _("target"),
            _("proposed"),
            _("verified"),
            _("selected"),
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} ({}%)</td></tr>",
            (
                (
                    r["province"].name,
                    r["target"],
                    r["proposed"],
                    r["verified"],
                    r["selected"],
                    round(100 * r["selected"] / r["target"]) if r["target"] else 0,
                )
                for r in rows
            ),
        )
        return format_html("<table>{}{}</table>", header, body)

    def get_readonly_fields(self, request, obj=None):
        self._request_user = request.user
        return super().get_readonly_fields(request, obj)

    def get_urls(self):
        # The annex import (admin_imports.py) before the default URLs.
        return import_urls(self) + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The "Import a decree's annex" link is shown only to those the import lets in.
        extra = {**(extra_context or {}), "may_import_annex": may_import_annex(request.user)}
        return super().change_view(request, object_id, form_url, extra)


class AidOutstandingFilter(admin.SimpleListFilter):
    title = _("aid delivery")
    parameter_name = "aid"

    def lookups(self, request, model_admin):
        return [("outstanding", _("items still outstanding")), ("none", _("no package yet"))]

    def queryset(self, request, queryset):
        if self.value() == "outstanding":
            return queryset.aid_outstanding()
        if self.value() == "none":
            return queryset.filter(package__isnull=True)
        return queryset


class StepForm(forms.Form):
    """What a step needs besides the rows: the decree (select) or the reason (withdraw)."""

    decree = forms.ModelChoiceField(
        queryset=SelectionDecree.objects.select_related("cycle"),
        required=False,
        label=_("selection decree"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("reason")
    )


class BeneficiaryDocumentInline(ScopedInlineMixin, admin.TabularInline):
    model = BeneficiaryDocument
    extra = 0
    fields = ["kind", "title", "file"]


@admin.register(Beneficiary)
class BeneficiaryAdmin(ScopedModelAdmin):
    list_display = [
        "library",
        "level",
        "region_code",
        "regency",
        "province",
        "cycle",
        "status",
        "track",
        "decree",
        "selected_on",
    ]
    list_filter = [
        chosen_object_filter("cycle", ProgramCycle, _("cycle")),
        "cycle__year",
        "status",
        "track",
        "library__level",
        "funding_source",
        AidOutstandingFilter,
        province_filter("library__province"),
        regency_filter("library__regency"),
    ]
    list_select_related = [
        "cycle__program",
        "library__regency",
        "library__province",
        "decree",
    ]
    search_fields = ["library__name", "library__village__name", "library__region_code"]
    autocomplete_fields = ["library", "cycle"]
    date_hierarchy = "selected_on"
    # The status, the decree and the selection date change only through the workflow steps.
    readonly_fields = ["status", "decree", "selected_on", "withdrawal_reason"]
    fields = [
        "cycle",
        "library",
        "status",
        "decree",
        "selected_on",
        "withdrawal_reason",
        "track",
        "funding_source",
        "funding_amount",
        "package",
        "notes",
    ]
    inlines = [BeneficiaryDocumentInline]
    actions = [
        "step_verify",
        "step_select",
        "step_activate",
        "step_complete",
        "step_withdraw",
        *beneficiary_export_actions,
    ]

    def get_actions(self, request):
        # Offer only the steps this user may take (their role and their scope's level).
        actions = super().get_actions(request)
        for name in STEPS:
            if not step_allowed(request.user, name):
                actions.pop(f"step_{name}", None)
        return actions

    def save_model(self, request, obj, form, change):
        # A new row is a proposal, whoever adds it: selection happens only through the steps.
        if not change:
            obj.status = Beneficiary.Status.PROPOSED
        super().save_model(request, obj, form, change)

    def _step(self, request, queryset, name: str, service, **kwargs) -> None:
        try:
            count = service(user=request.user, beneficiaries=list(queryset), **kwargs)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            self.message_user(request, "; ".join(messages), level="error")
            return
        self.message_user(
            request,
            _("%(count)d beneficiaries: “%(step)s” done.")
            % {"count": count, "step": STEPS[name].label},
        )

    def _step_with_form(self, request, queryset, name: str, service, field: str):
        form = StepForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            value = form.cleaned_data[field]
            kwargs = {"decree": value} if field == "decree" else {"reason": value}
            self._step(request, queryset, name, service, **kwargs)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": STEPS[name].label,
            "opts": self.model._meta,
            "queryset": queryset.select_related("library", "cycle")[:200],
            "count": queryset.count(),
            "form": form,
            "field": field,
            "action": f"step_{name}",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/programs/beneficiary/step.html", context)

    @admin.action(description=_("Verify (province): proposed → verified"), permissions=["change"])
    def step_verify(self, request, queryset):
        self._step(request, queryset, "verify", beneficiaries_verify)

    @admin.action(
        description=_("Select (national, with the decree): verified → selected"),
        permissions=["change"],
    )
    def step_select(self, request, queryset):
        return self._step_with_form(request, queryset, "select", beneficiaries_select, "decree")

    @admin.action(description=_("Activate: selected → active"), permissions=["change"])
    def step_activate(self, request, queryset):
        self._step(request, queryset, "activate", beneficiaries_activate)

    @admin.action(description=_("Complete: active → completed"), permissions=["change"])
    def step_complete(self, request, queryset):
        self._step(request, queryset, "complete", beneficiaries_complete)

    @admin.action(description=_("Withdraw (with a reason)"), permissions=["change"])
    def step_withdraw(self, request, queryset):
        return self._step_with_form(request, queryset, "withdraw", beneficiaries_withdraw, "reason")

    @admin.display(description=_("level"), ordering="library__level")
    def level(self, obj: Beneficiary) -> str:
        return obj.library.get_level_display()

    @admin.display(description=_("region code"), ordering="library__region_code")
    def region_code(self, obj: Beneficiary) -> str:
        return obj.library.region_code

    @admin.display(description=_("regency/city"), ordering="library__regency__name")
    def regency(self, obj: Beneficiary) -> str:
        return obj.library.regency.name if obj.library.regency_id else ""

    @admin.display(description=_("province"), ordering="library__province__name")
    def province(self, obj: Beneficiary) -> str:
        return obj.library.province.name


@admin.register(SelectionDecree)
class SelectionDecreeAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ["number", "date", "cycle", "title"]
    list_filter = ["cycle"]
    list_select_related = ["cycle__program"]
    search_fields = ["number", "title"]
    date_hierarchy = "date"

    def _national(self, request) -> bool:
        return step_allowed(request.user, "select")

    # Decrees are the national office's: others may read them, not change them.
    def has_add_permission(self, request):
        return self._national(request)

    def has_change_permission(self, request, obj=None):
        return self._national(request)

    def has_delete_permission(self, request, obj=None):
        return self._national(request)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("programs.view_beneficiary")

    def has_module_permission(self, request):
        return self.has_view_permission(request)


class AidPackageItemInline(admin.TabularInline):
    model = AidPackageItem
    extra = 0
    fields = ["kind", "description", "quantity"]


@admin.register(AidPackage)
class AidPackageAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ["name", "cycle", "items_summary"]
    list_filter = ["cycle"]
    list_select_related = ["cycle__program"]
    search_fields = ["name"]
    inlines = [AidPackageItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")

    @admin.display(description=_("items"))
    def items_summary(self, obj: AidPackage) -> str:
        return ", ".join(str(item) for item in obj.items.all())


class DeliveryItemInline(admin.TabularInline):
    model = DeliveryItem
    extra = 1
    fields = ["kind", "description", "quantity", "condition"]


@admin.register(Delivery)
class DeliveryAdmin(ScopedModelAdmin):
    list_display = ["bast_number", "delivered_on", "beneficiary", "region_code", "has_bast_file"]
    list_filter = [
        "beneficiary__cycle__year",
        province_filter("beneficiary__library__province"),
        regency_filter("beneficiary__library__regency"),
    ]
    list_select_related = ["beneficiary__library", "beneficiary__cycle__program"]
    search_fields = ["bast_number", "beneficiary__library__name"]
    autocomplete_fields = ["beneficiary"]
    date_hierarchy = "delivered_on"
    inlines = [DeliveryItemInline]
    fields = ["beneficiary", "bast_number", "delivered_on", "bast_file", "notes"]

    @admin.display(description=_("region code"), ordering="beneficiary__library__region_code")
    def region_code(self, obj: Delivery) -> str:
        return obj.beneficiary.library.region_code

    @admin.display(description=_("signed BAST"), boolean=True)
    def has_bast_file(self, obj: Delivery) -> bool:
        return bool(obj.bast_file)
