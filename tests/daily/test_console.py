"""The console (issue 16): no django-axes banner on every command, and one language per run."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_a_command_prints_no_axes_banner():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "libportal.settings"}
    env.setdefault("DATABASE_URL", "sqlite:////tmp/h8-console.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (None, "Sandi untuk ayu telah diatur."),
        ("id", "Sandi untuk ayu"),
        ("en", "Password set for ayu."),
    ],
)
def test_a_portal_command_speaks_the_language_asked_or_the_sites(tmp_path, language, expected):
    get_user_model().objects.create_user("ayu")
    secret = tmp_path / "pw"
    secret.write_text("Kopi-Bali-2026-pagi\n")
    out = io.StringIO()
    args = ["set_password", "ayu", "--password-file", str(secret)]
    call_command(*args, *(["--language", language] if language else []), stdout=out)
    assert expected in out.getvalue()
