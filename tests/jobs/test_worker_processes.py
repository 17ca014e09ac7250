"""Real worker processes on PostgreSQL: a worker killed in the middle of a job (SIGKILL, no
clean-up) leaves the job to another worker, which finishes it; several workers never run one
job twice. Each worker is `manage.py run_worker` in its own process, on the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.jobs import job_start
from core.jobs.models import Job

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="worker processes share the test database: PostgreSQL only",
    ),
]

WORKER = (
    "import django; django.setup(); import tests.jobs.kinds; "
    "from django.core.management import call_command; "
    "call_command('run_worker', interval=0.2, maintenance_every=0.5, verbosity=0)"
)


def _start_worker(log: Path) -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "LIBPORTAL_JOB_LEASE_SECONDS": "2"}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.fixture
def workers(tmp_path):
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        started.append(_start_worker(tmp_path / "workers.log"))
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def test_a_killed_workers_job_is_finished_by_another_worker(workers, tmp_path, django_user_model):
    owner = django_user_model.objects.create_user("ana", is_staff=True)
    log = tmp_path / "runs.log"
    job = job_start(
        owner=owner,
        kind="tests.count",
        params={"n": 30, "sleep": 0.1, "log": str(log), "tag": "long"},
    )
    first = workers()
    _wait(lambda: Job.objects.get(pk=job.pk).done >= 5)
    os.killpg(first.pid, signal.SIGKILL)  # no chance to clean up
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == "running" and job.done < 30  # what a dead worker leaves behind

    second = workers()
    _wait(lambda: Job.objects.get(pk=job.pk).status == "done")
    job.refresh_from_db()
    assert (job.attempt, job.done, job.total) == (1, 30, 30)
    with job.file.open("rb") as f:
        assert f.read() == "".join(f"{i}\n" for i in range(1, 31)).encode()
    runs = log.read_text().split()
    assert runs == ["long", str(first.pid), "long", str(second.pid)]


def test_several_workers_run_each_job_once(workers, tmp_path, django_user_model):
    owner = django_user_model.objects.create_user("ana", is_staff=True)
    log = tmp_path / "runs.log"
    jobs = [
        job_start(
            owner=owner,
            kind="tests.count",
            params={"n": 2, "sleep": 0.05, "log": str(log), "tag": f"job{i}"},
        )
        for i in range(16)
    ]
    pids = {workers().pid, workers().pid, workers().pid}
    _wait(lambda: Job.objects.filter(status="done").count() == len(jobs))
    runs = log.read_text().split("\n")[:-1]
    tags = [line.split()[0] for line in runs]
    assert sorted(tags) == sorted(f"job{i}" for i in range(16))  # each exactly once
    assert {int(line.split()[1]) for line in runs} <= pids
