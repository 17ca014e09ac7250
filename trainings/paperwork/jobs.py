"""The certificates ZIP of a big event as a background job (core/jobs): the web download of
more than `ZIP_JOB_THRESHOLD` certificates is handed to a worker, with a progress bar, instead
of holding a request open for minutes (each certificate takes ~0.2 s to draw)."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import JobError, register_job_kind
from trainings.models import TrainingEvent

from . import documents
from .certificates import certificates_zip_write

KIND = "trainings.certificates"
#: Above this many certificates the web download is a background job.
ZIP_JOB_THRESHOLD = 100


@register_job_kind(KIND, gettext_lazy("Certificates (ZIP)"))
def certificates_zip_job(params: dict[str, Any], user: Any, progress: Any, out: IO[bytes]) -> str:
    """params: {"event": slug, "language": "id"|"en", "base_url": "https://…/"}; the owner's
    scope applies when the job runs."""
    event = (
        TrainingEvent.objects.in_scope(user)
        .select_related("organiser", "signing_official")
        .filter(slug=params.get("event", ""))
        .first()
    )
    if event is None:
        raise JobError(_("This event no longer exists or is outside your scope."))
    certificates = documents.certificates_for(event=event, user=user)
    total = certificates.count()
    progress(0, total)

    def counted(rows):
        for done, row in enumerate(rows, start=1):
            yield row
            progress(done, total)

    certificates_zip_write(
        counted(certificates.iterator(chunk_size=200)),
        out,
        base_url=params.get("base_url", ""),
        language=params.get("language", "id"),
    )
    return f"sertifikat-{event.slug}.zip"
