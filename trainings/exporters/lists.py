"""The participant and beneficiary lists (CSV/XLSX) with the event filter; `EXPORTERS`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import (
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import ExportError
from programs.exporters import BeneficiaryExporter as ProgramsBeneficiaryExporter
from programs.exporters import ProgramListExporter
from trainings.columns import (
    PARTICIPANT_ATTENDANCE_COLUMNS,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_HEALTH_COLUMNS,
)
from trainings.models import Attendance, HealthScreening, Participant, TrainingEvent

from .sheets import attendance_sheet_pdf

ROLE_LABELS = {
    "id": {
        "head": "Kepala Perpustakaan",
        "librarian": "Pustakawan/Staf Perpustakaan",
        "village_official": "Perangkat Desa",
        "volunteer": "Relawan",
        "facilitator": "Fasilitator",
        "other": "Lainnya",
    },
    "en": {
        "head": "Head of library",
        "librarian": "Librarian/library staff",
        "village_official": "Village official",
        "volunteer": "Volunteer",
        "facilitator": "Facilitator",
        "other": "Other",
    },
}
RESULT_LABELS = {
    "id": {"negative": "negatif", "positive": "positif", "invalid": "tidak sah"},
    "en": {"negative": "negative", "positive": "positive", "invalid": "invalid"},
}


class EventDays(Func):
    """The number of days of the participant's event (end − start + 1), in SQL: a date
    difference is spelt differently by each database."""

    output_field = IntegerField()

    def __init__(self, prefix: str = "event__", **extra: Any) -> None:
        super().__init__(F(f"{prefix}end_date"), F(f"{prefix}start_date"), **extra)

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date − date is days
        return super().as_sql(
            compiler, connection, template="(%(expressions)s + 1)", arg_joiner=" - "
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) + 1 AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def _days_attended() -> Coalesce:
    return Coalesce(
        Subquery(
            Attendance.objects.filter(participant=OuterRef("pk"))
            .order_by()
            .values("participant")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        Value(0),
    )


def _attendance_rate() -> Round:
    """Days attended over the event's days, in percent to one decimal (as the grid shows)."""
    return Round(
        Cast(_days_attended(), FloatField()) * Value(100.0) / Cast(EventDays(), FloatField()),
        precision=1,
    )


def event_filter_clean(slug: str | None, *, user: Any) -> TrainingEvent | None:
    """The event a list is filtered by, looked up among those `user` may see: an unknown
    slug and another region's event get the same message."""
    if not slug:
        return None
    event = TrainingEvent.objects.in_scope(user).filter(slug=slug).first()
    if event is None:
        raise ExportError(_("Unknown event “%(slug)s”.") % {"slug": slug})
    return event


class EventFilterMixin:
    """Adds the event filter (a slug, checked against the user's scope) to a program list."""

    def clean_filters(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        out = super().clean_filters(raw)  # type: ignore[misc]
        out["event"] = event_filter_clean(raw.get("event"), user=self.user)  # type: ignore[attr-defined]
        return out


class ParticipantExporter(EventFilterMixin, ProgramListExporter):
    """The participant list: event, name, gender, role, library, region, contacts if allowed.

    Its PDF is the attendance sheet (daftar hadir) of the events in the selection.
    """

    identifier = "peserta"
    verbose_name = gettext_lazy("Participants")
    columns = (*PARTICIPANT_COLUMNS, *PARTICIPANT_ATTENDANCE_COLUMNS, *PARTICIPANT_HEALTH_COLUMNS)
    pdf_max_rows = 3000

    def get_queryset(self) -> QuerySet:
        qs = Participant.objects.in_scope(self.user)
        f = self.filters
        if f.get("event"):
            qs = qs.filter(event=f["event"])
        if f.get("cycle"):
            qs = qs.filter(event__cycle__year=f["cycle"])
        if f.get("province"):
            qs = qs.filter(library__province=f["province"])
        if f.get("regency"):
            qs = qs.filter(library__regency=f["regency"])
        return qs.order_by(
            "event__start_date", "event__slug", "library__region_code", "full_name", "pk"
        )

    def field_expressions(self) -> dict[str, Any]:
        def result(phase: str) -> Subquery:
            return Subquery(
                HealthScreening.objects.filter(
                    participant=OuterRef("pk"),
                    phase=phase,
                    test_type=HealthScreening.TestType.ANTIGEN,
                ).values("result")[:1]
            )

        return {
            "event": "event__title",
            "event_slug": "event__slug",
            "name": "full_name",
            "gender": "gender",
            "role": "role",
            "library": "library__name",
            "village_code": "library__village_id",
            "village": "library__village__name",
            "district": "library__village__district__name",
            "regency": "library__regency__name",
            "province": "library__province__name",
            "phone": "phone",
            "email": "email",
            "test_before": result(HealthScreening.Phase.BEFORE),
            "test_after": result(HealthScreening.Phase.AFTER),
            "days_attended": _days_attended(),
            "attendance_rate": _attendance_rate(),
        }

    def value_labels(self) -> dict[str, Mapping[str, str]]:
        lang = "en" if self.language.startswith("en") else "id"
        return {
            "role": ROLE_LABELS[lang],
            "test_before": RESULT_LABELS[lang],
            "test_after": RESULT_LABELS[lang],
        }

    def render_pdf(self) -> bytes:
        """The attendance sheet: one section per event day (see `attendance_sheet_pdf`)."""
        self._check_pdf_size()
        rows = self.queryset.values_list(
            "event_id", "full_name", "library__name", "library__regency__name"
        )
        by_event: dict[int, list[tuple[str, str, str]]] = {}
        for event_id, name, library, regency in rows.iterator(chunk_size=2000):
            by_event.setdefault(event_id, []).append((name, library, regency))
        events = TrainingEvent.objects.filter(pk__in=by_event).order_by("start_date", "slug")
        if self.filters.get("event") and not by_event:
            events = TrainingEvent.objects.filter(pk=self.filters["event"].pk)
        return attendance_sheet_pdf(
            [(event, by_event.get(event.pk, [])) for event in events], language=self.language
        )

    def _check_pdf_size(self) -> None:
        total = self.count()
        if total > self.pdf_max_rows:
            raise ExportError(
                _(
                    "An attendance sheet holds at most %(max)s participants; this selection has "
                    "%(count)s. Choose an event, or export CSV or XLSX."
                )
                % {"max": self.pdf_max_rows, "count": total}
            )


class BeneficiaryExporter(EventFilterMixin, ProgramsBeneficiaryExporter):
    """The beneficiary list of `programs`, filterable by event too: the beneficiaries whose
    people attended it, in the event's cycle."""

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset()
        event = self.filters.get("event")
        if event is not None:
            qs = qs.filter(cycle=event.cycle_id, library__in=event.participant_libraries())
        return qs


#: The lists this app offers (collected by `portal.registry`); its beneficiary list refines
#: the one of `programs` with the event filter.
EXPORTERS = (ParticipantExporter, BeneficiaryExporter)
