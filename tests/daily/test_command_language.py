"""Every project command speaks one language per run (issue 16, "Console"): `--language` or
the site's default (Indonesian), in what it prints and in the errors it stops with; never half
Indonesian, half English."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

# Phrases each language's run must show, and the other language must not.
INDONESIAN = (
    "Pengguna staf 'ayu' dibuat: cakupan nasional",
    "peran Administrator nasional; data kesehatan tidak",
    "manage.py invite_user ayu --email ALAMAT",
    "manage.py set_password ayu",
    "Pengguna staf 'ayu' diperbarui",
    "data kesehatan ya",
    "tugas kedaluwarsa dihapus",
    "Tidak ada provinsi dengan kode “99”",
    "Muat wilayah terlebih dahulu",
    "--months harus antara 1 dan 600.",
    "Kolom tidak ada (baris 1: nama, alamat)",
    "Pengguna “siapa” tidak dikenal.",
    "Kolom “ktp” tidak dikenal.",
)
ENGLISH = (
    "Created staff user 'ayu': scope national",
    "role National administrator; health data no",
    "manage.py invite_user ayu --email ADDRESS",
    "manage.py set_password ayu",
    "Updated staff user 'ayu'",
    "health data yes",
    "expired job(s) removed",
    "No province has the code “99”",
    "Load the regions first",
    "--months must be between 1 and 600.",
    "Missing columns (row 1: nama, alamat)",
    "Unknown user “siapa”.",
    "Unknown column “ktp”.",
)
SHARED = {"manage.py set_password ayu"}


def _run_all(tmp_path, language_args: list[str]) -> str:
    """A representative run of commands, their output and their errors, as one transcript."""
    out = io.StringIO()
    call_command("grant_scope", "ayu", "--national", *language_args, stdout=out)
    call_command("grant_scope", "ayu", "--national", "--health", *language_args, stdout=out)
    call_command("cleanup_job_files", *language_args, stdout=out)
    bad_file = tmp_path / "iplm.csv"
    bad_file.write_text("nama,alamat\nA,B\n", "utf-8")
    failing = [
        ["grant_scope", "ayu", "--province", "99"],
        ["generate_sample_reports", "--months", "0"],
        ["import_indicators", str(bad_file), "--commit"],
        ["export_participants", "--user", "siapa", "--format", "csv"],
        ["export_participants", "--columns", "name,ktp", "--format", "csv"],
    ]
    for args in failing:
        if args[0] == "export_participants":
            args = [*args, "--output", str(tmp_path / "out.csv")]
        with pytest.raises(CommandError) as raised:
            call_command(*args, *language_args, stdout=out)
        assert raised.value.returncode == 2, args
        out.write(f"{raised.value}\n")
    assert not (tmp_path / "out.csv").exists()
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language_args", "expected", "foreign"),
    [
        ([], INDONESIAN, ENGLISH),
        (["--language", "id"], INDONESIAN, ENGLISH),
        (["--language", "en"], ENGLISH, INDONESIAN),
    ],
    ids=["default", "id", "en"],
)
def test_a_run_is_wholly_in_the_language_asked_or_the_sites(
    tmp_path, language_args, expected, foreign
):
    transcript = _run_all(tmp_path, language_args)
    for phrase in expected:
        assert phrase in transcript, (phrase, transcript)
    for phrase in set(foreign) - SHARED:
        assert phrase not in transcript, (phrase, transcript)
    # The retired advice (Django's interactive changepassword) is gone.
    assert "changepassword" not in transcript


def test_every_project_command_offers_language_once():
    """argparse would refuse a second --language; the exports and paperwork keep their own
    (it picks the file's language), every other command gets the shared one."""
    from django.core.management import get_commands, load_command_class

    project_apps = {"core", "portal", "programs", "trainings", "villages", "monitoring"}
    names = [name for name, app in get_commands().items() if app in project_apps]
    assert len(names) >= 20
    for name in names:
        command = load_command_class(get_commands()[name], name)
        parser = command.create_parser("manage.py", name)
        assert "--language" in parser._option_string_actions, name
        choices = parser._option_string_actions["--language"].choices
        assert set(choices) == {"id", "en"}, name


@pytest.mark.parametrize(
    ("language_args", "message"),
    [
        ([], "CommandError: --months harus antara 1 dan 600."),
        (["--language", "en"], "CommandError: --months must be between 1 and 600."),
    ],
)
def test_an_error_from_the_command_line_is_printed_in_the_runs_language(language_args, message):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "libportal.settings"}
    env.setdefault("DATABASE_URL", "sqlite:////tmp/h11-command-language.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_sample_reports", "--months", "0", *language_args],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""
