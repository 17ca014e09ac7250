"""This app's background job kinds (imported at start-up by core's AppConfig, see
core/jobs/registry.py)."""

from .paperwork import jobs  # noqa: F401  (trainings.certificates)
