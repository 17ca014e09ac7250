"""Run queued jobs inside a test's transaction. django-tasks' `db_worker` closes the
connection between tasks (as a long-running process must), which a test's open transaction
cannot survive; this runs the same `Worker.run_task` on each ready task instead."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_jobs() -> int:
    """Run every ready task (and those they enqueue) in this process; returns how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        result = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if result is None:
            return ran
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
