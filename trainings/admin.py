from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from villages.admin_filters import province_filter, regency_filter

from .models import AgendaItem, Attendance, HealthScreening, Participant, TrainingEvent


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["day", "start_time", "end_time", "topic", "speaker"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["full_name", "gender", "role", "library", "phone", "email", "is_sample"]
    autocomplete_fields = ["library"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("library")


@admin.register(TrainingEvent)
class TrainingEventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "cycle",
        "province",
        "start_date",
        "end_date",
        "status",
        "participant_count",
    ]
    list_filter = ["status", "cycle__year", province_filter("province")]
    list_select_related = ["cycle__program", "province"]
    search_fields = ["title", "venue", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "cycle",
        "organiser",
        "host",
        "province",
        "regency",
        "opened_by",
        "closed_by",
        "closed_by_representative",
    ]
    date_hierarchy = "start_date"
    inlines = [AgendaItemInline, ParticipantInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "cycle", "status", "summary"]}),
        (
            _("Where and when"),
            {"fields": ["organiser", "host", "province", "regency", "venue", "start_date", "end_date"]},
        ),
        (_("Officials"), {"fields": ["opened_by", "closed_by", "closed_by_representative"]}),
        (
            _("Content"),
            {"fields": ["learning_goals", "requires_negative_test", "health_protocol", "report"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_participant_count=Count("participants"))

    @admin.display(description=_("participants"), ordering="_participant_count")
    def participant_count(self, obj: TrainingEvent) -> int:
        return obj._participant_count


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["topic", "event", "day", "start_time", "end_time", "speaker"]
    list_filter = ["event__cycle__year", "day"]
    list_select_related = ["event"]
    search_fields = ["topic", "speaker", "event__title"]
    autocomplete_fields = ["event"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day"]


class HealthScreeningInline(admin.TabularInline):
    model = HealthScreening
    extra = 0
    fields = ["phase", "test_type", "result", "tested_on"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "gender",
        "role",
        "library",
        "village_code",
        "regency",
        "event",
        "is_sample",
    ]
    list_filter = [
        "event__cycle__year",
        "gender",
        "role",
        "is_sample",
        province_filter("library__village__province"),
        regency_filter("library__village__regency"),
    ]
    list_select_related = ["event", "library__village__regency"]
    search_fields = ["full_name", "library__name", "library__village__name", "event__title"]
    autocomplete_fields = ["event", "library"]
    inlines = [AttendanceInline, HealthScreeningInline]

    @admin.display(description=_("village code"), ordering="library__village__code")
    def village_code(self, obj: Participant) -> str:
        return obj.library.village_id

    @admin.display(description=_("regency/city"), ordering="library__village__regency__name")
    def regency(self, obj: Participant) -> str:
        return obj.library.village.regency.name


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["participant", "event", "day"]
    list_filter = ["day", "participant__event__cycle__year"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__full_name", "participant__event__title"]
    autocomplete_fields = ["participant"]

    @admin.display(description=_("event"), ordering="participant__event__title")
    def event(self, obj: Attendance):
        return obj.participant.event


@admin.register(HealthScreening)
class HealthScreeningAdmin(admin.ModelAdmin):
    list_display = ["participant", "event", "phase", "test_type", "result", "tested_on"]
    list_filter = ["phase", "test_type", "result"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__full_name", "participant__event__title"]
    autocomplete_fields = ["participant"]

    @admin.display(description=_("event"), ordering="participant__event__title")
    def event(self, obj: HealthScreening):
        return obj.participant.event
