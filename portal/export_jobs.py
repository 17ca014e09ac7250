"""Exports as background jobs: the staff export page hands a large list to a worker, and a
scheduled export runs the same code. The job keeps only the request (list, filters by code or
slug, columns, format, language); the exporter is built again when the job runs, with the
owner's scope at that moment, so a job never carries rows its owner may no longer see."""

from __future__ import annotations

from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.exporters import Exporter, ExportError
from core.exporters.render import dated_filename, render
from core.jobs import JobError, register_job_kind

from .registry import exporter_for

# The page's list choice -> the exporter's identifier.
EXPORTERS: dict[str, str] = {"participants": "peserta", "beneficiaries": "penerima-manfaat"}
LIST_LABELS = {"participants": _("Participants"), "beneficiaries": _("Beneficiaries")}
FILTER_KEYS = ("event", "cycle", "province", "regency")

EXPORT_JOB = "portal.export"


def export_params(
    *, list_key: str, filters: dict[str, Any], columns: list[str] | None, fmt: str, language: str
) -> dict[str, Any]:
    """A request as plain JSON (codes, slugs, years): what a job or a schedule stores."""
    return {
        "list": list_key,
        "filters": {k: filters.get(k) for k in FILTER_KEYS if filters.get(k) not in (None, "")},
        "columns": list(columns or []),
        "format": fmt,
        "language": language,
    }


def exporter_from_params(user: Any, params: dict[str, Any]) -> Exporter:
    """The exporter for a stored request, scoped to ``user`` now. Raises `ExportError` (a
    filter or column the user may no longer use) with a message for them."""
    if params.get("list") not in EXPORTERS:
        raise ExportError(_("Unknown list “%(list)s”.") % {"list": params.get("list")})
    exporter_class = exporter_for(EXPORTERS[params["list"]])
    return exporter_class(
        user=user,
        filters=dict(params.get("filters") or {}),
        columns=params.get("columns") or None,
        language=params.get("language") or "id",
    )


def write_export(
    user: Any, params: dict[str, Any], out: IO[bytes], progress=None
) -> tuple[str, int]:
    """Write the export into ``out`` (audited, as every export); returns (file name, rows)."""
    with translation.override(params.get("language") or "id"):
        exporter = exporter_from_params(user, params)
        rows = render(exporter, params["format"], out, progress=progress)
        return dated_filename(exporter, params["format"]), rows


@register_job_kind(EXPORT_JOB, _("List export"))
def export_job(params, user, progress, out) -> str:
    try:
        filename, _rows = write_export(user, params, out, progress)
    except ExportError as error:
        raise JobError(str(error)) from None
    return filename
