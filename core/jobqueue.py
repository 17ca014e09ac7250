"""The job queue as health and metrics see it: the table of django-tasks' database backend
(`django_tasks_db`, core/jobs/) when it is installed, nothing otherwise.

Only reads: the depth (jobs waiting) and the age of the oldest waiting job, which tell an
operator that workers are missing or stuck before users notice."""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.utils import timezone


def _model():
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def queue_installed() -> bool:
    return _model() is not None


def queue_ping() -> None:
    """Raise if the queue's table cannot be read."""
    model = _model()
    if model is not None:
        model.objects.only("pk").first()


def queue_depth_and_oldest() -> tuple[int, datetime | None] | None:
    """(waiting jobs, enqueue time of the oldest waiting one), or None without a queue."""
    model = _model()
    if model is None:
        return None
    waiting = model.objects.ready()  # ready and due: a job scheduled for later is not waiting
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return waiting.count(), oldest


def oldest_age_seconds(oldest: datetime | None) -> float:
    return (timezone.now() - oldest).total_seconds() if oldest else 0.0
