"""A long piece of work done by a worker for one user, and the file it leaves (an export, a
ZIP of certificates): what the status page shows and the download view hands out.

The queue itself is django-tasks' (its database backend); this row is what users and the
stale-lease check see: progress, the heartbeat of the worker running it, and which attempt is
the current one (a job handed to another worker gets a new attempt; the old one, if it still
runs, notices and stops)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_storage():
    """The named storage of generated files (LIBPORTAL_JOB_STORAGE): local files by default,
    object storage when the deployment names one."""
    return storages[settings.LIBPORTAL_JOB_STORAGE]


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    error = models.TextField(_("error message"), blank=True)
    file = models.FileField(
        _("file"), storage=job_storage, upload_to="jobs/%Y/%m/", max_length=300, blank=True
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    task_id = models.CharField(_("queue task id"), max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="core_job_status_heartbeat"),
            models.Index(fields=["owner", "-created"], name="core_job_owner_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(done__lte=models.F("total")),
                name="core_job_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.kind

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        """Progress in whole percent, None while the size is unknown."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)
