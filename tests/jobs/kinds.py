"""Job kinds used by the tests only (a worker process started by a test imports this module
before it starts working)."""

from __future__ import annotations

import os
import time

from django.utils.translation import gettext_lazy as _

from core.jobs import JobError, register_job_kind


@register_job_kind("tests.count", _("Count"))
def count_job(params, user, progress, out):
    """Writes 1..n, reporting progress; with ``log``, appends "<job> <pid>" to that file, so a
    test sees which process ran which job and how often; ``sleep`` seconds between numbers."""
    if params.get("log"):
        with open(params["log"], "a") as log:
            log.write(f"{params['tag']} {os.getpid()}\n")
    n = params.get("n", 3)
    for i in range(1, n + 1):
        out.write(f"{i}\n".encode())
        progress(i, n)
        time.sleep(params.get("sleep", 0))
    return f"count-{user.username}.txt"


@register_job_kind("tests.fail", _("Fail"))
def fail_job(params, user, progress, out):
    if params.get("expected"):
        raise JobError("Nothing to export for these filters.")
    raise RuntimeError("secret internal detail")
