"""Scheduled exports in the admin: every staff user manages their own (a superuser sees all).
The form offers what the export page offers; saving checks that the owner could export it
now (scoped filters, permitted columns), and the owner is always the person saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exporters import FORMATS
from villages.models import Province, Regency
from villages.scoping import can_see_contacts, can_see_health, has_regional_scope

from .export_jobs import EXPORTERS
from .models import ScheduledExport
from .registry import exporter_for
from .scheduled_exports import scheduled_export_check


class ScheduledExportForm(forms.ModelForm):
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every column you may see (health results only when ticked)."),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f.key, f.label) for f in FORMATS.values()]
    )
    event = forms.SlugField(label=_("Event (its code)"), required=False)
    cycle = forms.IntegerField(label=_("Cycle"), required=False, min_value=2000, max_value=2100)
    province = forms.ChoiceField(label=_("Province"), required=False)
    regency = forms.ChoiceField(label=_("Regency/city"), required=False)

    class Meta:
        model = ScheduledExport
        fields = ["name", "list_kind", "format", "frequency", "next_run", "active", "columns"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        personal, health = can_see_contacts(user), can_see_health(user)
        seen: dict[str, str] = {}
        for identifier in EXPORTERS.values():
            for c in exporter_for(identifier).columns:
                if (not c.personal or personal) and (not c.health or health):
                    seen.setdefault(c.key, str(c.header))
        self.fields["columns"].choices = list(seen.items())
        self.fields["province"].choices = [("", _("every province in your scope"))] + list(
            Province.objects.in_scope(user).values_list("code", "name")
        )
        self.fields["regency"].choices = [("", _("every regency/city in your scope"))] + list(
            Regency.objects.in_scope(user).order_by("code").values_list("code", "name")
        )
        for key in ("event", "cycle", "province", "regency"):
            self.fields[key].initial = (self.instance.filters or {}).get(key)
        if not self.instance.pk:
            self.fields["next_run"].initial = timezone.now()

    def clean(self):
        data = super().clean()
        self.instance.filters = {
            k: data.get(k) for k in ("event", "cycle", "province", "regency") if data.get(k)
        }
        self.instance.owner = self.instance.owner if self.instance.pk else self.user
        for key in ("list_kind", "format", "columns"):
            if key in data:
                setattr(self.instance, key, data[key])
        if not self.errors:
            try:
                scheduled_export_check(self.instance)
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(ScheduledExport)
class ScheduledExportAdmin(admin.ModelAdmin):
    form = ScheduledExportForm
    list_display = [
        "name",
        "list_kind",
        "format",
        "frequency",
        "next_run",
        "last_sent_at",
        "active",
    ]
    list_filter = ["list_kind", "frequency", "active"]
    search_fields = ["name"]
    list_select_related = ["owner"]
    fieldsets = [
        (None, {"fields": ["name", "list_kind", "format", "frequency", "next_run", "active"]}),
        (_("Filters"), {"fields": ["event", "cycle", "province", "regency"]}),
        (_("Columns"), {"fields": ["columns"]}),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(owner=request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        owner = obj.owner if obj is not None else request.user

        class Form(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=owner, **inner)

        return Form

    # Every staff user who works for a region (not a library operator) may keep their own
    # schedules; the queryset holds only theirs.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and has_regional_scope(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission
