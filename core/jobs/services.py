"""Starting, running, taking over and cleaning up jobs. The queue is django-tasks' (the
`run_job` task in core/jobs/tasks.py carries a job id and an attempt number); everything a user
or an operator sees is on `Job`.

Why a lease: django-tasks' database worker marks a task RUNNING and never looks at it again,
so a worker killed mid-job would leave it running forever. Each running job sends a heartbeat
(a thread, every lease/4 seconds); `jobs_requeue_stale` gives a job whose heartbeat is older
than the lease a new attempt and enqueues it again. The old attempt, if its worker was only
stalled, finds its attempt number outdated at its next heartbeat or progress report and stops
without writing anything, so a job is never finished twice.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .models import Job
from .registry import JobError, JobSuperseded, job_kind

logger = logging.getLogger(__name__)

#: A job is given up after this many attempts (each a worker that died under it).
MAX_ATTEMPTS = 3
#: Progress is written at most this often (seconds): a report per row would cost a query each.
PROGRESS_EVERY = 0.5


def _enqueue(job: Job) -> None:
    from .tasks import run_job  # the task module needs the app registry

    result = run_job.enqueue(str(job.pk), job.attempt)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


@transaction.atomic
def job_start(
    *, owner: Any, kind: str, params: dict[str, Any] | None = None, title: str = ""
) -> Job:
    """Create a job and put it on the queue (in the same transaction: both or neither)."""
    found = job_kind(kind)
    params = params or {}
    json.dumps(params)  # refuse what the queue could not store, here rather than in a worker
    job = Job.objects.create(
        owner=owner, kind=kind, params=params, title=title or str(found.label)[:200]
    )
    _enqueue(job)
    return job


class _Heartbeat(threading.Thread):
    """Touches the job's heartbeat while it runs; notices when the attempt was superseded."""

    def __init__(self, job: Job, every: float) -> None:
        super().__init__(daemon=True, name=f"job-heartbeat-{job.pk}")
        self.job_id, self.attempt, self.every = job.pk, job.attempt, every
        self.stop = threading.Event()
        self.superseded = False

    def run(self) -> None:
        try:
            while not self.stop.wait(self.every):
                alive = Job.objects.filter(
                    pk=self.job_id, attempt=self.attempt, status=Job.Status.RUNNING
                ).update(heartbeat_at=timezone.now())
                if not alive:
                    self.superseded = True
                    return
        except Exception:  # a lost connection: the lease check decides, not this thread
            logger.exception("job %s: heartbeat failed", self.job_id)
        finally:
            connection.close()


def _claim(job_id: str, attempt: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.attempt != attempt or job.status != Job.Status.QUEUED:
            return None
        now = timezone.now()
        job.status, job.started_at, job.heartbeat_at = Job.Status.RUNNING, now, now
        job.done, job.total = 0, None
        job.save(update_fields=["status", "started_at", "heartbeat_at", "done", "total"])
        return job


def job_run(*, job_id: str, attempt: int) -> str:
    """Run one attempt of a job (called by the worker's task). Returns its final status."""
    job = _claim(job_id, attempt)
    if job is None:
        return "skipped"
    heartbeat = _Heartbeat(job, max(settings.LIBPORTAL_JOB_LEASE_SECONDS / 4, 0.2))
    heartbeat.start()
    last = [0.0]

    def progress(done: int, total: int | None = None) -> None:
        if heartbeat.superseded:
            raise JobSuperseded
        now = timezone.now().timestamp()
        if now - last[0] < PROGRESS_EVERY and (total is None or done < total):
            return
        last[0] = now
        done = max(0, min(done, total)) if total is not None else max(0, done)
        updated = Job.objects.filter(pk=job.pk, attempt=attempt, status=Job.Status.RUNNING).update(
            done=done, total=total, heartbeat_at=timezone.now()
        )
        if not updated:
            raise JobSuperseded

    progress.job_id = job.pk  # type: ignore[attr-defined]  # for links to the status page
    try:
        with tempfile.TemporaryFile() as out:
            filename = job_kind(job.kind).run(dict(job.params), job.owner, progress, out)
            out.seek(0)
            return _finish(job, attempt, out, filename)
    except JobSuperseded:
        logger.warning("job %s attempt %s: taken over by another worker", job.pk, attempt)
        return "superseded"
    except JobError as error:
        return _fail(job, attempt, str(error))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _fail(job, attempt, _("The job failed. The administrators can see why in the log."))
    finally:
        heartbeat.stop.set()
        heartbeat.join(timeout=5)


def _finish(job: Job, attempt: int, out: Any, filename: str) -> str:
    filename = get_valid_filename(filename) or "file"
    stored = job.file.storage.save(f"jobs/{job.pk}/{filename}", File(out, name=filename))
    now = timezone.now()
    updated = Job.objects.filter(pk=job.pk, attempt=attempt, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE,
        file=stored,
        filename=filename,
        finished_at=now,
        heartbeat_at=now,
        expires_at=now + timedelta(days=settings.LIBPORTAL_JOB_FILES_DAYS),
    )
    if not updated:  # superseded while writing: the current attempt will store its own
        job.file.storage.delete(stored)
        return "superseded"
    Job.objects.filter(pk=job.pk, total__isnull=False).update(done=F("total"))
    return Job.Status.DONE


def _fail(job: Job, attempt: int, message: str) -> str:
    Job.objects.filter(pk=job.pk, attempt=attempt).update(
        status=Job.Status.FAILED, error=message, finished_at=timezone.now()
    )
    return Job.Status.FAILED


def jobs_requeue_stale() -> int:
    """Give every running job whose heartbeat is older than the lease a new attempt (or fail
    it after MAX_ATTEMPTS). Safe on several workers at once: rows are locked, skipping those
    another worker holds. Returns how many jobs were put back on the queue."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=settings.LIBPORTAL_JOB_LEASE_SECONDS)
    requeued = 0
    with transaction.atomic():
        stale = Job.objects.select_for_update(skip_locked=True).filter(
            status=Job.Status.RUNNING, heartbeat_at__lt=cutoff
        )
        for job in stale:
            # The dead worker's task row would stay RUNNING forever: close it.
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                status="FAILED", finished_at=timezone.now()
            )
            if job.attempt + 1 >= MAX_ATTEMPTS:
                job.status, job.finished_at = Job.Status.FAILED, timezone.now()
                job.error = _("The job was stopped %(count)s times (its worker died).") % {
                    "count": job.attempt + 1
                }
                job.save(update_fields=["status", "finished_at", "error"])
                continue
            logger.warning("job %s: no heartbeat since %s, queued again", job.pk, job.heartbeat_at)
            job.attempt += 1
            job.status, job.done, job.heartbeat_at = Job.Status.QUEUED, 0, None
            job.save(update_fields=["attempt", "status", "done", "heartbeat_at"])
            _enqueue(job)
            requeued += 1
    return requeued


def jobs_cleanup(*, now=None) -> int:
    """Delete jobs whose file has expired (file first, then the row), and failed jobs older
    than the same number of days. Returns how many jobs were removed."""
    now = now or timezone.now()
    days = timedelta(days=settings.LIBPORTAL_JOB_FILES_DAYS)
    expired = Job.objects.filter(expires_at__lt=now) | Job.objects.filter(
        status=Job.Status.FAILED, created__lt=now - days
    )
    removed = 0
    for job in expired.only("pk", "file"):
        if job.file:
            job.file.storage.delete(job.file.name)
        job.delete()
        removed += 1
    return removed


def jobs_maintenance() -> None:
    """One round of periodic work: the stale-lease check, the clean-up, then every registered
    periodic function (scheduled exports…). Each is isolated: one failing stops no other."""
    from .registry import periodic_functions

    steps = {"requeue-stale": jobs_requeue_stale, "cleanup": jobs_cleanup}
    steps.update(periodic_functions())
    for name, function in steps.items():
        try:
            function()
        except Exception:
            logger.exception("job maintenance step %s failed", name)
        finally:
            close_old_connections()
