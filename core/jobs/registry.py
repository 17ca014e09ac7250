"""Job kinds: each app registers the work it can hand to a worker, under a dotted key
(``"portal.export"``), in its ``job_kinds`` module, which core's AppConfig imports at start-up
(as the admin finds ``admin`` modules). Core never imports an app; apps import this.

A kind's function is ``run(params, user, progress, out) -> file name``: ``params`` the JSON
given to `start_job`, ``user`` the job's owner (apply their scope when the job runs, not when
it was asked for), ``progress(done, total)`` to report (it raises `JobSuperseded` if another
worker took the job over; ``progress.job_id`` is the job's id, for a link to its status page),
``out`` a binary file to write the result into. Raising
`JobError` shows its message to the user; any other exception is logged and reported as a
failure without details.

Periodic work (the stale-job check, the clean-up, scheduled exports) registers with
`register_periodic`; the worker's maintenance thread runs every entry about every
``LIBPORTAL_JOB_MAINTENANCE_SECONDS``; each function must be safe to run on several workers at
once (lock what you take with ``select_for_update(skip_locked=True)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.utils.functional import Promise

Progress = Callable[[int, int | None], None]
JobFunction = Callable[[dict[str, Any], Any, Progress, IO[bytes]], str]


class JobError(Exception):
    """A failure whose message (already translated) the job's owner may read."""


class JobSuperseded(Exception):
    """This attempt is no longer the job's current one: stop quietly."""


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str | Promise
    run: JobFunction


_KINDS: dict[str, JobKind] = {}
_PERIODIC: dict[str, Callable[[], Any]] = {}


def register_job_kind(key: str, label: str | Promise) -> Callable[[JobFunction], JobFunction]:
    """Decorator: ``@register_job_kind("trainings.certificates", _("Certificates (ZIP)"))``."""

    def decorator(function: JobFunction) -> JobFunction:
        existing = _KINDS.get(key)
        if existing is not None and existing.run is not function:
            raise ValueError(f"job kind {key!r} is registered twice")
        _KINDS[key] = JobKind(key, label, function)
        return function

    return decorator


def job_kind(key: str) -> JobKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"unknown job kind {key!r}; registered: {', '.join(_KINDS)}") from None


def job_kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


def register_periodic(key: str, function: Callable[[], Any]) -> None:
    _PERIODIC[key] = function


def periodic_functions() -> dict[str, Callable[[], Any]]:
    return dict(_PERIODIC)
