"""The privacy notice: in the public footer, on its own page in both languages, with the
periods in force."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from core.privacy import privacy_notice_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def compiled_catalogues():
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/privasi/",
            [
                "Pemberitahuan privasi",
                "Perpustakaan Nasional Republik Indonesia",
                "3 bulan",
                "3 tahun",
            ],
        ),
        (
            "/en/privasi/",
            ["Privacy notice", "Perpustakaan Nasional Republik Indonesia", "3 months", "3 years"],
        ),
    ],
)
def test_the_privacy_page_says_who_why_how_long_and_whom_to_ask_in_both_languages(
    client, path, expected
):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for text in expected:
        assert text in html, text
    assert "Medan Merdeka Selatan" in html


def test_the_page_follows_the_periods_in_the_settings(client, settings):
    settings.PRIVACY_RETENTION_DAYS = {
        **settings.PRIVACY_RETENTION_DAYS,
        "health_screenings": 60,
        "participant_contacts": 730,
    }
    html = client.get("/en/privasi/").content.decode()
    assert "2 months" in html and "2 years" in html
    assert "3 months" not in html


def test_the_contact_address_appears_when_configured(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privasi@example.go.id"
    assert "mailto:privasi@example.go.id" in client.get("/privasi/").content.decode()


@pytest.mark.parametrize("path", ["/", "/en/", "/bimtek/"])
def test_every_public_page_carries_the_notice_in_its_footer_with_a_link(client, path):
    html = client.get(path).content.decode()
    footer = html.split('<footer class="site-footer')[1]
    assert "privacy-notice" in footer
    assert ('href="/privasi/"' in footer) or ('href="/en/privasi/"' in footer)


def test_the_plain_text_notice_for_files_names_the_controller_and_the_periods():
    with translation.override("id"):
        text = privacy_notice_text()
    assert "Perpustakaan Nasional Republik Indonesia" in text
    assert "3 bulan" in text and "3 tahun" in text


def test_the_import_page_carries_the_notice(client, users):
    client.force_login(users["superuser"])
    response = client.get(reverse("admin:trainings_trainingevent_import_start"))
    assert response.status_code == 200
    assert "privacy-notice" in response.content.decode()
