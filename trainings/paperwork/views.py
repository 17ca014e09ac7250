"""The public certificate check and the staff downloads (certificates, badges, invitations).

The public page answers only "valid" or "revoked" with the name, the event and its dates; it is
never cached (a revocation shows at once, and the rate limit counts every lookup), never indexed,
and limited per client address so that codes cannot be tried in bulk.

Staff downloads go through the same scoping as everything else: the event must be in the user's
scope (404 otherwise), and only participants in their scope are printed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.jobs import job_start
from core.ratelimit import rate_limited
from trainings.models import Certificate, TrainingEvent

from . import documents, jobs
from .certificates import certificate_filename, certificate_pdf, certificates_zip_stream
from .drawing import lang_of
from .jobs import ZIP_JOB_THRESHOLD

LOOKUP_SCOPE = "certificate-lookup"


@require_safe
@never_cache
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    if rate_limited(request, scope=LOOKUP_SCOPE, rate=settings.LIBPORTAL_CERTIFICATE_LOOKUP_RATE):
        response = HttpResponse(
            _("Too many certificate lookups from your address. Wait a minute and try again."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    certificate = (
        Certificate.objects.select_related("event", "participant")
        .only(
            "code",
            "revoked_at",
            "event__title",
            "event__start_date",
            "event__end_date",
            "participant__full_name",
        )
        .filter(code=documents.normalise(code))
        .first()
    )
    response = render(
        request,
        "paperwork/certificate_verify.html",
        {"certificate": certificate},
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _language(request: HttpRequest) -> str:
    return lang_of(request.GET.get("language") or translation.get_language() or "id")


def _event(request: HttpRequest, slug: str) -> TrainingEvent:
    return get_object_or_404(
        TrainingEvent.objects.in_scope(request.user).select_related(
            "organiser", "signing_official", "cycle__program"
        ),
        slug=slug,
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@staff_member_required
@require_safe
def event_certificates(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """All of the event's certificates as one ZIP: streamed as it is made, or for a big event
    a background job whose status page offers the file."""
    event = _event(request, slug)
    certificates = documents.certificates_for(event=event, user=request.user)
    if certificates.count() > ZIP_JOB_THRESHOLD:
        job = job_start(
            owner=request.user,
            kind=jobs.KIND,
            params={
                "event": event.slug,
                "language": _language(request),
                "base_url": _base_url(request),
            },
            title=_("Certificates: %(event)s") % {"event": event.title},
        )
        return redirect("jobs:status", job.pk)
    response = StreamingHttpResponse(
        certificates_zip_stream(
            certificates.iterator(chunk_size=200),
            base_url=_base_url(request),
            language=_language(request),
        ),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{event.slug}.zip"'
    return response


@staff_member_required
@require_safe
def participant_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """One participant's certificate (issued now if they meet the threshold and the user may
    issue); 404 when they have none and cannot get one."""
    participant = documents.participant_for(user=request.user, pk=pk)
    certificate = documents.certificate_of(participant=participant, user=request.user)
    if certificate is None:
        raise Http404(_("This participant has no certificate."))
    pdf = certificate_pdf(certificate, base_url=_base_url(request), language=_language(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    return response


@staff_member_required
@require_safe
def event_badges(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    pdf, _count = documents.badges_for(event=event, user=request.user, language=_language(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tanda-pengenal-{event.slug}.pdf"'
    return response


@staff_member_required
@require_safe
def event_invitations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    regency = request.GET.get("regency") or None
    pdf, _count = documents.invitations_for(
        event=event, user=request.user, regency=regency, language=_language(request)
    )
    name = f"undangan-{event.slug}{'-' + regency if regency else ''}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
