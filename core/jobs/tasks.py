"""The one task on django-tasks' queue: run attempt N of job X. Every job kind goes through it,
so the queue holds ids and attempt numbers only; parameters and progress live on `Job`."""

from __future__ import annotations

from django_tasks import task

from .services import job_run


@task()
def run_job(job_id: str, attempt: int) -> str:
    return job_run(job_id=job_id, attempt=attempt)
