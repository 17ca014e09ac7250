"""Security headers, CSP-safe pages, login throttling, session length, production settings."""

from __future__ import annotations

import datetime
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.trainings.factories import ParticipantFactory

ROOT = Path(__file__).resolve().parent.parent
# A <script> that runs inline code (JSON data blocks are not executed, so CSP allows them).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.I)


def _assert_security_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/no-such-page/"])
def test_every_page_sends_the_security_headers(db, client, url):
    _assert_security_headers(client.get(url))


def test_admin_pages_send_the_headers_and_need_no_inline_script_or_style(db, admin_client):
    participant = ParticipantFactory()
    urls = [
        reverse("admin:index"),
        reverse("admin:trainings_participant_changelist"),
        reverse("admin:trainings_participant_change", args=[participant.pk]),
        reverse("admin:trainings_participant_add"),
        reverse("admin:trainings_participant_history", args=[participant.pk]),
        reverse("admin:trainings_trainingevent_change", args=[participant.event_id]),
        reverse("admin:auth_user_changelist"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        _assert_security_headers(response)
        html = response.content.decode()
        assert not INLINE_SCRIPT.findall(html), (url, INLINE_SCRIPT.findall(html))
        assert not INLINE_STYLE.findall(html), (url, INLINE_STYLE.findall(html))


def test_public_home_needs_no_inline_script_or_style(db, client):
    html = client.get("/").content.decode()
    assert not INLINE_SCRIPT.findall(html)
    assert not INLINE_STYLE.findall(html)


def test_failed_logins_lock_the_username_on_that_address(db, client, django_user_model):
    django_user_model.objects.create_user(
        "koordinator", password="Benar-Sekali-2024", is_staff=True
    )
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "koordinator", "password": "salah"})
        assert response.status_code == 200  # the login form again, with its error
    # The last allowed failure locks the account on this address.
    assert client.post(url, {"username": "koordinator", "password": "salah"}).status_code == 429
    locked = client.post(url, {"username": "koordinator", "password": "Benar-Sekali-2024"})
    assert locked.status_code == 429
    # The admin is always in the default language (Indonesian); the page says what happened.
    with translation.override(settings.LANGUAGE_CODE):
        assert gettext("Too many failed logins") in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same user from another address is not locked out.
    elsewhere = client.post(
        url, {"username": "koordinator", "password": "Benar-Sekali-2024"}, REMOTE_ADDR="10.1.2.3"
    )
    assert elsewhere.status_code == 302


def test_the_lockout_message_gives_the_cool_off_in_whole_hours():
    from core.templatetags.core_security import whole_hours

    assert whole_hours(datetime.timedelta(hours=1)) == 1
    assert whole_hours(datetime.timedelta(minutes=90)) == 2
    assert whole_hours(None) == 1


def test_a_staff_session_lasts_one_working_day(db, client, django_user_model):
    django_user_model.objects.create_user(
        "koordinator", password="Benar-Sekali-2024", is_staff=True
    )
    response = client.post(
        reverse("admin:login"), {"username": "koordinator", "password": "Benar-Sekali-2024"}
    )
    assert response.status_code == 302
    assert 8 * 3600 <= client.session.get_expiry_age() <= 10 * 3600


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_plain_http_is_redirected_unless_the_proxy_says_https(db, client):
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def _deploy_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "perpustakaan.example.org",
        },
        **extra,
    )
    return env


def test_production_settings_pass_check_deploy_at_warning_level():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_deploy_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = _deploy_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
