"""Background jobs that leave a file (exports, certificate ZIPs): register a kind, start a job,
show its status page. See registry.py for the contract of a kind, services.py for the lease.

    from core.jobs import register_job_kind, job_start
"""

from .registry import JobError, JobSuperseded, register_job_kind, register_periodic

__all__ = ["JobError", "JobSuperseded", "job_start", "register_job_kind", "register_periodic"]


def __getattr__(name: str):
    # The services import the models: only once the app registry is ready.
    if name == "job_start":
        from .services import job_start

        return job_start
    raise AttributeError(name)
