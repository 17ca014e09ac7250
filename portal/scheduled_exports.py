"""Scheduled exports: which are due, and sending one. A worker's maintenance round
(`scheduled_exports_start_due`, registered with core/jobs/) starts a job per due schedule;
the job computes the list within the owner's scope at that moment and e-mails it: attached
when small, otherwise as a link to the job's download page (owner only, kept
LIBPORTAL_JOB_FILES_DAYS days)."""

from __future__ import annotations

import calendar
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import FORMATS, ExportError
from core.jobs import JobError, job_start, register_job_kind, register_periodic

from .export_jobs import export_params, exporter_from_params, write_export
from .models import ScheduledExport

logger = logging.getLogger(__name__)

SCHEDULED_EXPORT_JOB = "portal.scheduled-export"
#: Files up to this size travel as attachments; larger ones as a download link.
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024


def next_run_after(frequency: str, when: datetime) -> datetime:
    """A week later, or the same day of the next month (its last day if shorter)."""
    if frequency == ScheduledExport.Frequency.WEEKLY:
        return when + timedelta(days=7)
    year, month = (when.year + 1, 1) if when.month == 12 else (when.year, when.month + 1)
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def schedule_params(schedule: ScheduledExport) -> dict:
    owner_language = settings.LANGUAGE_CODE
    return export_params(
        list_key=schedule.list_kind,
        filters=schedule.filters,
        columns=schedule.columns,
        fmt=schedule.format,
        language=owner_language,
    )


def scheduled_export_check(schedule: ScheduledExport) -> None:
    """Refuse (ValidationError naming the problem) a schedule its owner could not export now."""
    if schedule.format not in FORMATS:
        raise ValidationError({"format": _("Unknown format.")})
    try:
        exporter_from_params(schedule.owner, schedule_params(schedule)).check_format(
            schedule.format
        )
    except ExportError as error:
        raise ValidationError(str(error)) from None


def scheduled_exports_start_due(*, now: datetime | None = None) -> int:
    """Start a job for every active schedule that is due, and move its next sending on (in
    the same transaction, rows locked and skipped by other workers: each is sent once)."""
    now = now or timezone.now()
    started = 0
    with transaction.atomic():
        due = (
            ScheduledExport.objects.select_for_update(skip_locked=True)
            .filter(active=True, next_run__lte=now)
            .select_related("owner")
        )
        for schedule in due:
            next_run = schedule.next_run
            while next_run <= now:  # a worker that was down for weeks sends once, not N times
                next_run = next_run_after(schedule.frequency, next_run)
            schedule.next_run = next_run
            schedule.save(update_fields=["next_run"])
            if not schedule.owner.is_active or not schedule.owner.is_staff:
                continue
            job_start(
                owner=schedule.owner,
                kind=SCHEDULED_EXPORT_JOB,
                params={"schedule": schedule.pk},
                title=_("Scheduled export: %(name)s") % {"name": schedule.name},
            )
            started += 1
    return started


def _send(schedule: ScheduledExport, out, filename: str, rows: int, job_url: str) -> None:
    user = schedule.owner
    size = out.seek(0, 2)
    out.seek(0)
    body = [
        _("Hello %(name)s,") % {"name": user.get_full_name() or user.get_username()},
        "",
        _("Your scheduled export “%(name)s” (%(rows)s rows, within your area today).")
        % {"name": schedule.name, "rows": rows},
    ]
    message = EmailMessage(
        subject=_("Scheduled export: %(name)s") % {"name": schedule.name},
        to=[user.email],
    )
    if size <= MAX_ATTACHMENT_BYTES:
        message.attach(filename, out.read(), FORMATS[schedule.format].content_type)
        body.append(_("The file is attached."))
    else:
        body.append(
            _("The file is too large to attach. Download it (log in first) within %(days)s days:")
            % {"days": settings.LIBPORTAL_JOB_FILES_DAYS}
        )
        body.append(job_url)
    message.body = "\n".join(body) + "\n"
    message.send()
    out.seek(0)


@register_job_kind(SCHEDULED_EXPORT_JOB, gettext_lazy("Scheduled export"))
def scheduled_export_job(params, user, progress, out) -> str:
    schedule = ScheduledExport.objects.filter(pk=params.get("schedule"), owner=user).first()
    if schedule is None or not schedule.active:
        raise JobError(_("The scheduled export no longer exists or was switched off."))
    if not user.email:
        raise JobError(_("Your account has no e-mail address."))
    with translation.override(settings.LANGUAGE_CODE):
        try:
            filename, rows = write_export(user, schedule_params(schedule), out, progress)
        except ExportError as error:
            raise JobError(str(error)) from None
        job_url = settings.LIBPORTAL_PUBLIC_URL.rstrip("/") + reverse(
            "jobs:status", args=[progress.job_id]
        )
        _send(schedule, out, filename, rows, job_url)
    ScheduledExport.objects.filter(pk=schedule.pk).update(last_sent_at=timezone.now())
    return filename


register_periodic("portal.scheduled-exports", scheduled_exports_start_due)
