"""A library's monthly activity report, the activities it held that month, and its photos.

One report per library and month (`month` is the month's first day). It is written as a draft
by the library's operator (or a regency coordinator), submitted, then approved by a regency
coordinator or above; the services in `monitoring.services` are the only way its status moves.
Every change is kept by django-simple-history, so a correction after approval leaves the approved
figures in the history.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import documents_storage
from core.models import TimeStampedModel
from villages.models import VillageLibrary
from villages.scoping import ScopedQuerySet

from .uploads import report_photo_upload_to

#: The day of the following month by which a month's report is due.
DUE_DAY = 10


def due_date(month: datetime.date) -> datetime.date:
    """The 10th of the month after `month` (any day of `month` will do)."""
    year, number = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    return datetime.date(year, number, DUE_DAY)


class MonthlyReportQuerySet(ScopedQuerySet):
    province_path = "library__province"
    regency_path = "library__regency"
    library_path = "library"

    def received(self) -> MonthlyReportQuerySet:
        """Reports that count as received: submitted or approved (a draft is not yet sent)."""
        return self.filter(status__in=MonthlyReport.RECEIVED)


class ReportActivityQuerySet(ScopedQuerySet):
    province_path = "report__library__province"
    regency_path = "report__library__regency"
    library_path = "report__library"


class ReportPhotoQuerySet(ScopedQuerySet):
    province_path = "report__library__province"
    regency_path = "report__library__regency"
    library_path = "report__library"

    def public(self) -> ReportPhotoQuerySet:
        """Photos anyone may see: marked public, on a report that was approved."""
        return self.filter(is_public=True, report__status=MonthlyReport.Status.APPROVED)


class MonthlyReport(TimeStampedModel):
    """What one library did in one month (laporan bulanan): visitors, members, loans, computer
    and internet sessions, collection added, and (as `ReportActivity` rows) the activities held."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")

    RECEIVED = (Status.SUBMITTED, Status.APPROVED)

    library = models.ForeignKey(
        VillageLibrary,
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        verbose_name=_("library"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the reported month."))
    # Derived from `month` on save (the 10th of the next month), so on-time counts are a plain
    # comparison in SQL on every database.
    due_on = models.DateField(_("due on"), editable=False)
    visitors_women = models.PositiveIntegerField(_("visitors (women)"), default=0)
    visitors_men = models.PositiveIntegerField(_("visitors (men)"), default=0)
    new_members = models.PositiveIntegerField(_("new members"), default=0)
    loans = models.PositiveIntegerField(_("loans"), default=0)
    computer_sessions = models.PositiveIntegerField(_("computer sessions"), default=0)
    internet_sessions = models.PositiveIntegerField(_("internet sessions"), default=0)
    collection_added = models.PositiveIntegerField(_("collection added"), default=0)
    # The month's activities in total: recounted from the listed activities when there are any
    # (the form), else as a regency's sheet gives them (the import). Aggregates read these.
    activities_total = models.PositiveIntegerField(_("activities"), default=0)
    participants_women = models.PositiveIntegerField(_("activity participants (women)"), default=0)
    participants_men = models.PositiveIntegerField(_("activity participants (men)"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The first time the report was sent, kept when it is reopened for a correction (a draft may
    # not hold `submitted_at`): a resubmission keeps this time, so a correction never turns an
    # on-time report into a late one (`monitoring.services.report_submit`).
    first_submitted_at = models.DateTimeField(
        _("first submitted at"), null=True, blank=True, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Invented for the demo, not from a source.")
    )

    objects = MonthlyReportQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical monthly report"))

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month", "library__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "month"], name="monitoring_monthlyreport_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="monitoring_monthlyreport_first_day"
            ),
            models.CheckConstraint(
                condition=~Q(status="draft") | Q(submitted_at__isnull=True),
                name="monitoring_monthlyreport_draft_unsent",
            ),
        ]
        indexes = [
            models.Index(fields=["month", "status"], name="monitoring_report_month_st"),
        ]

    def __str__(self) -> str:
        return f"{self.library} · {self.month:%Y-%m}"

    def save(self, *args, **kwargs) -> None:
        self.due_on = due_date(self.month)
        super().save(*args, **kwargs)

    @property
    def visitors(self) -> int:
        return self.visitors_women + self.visitors_men

    @property
    def on_time(self) -> bool:
        """Received by the end of its due day (local time is the server's)."""
        return self.submitted_at is not None and self.submitted_at.date() <= self.due_on


class ReportActivity(TimeStampedModel):
    """An activity the library held in the report's month."""

    class Kind(models.TextChoices):
        LITERACY = "literacy", _("literacy training")
        SKILLS = "skills", _("skills or economic-empowerment training")
        READING = "reading", _("reading promotion")
        STAKEHOLDERS = "stakeholders", _("stakeholder meeting")
        OTHER = "other", _("other")

    report = models.ForeignKey(
        MonthlyReport,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("monthly report"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    participants_women = models.PositiveIntegerField(_("participants (women)"), default=0)
    participants_men = models.PositiveIntegerField(_("participants (men)"), default=0)
    partners = models.CharField(_("partners"), max_length=300, blank=True)

    objects = ReportActivityQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical report activity"))

    class Meta:
        verbose_name = _("report activity")
        verbose_name_plural = _("report activities")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.title}"

    @property
    def participants(self) -> int:
        return self.participants_women + self.participants_men


class ReportPhoto(TimeStampedModel):
    """A photo of the month's activities. Kept in private storage; shown publicly only when
    marked public on an approved report, and only beside aggregates, never beside names."""

    report = models.ForeignKey(
        MonthlyReport,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("monthly report"),
    )
    image = models.FileField(
        _("photo"),
        upload_to=report_photo_upload_to,
        storage=documents_storage,
        max_length=200,
        help_text=_("JPEG or PNG, at most 10 MB."),
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Show on the library's public page (only once the report is approved)."),
    )

    objects = ReportPhotoQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical report photo"))

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name.rsplit("/", 1)[-1]
