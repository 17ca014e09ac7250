"""A job's status page (a progress bar, then the download link), its progress as JSON for the
page's script, and the download. Only the job's owner or a superuser sees any of them; anyone
else gets 404, so job ids reveal nothing. Files are never at a public URL: the download view
reads them through the storage API."""

from __future__ import annotations

import mimetypes

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.storage import is_remote

from .models import Job


def _job_for(request: HttpRequest, pk) -> Job:
    jobs = Job.objects.all()
    if not request.user.is_superuser:
        jobs = jobs.filter(owner=request.user)
    job = jobs.filter(pk=pk).first()
    if job is None or not request.user.is_staff:
        raise Http404
    return job


def _downloadable(job: Job) -> bool:
    return (
        job.status == Job.Status.DONE
        and bool(job.file)
        and (job.expires_at is None or job.expires_at > timezone.now())
    )


def job_state(job: Job) -> dict:
    """What the page's script needs (no parameters, no personal data)."""
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error": job.error,
        "filename": job.filename,
        "download_url": reverse("jobs:download", args=[job.pk]) if _downloadable(job) else None,
    }


@never_cache
@login_required(login_url="admin:login")
def job_status(request: HttpRequest, pk) -> HttpResponse:
    job = _job_for(request, pk)
    return render(
        request,
        "core/jobs/status.html",
        {
            **admin.site.each_context(request),
            "job": job,
            "state": job_state(job),
            "downloadable": _downloadable(job),
            "title": job.title,
        },
    )


@never_cache
@login_required(login_url="admin:login")
def job_progress(request: HttpRequest, pk) -> JsonResponse:
    return JsonResponse(job_state(_job_for(request, pk)))


@never_cache
@login_required(login_url="admin:login")
def job_download(request: HttpRequest, pk) -> HttpResponse:
    job = _job_for(request, pk)
    if not _downloadable(job):
        raise Http404
    storage = job.file.storage
    if is_remote(storage):  # object storage: a short-lived presigned URL, after the owner check
        content_type = mimetypes.guess_type(job.filename)[0] or "application/octet-stream"
        return HttpResponseRedirect(
            storage.signed_url(job.file.name, filename=job.filename, content_type=content_type)
        )
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
