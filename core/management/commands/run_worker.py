"""Run one background-job worker: django-tasks' database worker (`db_worker`), plus a thread
that does the periodic work every LIBPORTAL_JOB_MAINTENANCE_SECONDS (hand stale jobs to a
worker again, delete expired files, start due scheduled exports).

Start as many as you like, on as many machines: the queue hands each task to one worker
(row locks, SKIP LOCKED), and every periodic step is safe to run concurrently."""

from __future__ import annotations

import os
import threading

from django.core.management import call_command
from django.db import connection

from core.commands import PortalCommand
from core.jobs.services import jobs_maintenance


def _maintenance_loop(every: float, stop: threading.Event) -> None:
    while not stop.wait(every):
        try:
            jobs_maintenance()
        finally:
            connection.close()


class Command(PortalCommand):
    help = "Run a background-job worker (and its periodic maintenance)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Queue poll, seconds.")
        parser.add_argument(
            "--maintenance-every",
            type=float,
            default=float(os.environ.get("LIBPORTAL_JOB_MAINTENANCE_SECONDS", "30")),
            help="Seconds between maintenance rounds (0: none).",
        )
        parser.add_argument("--worker-id", default=None, help="Unique id (default: random).")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *, interval, maintenance_every, worker_id, batch, verbosity, **options):
        stop = threading.Event()
        if maintenance_every > 0 and not batch:
            threading.Thread(
                target=_maintenance_loop,
                args=(maintenance_every, stop),
                daemon=True,
                name="job-maintenance",
            ).start()
        extra = {"worker_id": worker_id} if worker_id else {}
        try:
            call_command(
                "db_worker",
                interval=interval,
                batch=batch,
                reload=False,
                startup_delay=not batch,
                verbosity=verbosity,
                **extra,
            )
        finally:
            stop.set()
