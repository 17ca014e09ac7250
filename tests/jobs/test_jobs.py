"""The job facility as a staff user meets it: start, progress, download by the owner only,
failure messages, expiry and the hand-over of a job whose worker stopped sending heartbeats."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.jobs import job_start
from core.jobs.models import Job
from core.jobs.services import job_run, jobs_cleanup, jobs_requeue_stale

from .helpers import run_queued_jobs

pytestmark = pytest.mark.django_db


def _work():
    assert run_queued_jobs()


def test_job_runs_on_the_worker_and_its_owner_downloads_the_file(client, make_staff):
    owner = make_staff("ana")
    job = job_start(owner=owner, kind="tests.count", params={"n": 4})
    assert job.status == Job.Status.QUEUED
    _work()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 4, 4, 100)
    assert job.expires_at > timezone.now() + timedelta(days=6)

    client.force_login(owner)
    state = client.get(reverse("jobs:progress", args=[job.pk])).json()
    assert state["status"] == "done" and state["download_url"]
    page = client.get(reverse("jobs:status", args=[job.pk]))
    assert page.status_code == 200 and b"count-ana.txt" in page.content
    download = client.get(state["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"1\n2\n3\n4\n"
    assert 'filename="count-ana.txt"' in download["Content-Disposition"]


def test_only_the_owner_or_a_superuser_sees_a_job(client, make_staff, django_user_model):
    job = job_start(owner=make_staff("ana"), kind="tests.count")
    _work()
    client.force_login(make_staff("budi"))
    for name in ("jobs:status", "jobs:progress", "jobs:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 302  # to login
    client.force_login(django_user_model.objects.create_superuser("root", "r@x.org", "x"))
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_a_failure_shows_its_message_or_hides_an_internal_one(make_staff):
    owner = make_staff("ana")
    expected = job_start(owner=owner, kind="tests.fail", params={"expected": True})
    internal = job_start(owner=owner, kind="tests.fail")
    _work()
    expected.refresh_from_db()
    internal.refresh_from_db()
    assert expected.status == internal.status == "failed"
    assert expected.error == "Nothing to export for these filters."
    assert "secret" not in internal.error and internal.error


def test_an_unknown_kind_is_refused_before_anything_is_queued(make_staff):
    with pytest.raises(LookupError):
        job_start(owner=make_staff("ana"), kind="tests.nope")
    assert not Job.objects.exists()


def test_expired_files_are_removed_with_their_job(make_staff):
    job = job_start(owner=make_staff("ana"), kind="tests.count")
    _work()
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert jobs_cleanup() == 0
    assert jobs_cleanup(now=timezone.now() + timedelta(days=8)) == 1
    assert not storage.exists(name) and not Job.objects.exists()


@override_settings(LIBPORTAL_JOB_LEASE_SECONDS=60)
def test_a_job_without_heartbeat_is_queued_again_and_the_old_attempt_stands_down(make_staff):
    job = job_start(owner=make_staff("ana"), kind="tests.count")
    # A worker claimed it, then went silent (killed): its heartbeat is two leases old.
    Job.objects.filter(pk=job.pk).update(
        status="running", heartbeat_at=timezone.now() - timedelta(seconds=120)
    )
    assert jobs_requeue_stale() == 1
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("queued", 1)
    assert job_run(job_id=str(job.pk), attempt=0) == "skipped"  # the old attempt's task
    _work()
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("done", 1)
    assert jobs_requeue_stale() == 0
