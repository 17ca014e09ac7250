from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from villages.admin_filters import province_filter, regency_filter
from villages.admin_scoping import ScopedInlineMixin, ScopedModelAdmin
from villages.scoping import REGENCY, can_see_health, prefix_q, scope_of

from .admin_exports import participant_export_actions
from .models import (
    AgendaItem,
    Attendance,
    HealthScreening,
    Participant,
    ParticipantQuerySet,
    TrainingEvent,
)


class HealthDataMixin:
    """Health screenings exist, for a user, only with the health permission (UU PDP 27/2022)."""

    def _health_ok(self, request) -> bool:
        return can_see_health(request.user)

    def has_module_permission(self, request):
        return self._health_ok(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._health_ok(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._health_ok(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._health_ok(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._health_ok(request) and super().has_delete_permission(request, obj)


class AgendaItemInline(ScopedInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["day", "start_time", "end_time", "topic", "speaker"]


class ParticipantInline(ScopedInlineMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["full_name", "gender", "role", "library", "phone", "email", "is_sample"]
    contact_fields = ("phone", "email")
    prefetch_autocomplete_labels = ("library",)
    autocomplete_fields = ["library"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("library")


def _event_form_for(form_class, user):
    """The event form, refusing an event the user could not change once saved (a regency
    coordinator's event outside their regency): the rule is `TrainingEvent.is_changeable_by`."""

    class EventForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            if not self.errors and not self.instance.is_changeable_by(user):
                self.add_error(
                    "regency" if "regency" in self.fields else None,
                    _("You can only keep events of your own region: choose your regency/city."),
                )

    return EventForm


@admin.register(TrainingEvent)
class TrainingEventAdmin(ScopedModelAdmin):
    # Annotated counts add a GROUP BY, which drops Meta.ordering: paginate in a stable order.
    ordering = ["-start_date", "title"]
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
            {
                "fields": [
                    "organiser",
                    "host",
                    "province",
                    "regency",
                    "venue",
                    "start_date",
                    "end_date",
                ]
            },
        ),
        (_("Officials"), {"fields": ["opened_by", "closed_by", "closed_by_representative"]}),
        (
            _("Content"),
            {"fields": ["learning_goals", "requires_negative_test", "health_protocol", "report"]},
        ),
    ]

    def get_queryset(self, request):
        scope = scope_of(request.user)
        # Count only the participants the user may see (a regency coordinator: their regency's).
        in_scope = (
            None
            if scope is None or scope.is_national
            else prefix_q(ParticipantQuerySet.scope_q(scope), "participants")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(_participant_count=Count("participants", filter=in_scope))
        )

    def has_change_permission(self, request, obj=None):
        # A province-wide event is read-only for its regency coordinators (villages/scoping.py).
        return super().has_change_permission(request, obj) and (
            obj is None or obj.is_changeable_by(request.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.is_changeable_by(request.user)
        )

    def get_urls(self):
        # Import participants: upload → preview → confirm, and the templates (admin_imports.py).
        from .admin_imports import import_urls

        return import_urls(self) + super().get_urls()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        scope = scope_of(request.user)
        if scope is not None and scope.level == REGENCY and "regency" in form.base_fields:
            # A regency coordinator's events are their regency's: never province-wide.
            form.base_fields["regency"].required = True
        return _event_form_for(form, request.user)

    @admin.display(description=_("participants"), ordering="_participant_count")
    def participant_count(self, obj: TrainingEvent) -> int:
        return obj._participant_count


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedModelAdmin):
    list_display = ["topic", "event", "day", "start_time", "end_time", "speaker"]
    list_filter = ["event__cycle__year", "day"]
    list_select_related = ["event"]
    search_fields = ["topic", "speaker", "event__title"]
    autocomplete_fields = ["event"]


class AttendanceInline(ScopedInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day"]


class HealthScreeningInline(HealthDataMixin, ScopedInlineMixin, admin.TabularInline):
    model = HealthScreening
    extra = 0
    fields = ["phase", "test_type", "result", "tested_on"]


@admin.register(Participant)
class ParticipantAdmin(ScopedModelAdmin):
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
    contact_fields = ("phone", "email")
    # The exports (trainings/admin_exports.py); scope and protected columns decided there.
    actions = [*participant_export_actions]

    @admin.display(description=_("village code"), ordering="library__village__code")
    def village_code(self, obj: Participant) -> str:
        return obj.library.village_id

    @admin.display(description=_("regency/city"), ordering="library__village__regency__name")
    def regency(self, obj: Participant) -> str:
        return obj.library.village.regency.name


@admin.register(Attendance)
class AttendanceAdmin(ScopedModelAdmin):
    list_display = ["participant", "event", "day"]
    list_filter = ["day", "participant__event__cycle__year"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__full_name", "participant__event__title"]
    autocomplete_fields = ["participant"]

    @admin.display(description=_("event"), ordering="participant__event__title")
    def event(self, obj: Attendance):
        return obj.participant.event


@admin.register(HealthScreening)
class HealthScreeningAdmin(HealthDataMixin, ScopedModelAdmin):
    list_display = ["participant", "event", "phase", "test_type", "result", "tested_on"]
    list_filter = ["phase", "test_type", "result"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__full_name", "participant__event__title"]
    autocomplete_fields = ["participant"]

    @admin.display(description=_("event"), ordering="participant__event__title")
    def event(self, obj: HealthScreening):
        return obj.participant.event
