"""Included in libportal/urls.py's i18n_patterns: /sertifikat/<code>/ and /en/sertifikat/<code>/;
the staff downloads follow the page's language too (or ?language=en)."""

from django.urls import path, re_path

from . import views

app_name = "paperwork"

urlpatterns = [
    re_path(
        r"^sertifikat/(?P<code>[A-Za-z0-9-]{1,64})/$",
        views.certificate_verify,
        name="certificate-verify",
    ),
    path(
        "staff/dokumen/bimtek/<slug:slug>/sertifikat.zip",
        views.event_certificates,
        name="event-certificates",
    ),
    path(
        "staff/dokumen/bimtek/<slug:slug>/tanda-pengenal.pdf",
        views.event_badges,
        name="event-badges",
    ),
    path(
        "staff/dokumen/bimtek/<slug:slug>/undangan.pdf",
        views.event_invitations,
        name="event-invitations",
    ),
    path(
        "staff/dokumen/peserta/<int:pk>/sertifikat.pdf",
        views.participant_certificate,
        name="participant-certificate",
    ),
]
