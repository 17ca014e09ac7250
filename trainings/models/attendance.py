"""Daily attendance and health screenings of participants (health data: its own permission)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from villages.scoping import ScopedQuerySet, can_see_health

from .participants import Participant


class AttendanceQuerySet(ScopedQuerySet):
    province_path = "participant__library__province"
    regency_path = "participant__library__regency"


class HealthScreeningQuerySet(ScopedQuerySet):
    province_path = "participant__library__province"
    regency_path = "participant__library__regency"

    def in_scope(self, user):
        """Also empty without the health permission: health data (UU PDP 27/2022)."""
        if not can_see_health(user):
            return self.none()
        return super().in_scope(user)


class Attendance(TimeStampedModel):
    """A participant present on one day of the event."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    day = models.DateField(_("day"))

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical attendance"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day"],
                name="trainings_attendance_one_per_participant_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.day:%Y-%m-%d}"

    def clean(self) -> None:

        if self.participant_id and self.day:
            event = self.participant.event
            if not (event.start_date <= self.day <= event.end_date):
                raise ValidationError({"day": _("The day must fall within the event's dates.")})


class HealthScreening(TimeStampedModel):
    """A health test of a participant. Health data: its own table, its own permission."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("before the event")
        AFTER = "after", _("after the event")

    class TestType(models.TextChoices):
        ANTIGEN = "antigen", _("antigen swab")
        PCR = "pcr", _("PCR")

    class Result(models.TextChoices):
        NEGATIVE = "negative", _("negative")
        POSITIVE = "positive", _("positive")
        INVALID = "invalid", _("invalid")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="screenings",
        verbose_name=_("participant"),
    )
    phase = models.CharField(_("phase"), max_length=6, choices=Phase.choices)
    test_type = models.CharField(
        _("test type"), max_length=10, choices=TestType.choices, default=TestType.ANTIGEN
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    tested_on = models.DateField(_("test date"))

    objects = HealthScreeningQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical health screening"))

    class Meta:
        verbose_name = _("health screening")
        verbose_name_plural = _("health screenings")
        ordering = ["participant", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "phase", "test_type"],
                name="trainings_healthscreening_one_per_phase_and_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_phase_display()}"
