"""The portal's background job kinds (core/jobs/ imports this module at start-up)."""

from . import export_jobs, scheduled_exports  # noqa: F401
