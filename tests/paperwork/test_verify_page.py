"""The public check /sertifikat/<code>/: valid or revoked, name, event, dates, nothing else."""

from __future__ import annotations

import pytest
from django.test import override_settings

from core.system import system_user
from trainings.models import Certificate
from trainings.paperwork.services import certificate_revoke, certificates_issue


@pytest.fixture
def certificate(demo) -> Certificate:
    certificates_issue(event=demo.event, user=system_user())
    return Certificate.objects.select_related("participant__library").order_by("sequence").first()


def test_a_valid_certificate_says_so_with_name_event_and_dates(client, certificate):
    response = client.get(f"/sertifikat/{certificate.code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sah" in text and "Dicabut" not in text
    assert certificate.participant.full_name in text
    assert certificate.event.title in text
    assert "28 Juni 2021" in text and "2 Juli 2021" in text
    assert '<meta name="robots" content="noindex">' in text
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_the_page_shows_no_contact_library_or_health_data(client, certificate):
    participant = certificate.participant
    page = client.get(f"/sertifikat/{certificate.code}/").content.decode()
    text = page[page.index("<main") : page.index("</main>")]  # not the site's privacy footer
    assert participant.phone and participant.phone not in page
    assert participant.email and participant.email not in page
    assert participant.library.name not in text
    assert "antigen" not in text.lower() and "negatif" not in text.lower()


def test_english_page(client, certificate):
    text = client.get(f"/en/sertifikat/{certificate.code}/").content.decode()
    assert "Valid" in text and "28 June 2021" in text


def test_after_revoking_the_page_says_revoked(client, certificate):
    certificate_revoke(certificate=certificate, reason="Nama salah ketik", user=system_user())
    response = client.get(f"/sertifikat/{certificate.code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dicabut" in text
    assert "Nama salah ketik" not in text  # the reason stays with the staff


def test_a_code_typed_in_lower_case_is_found(client, certificate):
    assert client.get(f"/sertifikat/{certificate.code.lower()}/").status_code == 200


def test_an_unknown_code_is_a_plain_404(client, certificate):
    response = client.get("/sertifikat/AAAAAAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Tidak ada sertifikat dengan kode verifikasi ini" in text
    assert certificate.participant.full_name not in text
    assert certificate.event.title not in text


@override_settings(LIBPORTAL_CERTIFICATE_LOOKUP_RATE="30/min")
def test_many_quick_lookups_from_one_address_are_refused(client, certificate):
    codes = [f"UNKNOWN{n:04d}" for n in range(99)] + [certificate.code]
    statuses = [client.get(f"/sertifikat/{code}/").status_code for code in codes]
    assert statuses[:30] == [404] * 30
    assert set(statuses[30:]) == {429}  # even the right code, once over the limit
    response = client.get(f"/sertifikat/{certificate.code}/")
    assert response.status_code == 429
    assert "Terlalu banyak pemeriksaan sertifikat" in response.content.decode()
    # Another address is not affected.
    other = client.get(f"/sertifikat/{certificate.code}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_page_is_not_in_the_sitemap(client, certificate):
    response = client.get("/sitemap.xml")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"sertifikat" not in body


def test_the_page_costs_few_queries(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(f"/sertifikat/{certificate.code}/")


def test_a_cache_outage_lets_lookups_through(client, certificate, caplog):
    """The limit fails open (codes are unguessable anyway); the page never answers 500."""
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=dead):  # Django swaps the cache backends with the setting
        response = client.get(f"/sertifikat/{certificate.code}/")
    assert response.status_code == 200
    assert "not counted: the cache is unavailable" in caplog.text
