"""The people admin: one record per person (name + library), with their events counted.

Scoped like participants (by the person's library); a speaker with no library is seen by
national staff only. Registered from `trainings/admin.py`.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from villages.admin_filters import province_filter, regency_filter
from villages.admin_scoping import ScopedModelAdmin

from .models import Person


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin):
    list_display = ["full_name", "library", "position", "role", "event_count", "is_sample"]
    list_filter = [
        "role",
        "is_sample",
        province_filter("library__village__province"),
        regency_filter("library__village__regency"),
    ]
    list_select_related = ["library"]
    search_fields = ["full_name", "position", "library__name", "library__village__name"]
    autocomplete_fields = ["library"]
    # No "sample data" switch on a real form (issue 16): the demo sets it, the list filters it.
    fields = ["full_name", "gender", "library", "position", "role", "events"]
    readonly_fields = ["events"]
    ordering = ["full_name", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_event_count=Count("participations"))

    @admin.display(description=_("events"), ordering="_event_count")
    def event_count(self, obj: Person) -> int:
        return obj._event_count

    @admin.display(description=_("events"))
    def events(self, obj: Person) -> str:
        """A link to the person's registrations (one per event)."""
        if obj.pk is None:
            return "–"
        url = f"{reverse('admin:trainings_participant_changelist')}?person__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("their registrations →"))
