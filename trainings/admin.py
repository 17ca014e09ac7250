from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.localized import english_fieldset
from villages.admin_filters import chosen_object_filter, province_filter, regency_filter
from villages.admin_scoping import HealthDataMixin, ScopedInlineMixin, ScopedModelAdmin
from villages.scoping import REGENCY, prefix_q, scope_of

from .admin_dates import PlainDateInput, PlainDatesMixin
from .admin_event_tools import event_tool_urls, event_tools
from .admin_exports import participant_export_actions
from .models import (
    AgendaItem,
    Attendance,
    HealthScreening,
    Participant,
    ParticipantQuerySet,
    Person,
    TrainingEvent,
)
from .services import participant_delete


def _event_days_widget(event: TrainingEvent | None) -> dict:
    """A `day` input whose picker opens within the event's days."""
    if event is None or event.pk is None:
        return {}
    bounds = {"min": event.start_date.isoformat(), "max": event.end_date.isoformat()}
    return {"day": PlainDateInput(attrs=bounds)}


class AgendaItemInline(PlainDatesMixin, ScopedInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    # Five days of eight to ten sessions; a longer agenda is edited from its own list.
    max_rows = 60
    fields = ["day", "start_time", "end_time", "topic", "topic_en", "speaker", "speaker_person"]
    autocomplete_fields = ["speaker_person"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["widgets"] = {**kwargs.get("widgets", {}), **_event_days_widget(obj)}
        return super().get_formset(request, obj, **kwargs)


class ParticipantInline(ScopedInlineMixin, admin.TabularInline):
    model = Participant
    extra = 0
    # Compact, to fit a 1280 px window (issue 16): the name, gender, role and library; the
    # whole row (position, guest, phone, e-mail, attendance) is one click away on its own page.
    fields = ["full_name", "gender", "role", "library"]
    prefetch_autocomplete_labels = ("library",)
    autocomplete_fields = ["library"]
    show_change_link = True
    # An event may have thousands (an import accepts 50,000 rows): the page shows the first
    # rows and links to the participant list filtered by the event (CappedInlineMixin).
    max_rows = 20

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("library")


def _event_form_for(form_class, user):
    """The event form, refusing an event the user could not change once saved (a regency
    coordinator's event outside their regency): the rule is `TrainingEvent.is_changeable_by`."""

    class EventForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name in ("kind", "level", "mode"):
                if name in self.fields:
                    # (here: the form class is rebuilt from the model when subclassed)
                    self.fields[name].required = False

        def clean(self):
            cleaned = super().clean()
            for name in ("kind", "level", "mode"):
                if name in self.fields and not cleaned.get(name):
                    # Left out of a form posted without it: the model's default (Bimtek,
                    # province, in person), as before these fields existed.
                    cleaned[name] = TrainingEvent._meta.get_field(name).default
            return cleaned

        def _post_clean(self):
            super()._post_clean()
            if not self.errors and not self.instance.is_changeable_by(user):
                self.add_error(
                    "regency" if "regency" in self.fields else None,
                    _("You can only keep events of your own region: choose your regency/city."),
                )

    return EventForm


class EventOwnedAdminMixin:
    """For the admin of what an event owns (its agenda): adding, changing or deleting it needs
    the right to change the event itself (`TrainingEvent.is_changeable_by`), so a province-wide
    event stays read-only for a regency coordinator however its parts are reached."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.event.is_changeable_by(request.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.event.is_changeable_by(request.user)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class EventOwnedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                event = cleaned.get("event")
                if event is not None and not event.is_changeable_by(user):
                    self.add_error(
                        "event",
                        _(
                            "This event is read-only for you (a province-wide event): only its "
                            "province's coordinators change it and its agenda."
                        ),
                    )
                return cleaned

        return EventOwnedForm


class AttendanceRecordedFilter(admin.SimpleListFilter):
    """Events begun with no attendance yet (`without_attendance`): the admin dashboard's to-do."""

    title = _("attendance")
    parameter_name = "attendance"

    def lookups(self, request, model_admin):
        return [("missing", _("begun, none recorded"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.without_attendance(today=timezone.localdate())
        return queryset


@admin.register(TrainingEvent)
class TrainingEventAdmin(PlainDatesMixin, ScopedModelAdmin):
    # Annotated counts add a GROUP BY, which drops Meta.ordering: paginate in a stable order.
    ordering = ["-start_date", "title"]
    # What fits a 1280 px window (issue 16); cycle, level and mode are filters.
    list_display = ["title", "status", "dates", "province", "kind", "participant_count"]
    list_filter = [
        "status",
        "cycle__year",
        "kind",
        "level",
        "mode",
        AttendanceRecordedFilter,
        province_filter("province"),
    ]
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
        "served_provinces",
        "served_regencies",
    ]
    date_hierarchy = "start_date"
    inlines = [AgendaItemInline, ParticipantInline]
    readonly_fields = ["participant_overview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "cycle", "status", "summary", "participant_overview"]}),
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
        (
            _("Kind and reach"),
            {
                "fields": [
                    "kind",
                    "level",
                    "mode",
                    "meeting_link",
                    "served_provinces",
                    "served_regencies",
                ],
                "description": _(
                    "Coordinators of the regions served see the event and their own "
                    "participants; only its own region (national staff for a national event) "
                    "changes it. The meeting link is never shown on public pages."
                ),
            },
        ),
        (_("Officials"), {"fields": ["opened_by", "closed_by", "closed_by_representative"]}),
        (
            _("Content"),
            {"fields": ["learning_goals", "requires_negative_test", "health_protocol", "report"]},
        ),
        english_fieldset(
            "title_en", "summary_en", "learning_goals_en", "health_protocol_en", "report_en"
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

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        request._trainings_event_changelist = changelist  # for get_action_choices, below
        return changelist

    def get_action_choices(self, request, *args, **kwargs):
        """Offer "delete selected" only when some event on the page is the user's to delete
        (issue 16): a regency coordinator lists province-wide and national events serving
        them, none of which they may delete. The page's rows are read once, here, and the
        list shows the same (cached) rows, so this costs no query."""
        choices = super().get_action_choices(request, *args, **kwargs)
        changelist = getattr(request, "_trainings_event_changelist", None)
        # The listed rows are in scope already: the event's own rule decides, with no query.
        if changelist is not None and not any(
            event.is_changeable_by(request.user) for event in changelist.result_list
        ):
            choices = [choice for choice in choices if choice[0] != "delete_selected"]
        return choices

    def get_urls(self):
        # Import participants: upload → preview → confirm, and the templates (admin_imports.py).
        from .admin_imports import import_urls

        # Copy as new event, draft report, sign-in sheet (admin_event_tools.py).
        return event_tool_urls(self) + import_urls(self) + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id) if object_id else None
        if event is not None:
            extra_context = {
                **(extra_context or {}),
                "event_tools": event_tools(request, event, self),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj: TrainingEvent) -> str:
        return f"{obj.start_date:%d/%m/%Y} – {obj.end_date:%d/%m/%Y}"

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

    @admin.display(description=_("participants"))
    def participant_overview(self, obj: TrainingEvent | None) -> str:
        """How many participants (in the user's scope) and a link to their list: the page
        shows only the first rows of the inline."""
        if obj is None or obj.pk is None:
            return "–"
        count = getattr(obj, "_participant_count", None)
        if count is None:
            count = obj.participants.count()
        url = f"{reverse('admin:trainings_participant_changelist')}?event__id__exact={obj.pk}"
        return format_html(
            '{} · <a href="{}">{}</a>',
            ngettext("%(count)d participant", "%(count)d participants", count) % {"count": count},
            url,
            _("their list →"),
        )


@admin.register(AgendaItem)
class AgendaItemAdmin(PlainDatesMixin, EventOwnedAdminMixin, ScopedModelAdmin):
    list_display = ["topic", "event", "day", "start_time", "end_time", "speaker"]
    list_filter = ["event__cycle__year", "day"]
    list_select_related = ["event"]
    search_fields = ["topic", "speaker", "event__title"]
    autocomplete_fields = ["event"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "event",
                    "day",
                    "start_time",
                    "end_time",
                    "topic",
                    "speaker",
                    "speaker_person",
                ]
            },
        ),
        english_fieldset("topic_en"),
    ]


class AttendanceInline(PlainDatesMixin, ScopedInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day"]

    def get_formset(self, request, obj=None, **kwargs):
        event = obj.event if obj is not None and obj.event_id else None
        kwargs["widgets"] = {**kwargs.get("widgets", {}), **_event_days_widget(event)}
        return super().get_formset(request, obj, **kwargs)


class HealthScreeningInline(
    PlainDatesMixin, HealthDataMixin, ScopedInlineMixin, admin.TabularInline
):
    model = HealthScreening
    extra = 0
    fields = ["phase", "test_type", "result", "tested_on"]


@admin.register(Participant)
class ParticipantAdmin(PlainDatesMixin, ScopedModelAdmin):
    # Every important column within a 1280 px window (issue 16): the library cell carries its
    # regency and village code; "sample data" is a filter.
    list_display = ["full_name", "gender", "role", "library_and_region", "event", "is_guest"]
    list_filter = [
        chosen_object_filter("event", TrainingEvent, _("event")),
        chosen_object_filter("person", Person, _("person")),
        "event__cycle__year",
        "gender",
        "role",
        "is_guest",
        "is_sample",
        province_filter("library__village__province"),
        regency_filter("library__village__regency"),
    ]
    list_select_related = ["event", "library__village__regency"]
    search_fields = ["full_name", "library__name", "library__village__name", "event__title"]
    autocomplete_fields = ["event", "library"]
    readonly_fields = ["person"]  # found or created from the name and the library when saved
    # The demo's switch stays in the model (the public report marks sample people) but not on
    # the form: ticked by mistake it labels a real person as sample data (issue 16).
    exclude = ["is_sample"]
    inlines = [AttendanceInline, HealthScreeningInline]
    contact_fields = ("phone", "email")
    # The exports (trainings/admin_exports.py); scope and protected columns decided there.
    actions = [*participant_export_actions]

    def delete_model(self, request, obj):
        participant_delete(participant=obj, user=request.user)

    def delete_rows(self, request, queryset) -> None:
        for participant in queryset:
            participant_delete(participant=participant, user=request.user)

    @admin.display(description=_("library"), ordering="library__village__code")
    def library_and_region(self, obj: Participant) -> str:
        return format_html(
            "{}<br><small>{} · {}</small>",
            obj.library.name,
            obj.library.village.regency.name,
            obj.library.village_id,
        )

    @admin.display(description=_("village code"), ordering="library__village__code")
    def village_code(self, obj: Participant) -> str:
        return obj.library.village_id

    @admin.display(description=_("regency/city"), ordering="library__village__regency__name")
    def regency(self, obj: Participant) -> str:
        return obj.library.village.regency.name


@admin.register(Attendance)
class AttendanceAdmin(PlainDatesMixin, ScopedModelAdmin):
    list_display = ["participant", "event", "day"]
    list_filter = ["day", "participant__event__cycle__year"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__full_name", "participant__event__title"]
    autocomplete_fields = ["participant"]

    @admin.display(description=_("event"), ordering="participant__event__title")
    def event(self, obj: Attendance):
        return obj.participant.event


@admin.register(HealthScreening)
class HealthScreeningAdmin(PlainDatesMixin, HealthDataMixin, ScopedModelAdmin):
    list_display = ["participant", "event", "phase", "test_type", "result", "tested_on"]
    list_filter = ["phase", "test_type", "result"]
    list_select_related = ["participant__event"]
    search_fields = ["participant__full_name", "participant__event__title"]
    autocomplete_fields = ["participant"]

    @admin.display(description=_("event"), ordering="participant__event__title")
    def event(self, obj: HealthScreening):
        return obj.participant.event


# People (issue 11): registered in their own module, after the participant admin it links to.
from . import admin_people  # noqa: E402, F401
