import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from trainings.demo import EVENT_SLUG

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--event", "tidak-ada"], "Unknown event “tidak-ada”"),
        (["--columns", "name,ktp"], "Unknown column “ktp”"),
        (["--user", "siapa"], "Unknown user “siapa”"),
        (["--province", "99"], "Unknown province code “99”"),
        (["--regency", "51.99"], "Unknown regency code “51.99”"),
        (["--cycle", "dua ribu"], "The cycle is a year"),
    ],
)
def test_bad_argument_gives_a_clear_message_and_exit_code_2(db, tmp_path, args, message):
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message) as raised:
        call_command(
            "export_participants",
            *args,
            "--language",
            "en",
            "--format",
            "csv",
            "--output",
            str(target),
        )
    assert raised.value.returncode == 2
    assert not target.exists(), "nothing written on a bad argument"


def test_unknown_format_exits_2_from_the_command_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "export_participants", "--format", "docx", "--output", "-"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "invalid choice: 'docx'" in result.stderr


def test_commands_write_every_format_for_the_demo_event(demo, tmp_path):
    names = {"csv": "csv", "csv-semicolon": "semicolon.csv", "xlsx": "xlsx", "pdf": "pdf"}
    for fmt, name in names.items():
        target = str(tmp_path / f"peserta.{name}")
        call_command(
            "export_participants", "--event", EVENT_SLUG, "--format", fmt, "--output", target
        )
    rows = list(csv.reader(io.StringIO((tmp_path / "peserta.csv").read_text("utf-8-sig"))))
    assert len(rows) == 1 + 30
    assert rows[0][:3] == ["Kegiatan", "Nama", "Jenis Kelamin"]
    semi = (tmp_path / "peserta.semicolon.csv").read_text("utf-8-sig").splitlines()
    assert semi[0].startswith("Kegiatan;Nama;Jenis Kelamin;")
    sheet = openpyxl.load_workbook(tmp_path / "peserta.xlsx").active
    assert sheet.max_row == 31
    pdf = PdfReader(tmp_path / "peserta.pdf")
    assert len(pdf.pages) >= 5


def test_beneficiaries_command_with_the_demo(demo, tmp_path, capsys):
    call_command(
        "export_beneficiaries",
        "--cycle",
        "2021",
        "--province",
        "51",
        "--format",
        "csv",
        "--output",
        "-",
    )
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == 13
    assert ["Perpustakaan Desa Mengwi", "51.03.02.2009"] == rows[
        1 + [r[1] for r in rows[1:]].index("51.03.02.2009")
    ][:2]


def test_command_as_a_regency_coordinator_sees_only_their_regency(demo, tmp_path, make_staff):
    make_staff("badung", level="regency", regency="51.03")
    target = tmp_path / "badung.csv"
    call_command(
        "export_participants", "--user", "badung", "--format", "csv", "--output", str(target)
    )
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert {r[rows[0].index("Kabupaten")] for r in rows[1:]} == {"Kabupaten Badung"}
    assert "No. HP" not in rows[0]  # no contacts permission
